// The logbook: every flight, with search, filters and sort, and totals (flights, hours,
// distance) per vehicle and per month of the flights listed.
import { get, type FlightRow, type Stats } from "./api";
import { duration, el, errorBox, num, utc } from "./util";

type SortKey = "start" | "duration" | "distance" | "altitude" | "vehicle" | "warnings";

const columns: { key: SortKey; label: string; value: (f: FlightRow) => number | string }[] = [
  { key: "start", label: "Start (UTC)", value: (f) => f.start_utc ?? "" },
  { key: "vehicle", label: "Vehicle", value: (f) => f.vehicle.uid },
  { key: "duration", label: "Duration", value: (f) => f.duration_s },
  { key: "distance", label: "Distance", value: (f) => f.distance_m ?? -1 },
  { key: "altitude", label: "Max alt", value: (f) => f.max_altitude_m ?? -1 },
  { key: "warnings", label: "Events", value: (f) => f.warnings },
];

function totals(rows: FlightRow[], key: (f: FlightRow) => string) {
  const m = new Map<string, { flights: number; hours: number; km: number }>();
  for (const f of rows) {
    const k = key(f);
    const t = m.get(k) ?? { flights: 0, hours: 0, km: 0 };
    t.flights += 1;
    t.hours += f.duration_s / 3600;
    t.km += (f.distance_m ?? 0) / 1000;
    m.set(k, t);
  }
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

function totalsTable(title: string, rows: [string, { flights: number; hours: number; km: number }][], testid: string) {
  return el("section", { class: "totals", "data-testid": testid },
    el("h3", {}, title),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, "Flights"), el("th", {}, "Hours"), el("th", {}, "Distance"))),
      el("tbody", {}, ...rows.map(([k, t]) => el("tr", {},
        el("td", {}, k), el("td", { class: "n" }, String(t.flights)), el("td", { class: "n" }, t.hours.toFixed(2)),
        el("td", { class: "n" }, `${t.km.toFixed(2)} km`))))));
}

