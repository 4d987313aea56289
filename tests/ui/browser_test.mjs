// The web interface in a real browser (Debian's chromium driven by playwright-core): open the
// logbook, filter it, open a flight, check that the track and the plots are drawn, move the
// cursor (and the marker on the track with it), click an event, open a share preview and write
// the share, the compare and audit pages; no request may leave 127.0.0.1 and the console may log
// no error. A flight whose log carries HTML in its messages shows it as text (in the map's
// tooltips too) and nothing in it loads, navigates or writes a share; Trusted Types refuse a
// string assigned to innerHTML; a page of another origin that knows the token cannot write a
// share. Screenshots of each page are kept in the artifacts folder.
//
//   node browser_test.mjs SKYKEEP_BINARY UI_DIR ARTIFACTS_DIR
// Exit 0: passed; 1: failed; 77: skipped (no chromium or no playwright-core).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const [binary, uiDir, artifacts] = process.argv.slice(2);
const chromiumPath = process.env.SKYKEEP_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromiumPath)) {
  console.log(`skipped: no browser at ${chromiumPath} (apt-get install chromium)`);
  process.exit(77);
}
let chromium;
try {
  ({ chromium } = createRequire(path.resolve(uiDir, "package.json"))("playwright-core"));
} catch {
  console.log(`skipped: playwright-core is not installed in ${uiDir} (npm ci)`);
  process.exit(77);
}
mkdirSync(artifacts, { recursive: true });

const failures = [];
function check(ok, what) {
  if (ok) console.log(`ok   ${what}`);
  else {
    console.log(`FAIL ${what}`);
    failures.push(what);
  }
}

// A ULog with more logged messages: after the first message holding `anchor`, one message per
// text, 4 s apart, at the same level. A ULog is a 16-byte header, then messages of
// {uint16 size, uint8 type, payload}; a logged message ('L') is {level, uint64 time, text}.
function withMessages(buf, anchor, texts) {
  const out = [buf.subarray(0, 16)];
  let off = 16, done = false;
  while (off + 3 <= buf.length) {
    const end = off + 3 + buf.readUInt16LE(off);
    if (end > buf.length) break;
    out.push(buf.subarray(off, end));
    if (!done && buf[off + 2] === 0x4c && buf.subarray(off + 12, end).toString("latin1").includes(anchor)) {
      const level = buf[off + 3], t = buf.readBigUInt64LE(off + 4);
      texts.forEach((text, k) => {
        const body = Buffer.from(text, "utf8");
        const m = Buffer.alloc(12 + body.length);
        m.writeUInt16LE(9 + body.length, 0);
        m[2] = 0x4c;
        m[3] = level;
        m.writeBigUInt64LE(t + BigInt((k + 1) * 4000000), 4);
        body.copy(m, 12);
        out.push(m);
      });
      done = true;
    }
    off = end;
  }
  out.push(buf.subarray(off));
  if (!done) throw new Error(`no logged message holds "${anchor}"`);
  return Buffer.concat(out);
}

// Another origin on this machine: a page of it tries to write a share, and a hostile log tries
// to send the browser to it. Every request it gets but for its own page is counted.
const strays = [];
const sink = createServer((req, res) => {
  if (req.url.startsWith("/attack?")) {
    const target = decodeURIComponent(req.url.slice("/attack?".length));
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<!doctype html><img src="${target}"><script>fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors" })` +
      `.finally(() => { document.title = "sent"; });</script>`);
    return;
  }
  strays.push(req.url);
  res.writeHead(200, { "Content-Type": "text/html" });
  res.end("<!doctype html><title>elsewhere</title>");
});
await new Promise((r) => sink.listen(0, "127.0.0.1", r));
const sinkOrigin = `http://127.0.0.1:${sink.address().port}`;

// The demo's vault, and one more flight whose log's messages are HTML that, were it HTML,
// would write a share (an image), download one (a refresh) and leave for another origin.
const work = mkdtempSync(path.join(tmpdir(), "skykeep-ui-test-"));
const vaultDir = path.join(work, "vault");
const hostileVehicle = "SKY-TEST-HTML9";
const payloads = [
  `<img src="api/flights/1/share?recipient=maintenance">`,
  `<meta http-equiv="refresh" content="0;url=api/flights/1/share?recipient=maintenance&as=gpx">`,
  `<meta http-equiv="refresh" content="1;url=${sinkOrigin}/navigated">`,
];
execFileSync(binary, ["demo", "--vault", vaultDir, "--no-ui"], { stdio: ["ignore", "ignore", "inherit"] });
const hostileLog = path.join(work, "hostile.ulg");
execFileSync(binary, ["synth", "--format", "ulog", "-o", hostileLog, "--seed", "21", "--start", "2026-06-25T08:00:00Z",
  "--vehicle", hostileVehicle], { stdio: ["ignore", "ignore", "inherit"] });
