// Share: pick a flight and a recipient, and see what the policy would let leave (the egress
// manifest) and the track as the recipient would read it, before anything is written. The
// preview is on the audit record; writing the share is a separate, explicit step: a POST, whose
// answer the browser saves to its downloads.
import { get, post, type FlightRow, type Manifest, type Recipients, type SharePreview } from "./api";
import { createMap, drawTrack, fitTrack } from "./map";
import { el, errorBox, onLeave, utc } from "./util";

function manifestView(m: Manifest): HTMLElement {
  const levels = el("table", { class: "levels" },
    el("tbody", {}, ...Object.entries(m.levels).map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", { class: `level-${v}` }, v)))));
  const topics = el("table", { class: "manifest-topics", "data-testid": "manifest-topics" },
    el("thead", {}, el("tr", {}, el("th", {}, "Topic"), el("th", {}, "Records"), el("th", {}, "Fields (class: treatment)"))),
    el("tbody", {}, ...m.topics.map((t) => el("tr", {},
      el("td", {}, `${t.name}${t.instance ? "/" + t.instance : ""}`), el("td", { class: "n" }, String(t.records)),
      el("td", { class: "fields" }, t.fields.map((f) => `${f.name} (${f.class}: ${f.treatment})`).join(", "))))));
  const removed = el("ul", { class: "removed" }, ...m.removed.map((r) => el("li", {}, `${r.what}: ${r.count} (${r.rule})`)));
  return el("div", { class: "manifest", "data-testid": "manifest" },
    el("h3", {}, `What ${m.recipient} would receive`),
    levels,
    el("p", {}, `${m.positions} positions, ${m.texts} text messages, ${m.parameters} parameters, ${m.bytes} bytes` +
      (m.sha256 ? ` (SHA-256 ${m.sha256.slice(0, 16)}…)` : "")),
    m.removed.length ? el("div", {}, el("h4", {}, "Removed"), removed) : el("p", {}, "Nothing removed."),
    m.summary_only ? el("p", {}, "Summary only: the recipient gets the flight's summary and nothing of the log.") : topics);
}

export async function renderShare(root: HTMLElement, flight: number | undefined, params: URLSearchParams): Promise<void> {
  const [list, rec] = await Promise.all([get<{ flights: FlightRow[] }>("flights", { limit: 1000 }), get<Recipients>("recipients")]);
  const flightSel = el("select", { name: "flight" }, el("option", { value: "" }, "Choose a flight…"),
    ...list.flights.map((f) => el("option", { value: String(f.id) }, `${f.id} · ${utc(f.start_utc)} · ${f.vehicle.uid}`)));
  flightSel.value = flight ? String(flight) : "";
  const recSel = el("select", { name: "recipient" }, el("option", { value: "" }, "Choose a recipient…"),
    ...rec.recipients.map((r) => el("option", { value: r.name }, r.name)));
  recSel.value = params.get("to") ?? "";
  const preview = el("button", { type: "button" }, "Preview");
  const out = el("div", { class: "share-out" });
  root.append(el("h1", {}, "Share a flight"),
    el("p", { class: "muted" }, "Nothing leaves until you write it: the preview shows exactly what the policy lets this recipient have."),
    el("div", { class: "row" }, flightSel, recSel, preview), out);
  if (!rec.recipients.length) out.append(el("p", {}, "The policy names no recipient, so nothing may leave. Set one with skykeep policy edit."));
  let map: ReturnType<typeof createMap> | null = null;
  onLeave(() => map?.remove());
  preview.addEventListener("click", async () => {
    if (!flightSel.value || !recSel.value) return;
    history.replaceState(null, "", `#/share/${flightSel.value}?to=${encodeURIComponent(recSel.value)}`);
    out.replaceChildren(el("p", { class: "muted" }, "redacting…"));
    map?.remove();
    map = null;
    try {
      const p = await get<SharePreview>(`flights/${flightSel.value}/share-preview`, { recipient: recSel.value });
      const mapBox = el("div", { class: "map", "data-testid": "share-map" });
      const write = el("button", { type: "button", "data-testid": "write-share" }, `Write the share (${p.extension})`);
      const written = el("span", { class: "muted", "data-testid": "share-written" });
      const [flightId, recipient] = [flightSel.value, recSel.value];
      write.addEventListener("click", async () => {
        write.disabled = true;
        try {
          const res = await post(`flights/${flightId}/share`, { recipient });
          const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? `flight-${flightId}${p.extension}`;
          const url = URL.createObjectURL(await res.blob());
          const a = el("a", { href: url, download: name });
          a.click();
          setTimeout(() => URL.revokeObjectURL(url), 10000);
          written.textContent = ` written: ${name} (recorded on the audit log)`;
        } catch (e) {
          written.replaceChildren(errorBox((e as Error).message));
        } finally {
          write.disabled = false;
        }
      });
      out.replaceChildren(el("div", { class: "share-grid" }, manifestView(p.manifest),
        el("div", {}, el("h3", {}, p.track ? `The track as ${p.recipient} would see it (${p.track.lat.length} points)` : "No track leaves"), mapBox)),
        el("p", {}, write, el("span", { class: "muted" }, " writes the file to your downloads and records the share; or run ",
          el("code", {}, `skykeep share ${flightSel.value} --to ${recSel.value}`)), written));
      mapBox.dataset.points = String(p.track?.lat.length ?? 0);
      map = createMap(mapBox);
      if (p.track && p.track.lat.length) {
        drawTrack(map, p.track, "alt");
        fitTrack(map, p.track);
      }
    } catch (e) {
      out.replaceChildren(errorBox((e as Error).message));
    }
  });
  if (flightSel.value && recSel.value) preview.click();
}