export async function renderLogbook(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const stats = await get<Stats>("stats");
  const text = el("input", { type: "search", name: "text", placeholder: "Search messages, file names, vehicles", value: params.get("text") ?? "" });
  const vehicle = el("select", { name: "vehicle" }, el("option", { value: "" }, "All vehicles"),
    ...stats.vehicles.map((v) => el("option", { value: v.uid }, `${v.uid} (${v.flights})`)));
  vehicle.value = params.get("vehicle") ?? "";
  const event = el("select", { name: "event" }, el("option", { value: "" }, "Any events"),
    ...stats.event_kinds.map((k) => el("option", { value: k }, k.replace(/_/g, " "))));
  event.value = params.get("event") ?? "";
  const since = el("input", { type: "date", name: "since", value: params.get("since") ?? "" });
  const until = el("input", { type: "date", name: "until", value: params.get("until") ?? "" });
  const minDur = el("input", { type: "number", name: "min_duration_s", min: "0", step: "10", placeholder: "min s", value: params.get("min_duration_s") ?? "" });
  const form = el("form", { class: "filters", role: "search" },
    text, vehicle, event, el("label", {}, "from ", since), el("label", {}, "to ", until),
    el("label", {}, "at least ", minDur, " s"));
  const compare = el("button", { type: "button", disabled: "" }, "Compare selected");
  const summary = el("p", { class: "muted", "data-testid": "logbook-count" });
  const table = el("table", { class: "flights", "data-testid": "flights" });
  const side = el("div", { class: "side" });
  root.append(el("h1", {}, "Logbook"), form,
    el("div", { class: "logbook" }, el("div", {}, el("div", { class: "row" }, summary, compare), table), side));

  let rows: FlightRow[] = [];
  let sort: SortKey = (params.get("sort") as SortKey) ?? "start";
  let desc = params.get("order") !== "asc";
  const picked = new Set<number>();

  compare.addEventListener("click", () => {
    const [a, b] = [...picked];
    location.hash = `#/compare?a=${a}&b=${b}`;
  });

  function draw() {
    const col = columns.find((c) => c.key === sort) ?? columns[0];
    const sorted = [...rows].sort((x, y) => {
      const a = col.value(x), b = col.value(y);
      const c = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
      return desc ? -c : c;
    });
    const head = el("tr", {}, el("th", {}, ""), el("th", {}, "#"),
      ...columns.map((c) => {
        const th = el("th", { class: "sortable", "data-sort": c.key, "aria-sort": c.key === sort ? (desc ? "descending" : "ascending") : "none" },
          c.label + (c.key === sort ? (desc ? " ▼" : " ▲") : ""));
        th.addEventListener("click", () => {
          if (sort === c.key) desc = !desc; else { sort = c.key; desc = c.key === "start"; }
          draw();
        });
        return th;
      }));
    const body = el("tbody", {}, ...sorted.map((f) => {
      const box = el("input", { type: "checkbox", "aria-label": `select flight ${f.id}` });
      box.checked = picked.has(f.id);
      box.addEventListener("click", (e) => {
        e.stopPropagation();
        if (box.checked) picked.add(f.id); else picked.delete(f.id);
        while (picked.size > 2) picked.delete([...picked][0]);
        compare.toggleAttribute("disabled", picked.size !== 2);
        draw();
      });
      const link = el("a", { href: `#/flight/${f.id}` }, String(f.id));
      const tr = el("tr", { "data-flight": String(f.id) },
        el("td", {}, box), el("td", {}, link), el("td", {}, utc(f.start_utc)),
        el("td", { title: f.vehicle.uid }, `${f.vehicle.uid}${f.vehicle.type ? " · " + f.vehicle.type : ""}`),
        el("td", { class: "n" }, duration(f.duration_s)),
        el("td", { class: "n" }, f.distance_m === null ? "–" : `${(f.distance_m / 1000).toFixed(2)} km`),
        el("td", { class: "n" }, num(f.max_altitude_m, 0, "m")),
        el("td", {}, f.warnings ? el("span", { class: "badge warn" }, `${f.warnings} warning${f.warnings > 1 ? "s" : ""}`) : "",
          " ", f.event_kinds.filter((k) => !["armed", "disarmed", "takeoff", "landing", "mode_change"].includes(k)).join(", ")));
      tr.addEventListener("click", () => { location.hash = `#/flight/${f.id}`; });
      return tr;
    }));
    table.replaceChildren(el("thead", {}, head), body);
    const hours = rows.reduce((s, f) => s + f.duration_s, 0) / 3600;
    const km = rows.reduce((s, f) => s + (f.distance_m ?? 0), 0) / 1000;
    summary.textContent = `${rows.length} flight${rows.length === 1 ? "" : "s"} · ${hours.toFixed(2)} h · ${km.toFixed(2)} km`;
    side.replaceChildren(
      totalsTable("Per vehicle", totals(rows, (f) => f.vehicle.uid), "totals-vehicle"),
      totalsTable("Per month", totals(rows, (f) => (f.start_utc ? f.start_utc.slice(0, 7) : "unknown")), "totals-month"),
      el("p", { class: "muted" }, `Whole vault: ${stats.total.flights} flights, ${stats.total.hours.toFixed(2)} h, ${stats.total.distance_km.toFixed(2)} km`));
  }

  let seq = 0;
  async function load() {
    const q: Record<string, string> = {};
    for (const input of [text, vehicle, event, since, until, minDur]) if (input.value) q[input.name] = input.value;
    history.replaceState(null, "", `#/?${new URLSearchParams(q)}`);
    const mine = ++seq;
    try {
      const reply = await get<{ flights: FlightRow[]; more: boolean }>("flights", q);
      if (mine !== seq) return;
      rows = reply.flights;
      table.parentElement!.querySelector(".error")?.remove();
      draw();
    } catch (e) {
      table.replaceChildren();
      table.before(errorBox((e as Error).message));
    }
  }
  let timer = 0;
  form.addEventListener("input", () => { clearTimeout(timer); timer = window.setTimeout(() => void load(), 250); });
  form.addEventListener("submit", (e) => { e.preventDefault(); void load(); });
  await load();
}