writeFileSync(hostileLog, withMessages(readFileSync(hostileLog), "High wind estimate", payloads));
execFileSync(binary, ["import", hostileLog, "--vault", vaultDir], { stdio: ["ignore", "ignore", "inherit"] });

const server = spawn(binary, ["ui", "--vault", vaultDir, "--port", "0", "--no-open"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((resolve, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error(`no URL from skykeep ui: ${out}`)), 60000);
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/open (http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/)/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on("exit", (code) => reject(new Error(`skykeep ui exited (${code}): ${out}`)));
});
const auditActions = async () =>
  (await (await fetch(url + "api/audit?limit=100000")).json()).entries.map((e) => e.entry.action);
const sharesRecorded = async () => (await auditActions()).filter((a) => a === "share").length;
const origin = new URL(url).origin;
console.log(`serving ${origin}/<token>/`);

// A wrong or missing token: 403 everywhere.
for (const p of ["/", "/index.html", "/api/flights", `/${"0".repeat(32)}/`, `/${"0".repeat(32)}/api/flights`,
  new URL(url).pathname.slice(0, -2) + "/api/audit"]) {
  const res = await fetch(origin + p);
  check(res.status === 403, `${p} without the token: ${res.status}`);
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-features=Translate,OptimizationHints,MediaRouter"],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const requests = [], errors = [], downloads = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("download", (d) => downloads.push(d.suggestedFilename()));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const ready = (name) => page.waitForSelector(`#app[data-page="${name}"][data-ready="true"]`, { timeout: 30000 });
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  // Logbook.
  await page.goto(url);
  await ready("logbook");
  const rows = page.locator('[data-testid="flights"] tbody tr');
  await rows.first().waitFor();
  const all = await rows.count();
  check(all === 8, `logbook lists the demo's 7 flights and the hostile log's (${all})`);
  check(await page.locator('[data-testid="totals-vehicle"] tbody tr').count() >= 3, "totals per vehicle");
  check(await page.locator('[data-testid="totals-month"] tbody tr').count() === 2, "totals per month (May and June)");
  await shot("logbook");

  // Filter by vehicle, then by words.
  const quad = await page.locator('select[name="vehicle"] option', { hasText: "SKY-QUAD-0001" }).getAttribute("value");
  await page.selectOption('select[name="vehicle"]', quad);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="flights"] tbody tr').length === 4, null, { timeout: 10000 });
  const vehicles = await rows.locator("td:nth-child(4)").allTextContents();
  check(vehicles.length === 4 && vehicles.every((v) => v.startsWith("SKY-QUAD-0001")), `vehicle filter keeps that vehicle's 4 flights`);
  await page.fill('input[name="text"]', "survey-2");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="flights"] tbody tr').length === 1, null, { timeout: 10000 });
  check(true, "search for a file name leaves its one flight");
  await shot("logbook-filtered");
  // Sort by duration, both ways.
  await page.fill('input[name="text"]', "");
  // Trusted Types: a string assigned to innerHTML is refused.
  const assigned = await page.evaluate(() => {
    try {
      document.createElement("div").innerHTML = "<b>text from a log</b>";
      return "assigned";
    } catch {
      return "refused";
    }
  });
  check(assigned === "refused", `Trusted Types refuse a string assigned to innerHTML (${assigned})`);
  await page.selectOption('select[name="vehicle"]', "");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="flights"] tbody tr').length === 8);
  await page.click('th[data-sort="duration"]');
  const order = await page.locator('[data-testid="flights"] tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.flight)));
  const byDuration = await page.evaluate(async () =>
    (await (await fetch("api/flights")).json()).flights.sort((a, b) => a.duration_s - b.duration_s).map((f) => f.id));
  check(JSON.stringify(order) === JSON.stringify(byDuration), `sorting by duration orders the flights shortest first (${order.join(", ")})`);

  // A flight: map with its track, plots, cursor.
  const id = await rows.first().getAttribute("data-flight");
  await rows.first().click();
  await page.waitForURL(/#\/flight\//);
  await ready("flight");
  const trackPaths = await page.locator('[data-testid="map"] path.track').count();
  check(trackPaths > 0, `the track is drawn on the map (${trackPaths} runs of colour)`);
  const points = Number(await page.getAttribute('[data-testid="map"]', "data-points"));
  check(points > 100 && points <= 2001, `the track has ${points} points`);
  const plots = page.locator('[data-testid="plots"] .plot');
  check(await plots.count() === 4, `four default plots (${await plots.count()})`);
  // Each plot's canvas has drawn lines (non-background pixels in its plotting area).
  const inked = await page.$$eval('[data-testid="plots"] .plot canvas', (canvases) => canvases.map((c) => {
    const ctx = c.getContext("2d");
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }));
  check(inked.length === 4 && inked.every((n) => n > 500), `every plot is drawn (${inked.join(", ")} inked pixels)`);
  const over = page.locator('[data-testid="plots"] .plot .u-over').first();
  const box = await over.boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.waitForSelector('[data-testid="map"][data-cursor]');
  const at1 = await page.getAttribute('[data-testid="map"]', "data-cursor");
  const t1 = Number(await page.getAttribute('[data-testid="cursor-time"]', "data-t"));
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
  await page.waitForFunction((a) => document.querySelector('[data-testid="map"]').dataset.cursor !== a, at1);
  const at2 = await page.getAttribute('[data-testid="map"]', "data-cursor");
  const t2 = Number(await page.getAttribute('[data-testid="cursor-time"]', "data-t"));
  check(t2 > t1 && at1 !== at2, `moving the cursor moves the track marker (${t1.toFixed(1)} s ${at1} -> ${t2.toFixed(1)} s ${at2})`);
  check(await page.locator('[data-testid="map"] path.cursor-marker').count() === 1, "the cursor marker is on the map");
  // The cursor is shared: every plot's cursor line sits at the same x.
  const cursorT = await page.$$eval('[data-testid="plots"] .u-legend .u-series:first-child .u-value', (xs) => xs.map((x) => x.textContent));
  check(cursorT.length === 4 && new Set(cursorT).size === 1 && cursorT[0] !== "–", `one cursor across plots (all at ${cursorT[0]})`);
  check(await page.locator('[data-testid="map"] path.event-pin').count() > 0, "events are pinned on the map");
  // An event moves the cursor to its time.
  const event = page.locator('[data-testid="timeline"] li[data-kind="takeoff"]');
  const te = Number(await event.getAttribute("data-t"));
  await event.click();
  await page.waitForFunction((t) => Math.abs(Number(document.querySelector('[data-testid="cursor-time"]').dataset.t) - t) < 1, te);
  check(true, `clicking the takeoff event puts the cursor at ${te.toFixed(1)} s`);
  // Zoom: a wheel over the plot asks the server for the narrower range.
  const before = await page.getAttribute('[data-testid="plots"]', "data-range");
  const duration = await page.evaluate(async (f) => (await (await fetch(`api/flights/${f}`)).json()).flight.duration_s, id);
  await over.scrollIntoViewIfNeeded();
  const box2 = await over.boundingBox();
  await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction((b) => {
    const r = document.querySelector('[data-testid="plots"]').dataset.range;
    return r !== undefined && r !== b;
  }, before, { timeout: 10000 });
  const range = (await page.getAttribute('[data-testid="plots"]', "data-range")).split("-").map(Number);
  check(range[1] > range[0] && range[1] - range[0] < 0.9 * duration, `the wheel zooms in to ${range.join(" to ")} s of ${duration.toFixed(1)} s, fetched again`);
  // Parameters against the previous flight, and messages.
  await page.waitForSelector('[data-testid="params"] table');
  check(await page.locator('[data-testid="params"]').textContent().then((t) => /parameters/.test(t)), "parameters shown");
  check(await page.locator('[data-testid="messages"] tbody tr').count() > 0, "text messages shown");
  // Any topic and field: decode the original and add a plot.
  await page.focus('select[aria-label="topic"]');
  await page.waitForFunction(() => document.querySelectorAll('select[aria-label="topic"] option').length > 3, null, { timeout: 20000 });
  const topicValue = await page.locator('select[aria-label="topic"] option').nth(1).getAttribute("value");
  await page.selectOption('select[aria-label="topic"]', topicValue);
  await page.click('button:has-text("Add plot")');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="plots"] .plot').length === 5, null, { timeout: 20000 });
  check(true, "a picked topic's field is plotted");
  await shot("flight");

  // The hostile log's flight: its messages are text in the timeline, the messages and the map's
  // tooltips, and nothing in them loads, navigates or writes anything.
  const hostile = await page.evaluate(async (v) =>
    (await (await fetch(`api/flights?vehicle=${v}`)).json()).flights[0].id, hostileVehicle);
  await page.goto(`${url}#/flight/${hostile}`);
  await ready("flight");
  const flightPage = page.url();
  const pins = page.locator('[data-testid="map"] path.event-pin');
  const tooltips = [];
  for (let i = 0; i < await pins.count(); i++) {
    await pins.nth(i).dispatchEvent("mouseover");
    tooltips.push(await page.locator(".leaflet-tooltip").last().textContent({ timeout: 5000 }));
    await pins.nth(i).dispatchEvent("mouseout");
  }
  for (const p of payloads)
    check(tooltips.includes(`autopilot message: ${p}`), `the tooltip shows ${p.slice(0, 40)}… as text`);
  check(await page.locator(".leaflet-tooltip img, .leaflet-tooltip meta, #app img, #app meta").count() === 0,
    "no element was made of a message");
  const timelineText = await page.locator('[data-testid="timeline"]').textContent();
  const messagesText = await page.locator('[data-testid="messages"]').textContent();
  check(payloads.every((p) => timelineText.includes(p) && messagesText.includes(p)),
    "the timeline and the messages show them as text");
  await page.waitForTimeout(2500);  // a refresh of 0 or 1 s would have happened by now
  check(page.url() === flightPage, `the page stayed where it was (${page.url()})`);
  check(strays.length === 0, `no request reached another origin (${strays.join(", ")})`);
  check(downloads.length === 0, `nothing was downloaded (${downloads.join(", ")})`);
  check(await sharesRecorded() === 0, "no share was recorded");
  await shot("flight-hostile");

  // Share preview, of the longest flight (a short one near home may leave no track at all).
  const longest = await page.evaluate(async () =>
    (await (await fetch("api/flights")).json()).flights.sort((a, b) => b.duration_s - a.duration_s)[0].id);
  await page.goto(`${url}#/share/${longest}?to=maintenance`);
  await ready("share");
  await page.waitForSelector('[data-testid="manifest"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="share-map"] path.track', { state: "attached", timeout: 10000 });
  const manifest = await page.locator('[data-testid="manifest"]').textContent();
  check(/What maintenance would receive/.test(manifest) && /positions/.test(manifest), "share preview shows the manifest");
  check(Number(await page.getAttribute('[data-testid="share-map"]', "data-points")) > 10, "and the redacted track");
  await shot("share");
  // Writing the share: a POST from the page, saved by the browser, recorded once.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="write-share"]')]);
  const saved = download.suggestedFilename();
  check(new RegExp(`^flight-${longest}-maintenance\\.(ulg|bin|tlog)$`).test(saved), `the share is saved as ${saved}`);
  check((await download.path()) !== null, "and its bytes arrive");
  await page.waitForSelector('[data-testid="share-written"]:has-text("written")');
  check(await sharesRecorded() === 1, "the written share is recorded");

  // A page of another origin that knows the token: its image (a GET) and its POST write nothing.
  const attacker = await context.newPage();
  const target = `${url}api/flights/${longest}/share?recipient=maintenance`;
  await attacker.goto(`${sinkOrigin}/attack?${encodeURIComponent(target)}`);
  await attacker.waitForFunction(() => document.title === "sent", null, { timeout: 10000 });
  await attacker.close();
  check(await sharesRecorded() === 1, "a page of another origin wrote no share");

  // Compare.
  const ids = await page.evaluate(async () => (await (await fetch("api/flights")).json()).flights.map((f) => f.id));
  await page.goto(`${url}#/compare?a=${ids[0]}&b=${ids[1]}`);
  await ready("compare");
  await page.waitForSelector('[data-testid="compare"]');
  await page.waitForSelector(".plot canvas");
  const legends = await page.locator(".plot .u-legend").evaluateAll((ls) => ls.map((l) => l.querySelectorAll(".u-series").length));
  check(legends.length === 2 && legends.every((n) => n === 3), `compare overlays both flights in each chosen series (${legends.join(", ")} legend rows)`);
  await shot("compare");

  // Audit.
  await page.goto(`${url}#/audit`);
  await ready("audit");
  const state = await page.locator('[data-testid="audit-state"]').textContent();
  check(/Verified/.test(state), `audit: ${state}`);
  await page.locator('[data-testid="audit-entries"] tbody tr').first().click();
  const detail = await page.locator('[data-testid="audit-detail"]').textContent();
  check(/"action"/.test(detail), "an audit entry's details");
  const actions = await page.locator('[data-testid="audit-entries"] tbody td:nth-child(3)').allTextContents();
  check(actions.includes("preview") && actions.includes("read") && actions.includes("share"),
    "the share preview, the share and the reads are on the audit record");
  await shot("audit");

  const foreign = requests.filter((r) => !r.startsWith(origin + "/") && !r.startsWith("data:") && !r.startsWith("blob:"));
  check(foreign.length === 0, `no request left ${origin} (${requests.length} requests${foreign.length ? ": " + foreign.join(", ") : ""})`);
  check(errors.length === 0, `no console error${errors.length ? ": " + errors.join(" | ") : ""}`);
} catch (e) {
  failures.push(String(e));
  console.log(`FAIL ${e.stack ?? e}`);
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.on("exit", r));
  sink.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(failures.length ? `${failures.length} failed; screenshots in ${artifacts}` : `passed; screenshots in ${artifacts}`);
process.exit(failures.length ? 1 : 0);
