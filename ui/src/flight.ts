// One flight: its summary, the track on the map (coloured by altitude or speed, takeoff and
// landing marked, events pinned), plots with one shared cursor that also moves a marker along
// the track, the event timeline, parameters compared with the vehicle's previous flight, and the
// autopilot's text messages.
import type * as L from "leaflet";
import { get, type FlightDetail, type FlightEvent, type Params, type Topics } from "./api";
import { createMap, cursorMarker, drawTrack, endpoint, fitTrack, legend, pinEvents, positionAt, type ColourBy } from "./map";
import { clock, fetchSeries, PlotGroup, type PlotSpec } from "./plots";
import { duration, el, num, onLeave, utc } from "./util";

const defaultPlots: PlotSpec[] = [
  { title: "Altitude", names: ["alt_rel"] },
  { title: "Speeds", names: ["hspeed", "climb", "sink"] },
  { title: "Battery", names: ["voltage", "current", "remaining"] },
  { title: "Attitude", names: ["roll", "pitch", "yaw"] },
];

const severityColour = { info: "#3a6ea5", warning: "#d98a00", critical: "#b3261e" } as const;

function card(label: string, value: string): HTMLElement {
  return el("div", { class: "card" }, el("span", { class: "label" }, label), el("span", { class: "value" }, value));
}

export async function renderFlight(root: HTMLElement, id: number): Promise<void> {
  const d = await get<FlightDetail>(`flights/${id}`);
  const f = d.flight;
  root.append(
    el("div", { class: "row" },
      el("h1", {}, `Flight ${f.id}`),
      el("span", { class: "muted" }, `${utc(f.start_utc)} · flight ${f.log.flight} of ${f.log.name} (${f.log.format})`),
      el("a", { class: "button", href: `#/share/${f.id}` }, "Share…"),
      el("a", { class: "button", href: `#/compare?a=${f.id}` }, "Compare…")),
    el("div", { class: "cards" },
      card("Vehicle", `${f.vehicle.uid}${f.vehicle.type ? " · " + f.vehicle.type : ""}`),
      card("Autopilot", `${f.vehicle.autopilot} ${f.vehicle.firmware}`.trim() || "–"),
      card("Duration", duration(f.duration_s) + (f.ended_armed ? " (log ends armed)" : "")),
      card("Distance", f.distance_m === null ? "–" : `${(f.distance_m / 1000).toFixed(2)} km`),
      card("Max altitude", num(f.max_altitude_m, 1, "m")),
      card("Max speed", `${num(f.max_hspeed_mps, 1, "m/s")} h · ${num(f.max_vspeed_mps, 1, "m/s")} v`),
      card("Battery", `${num(f.battery.start_pct, 0, "%")} → ${num(f.battery.end_pct, 0, "%")}, min ${num(f.battery.min_voltage_v, 2, "V")}`),
      card("Modes", f.modes.join(", ") || "–")),
  );
  if (d.log_corrupt) root.append(el("p", { class: "warn" }, "This log was read with recovered corruption."));

  // Map and timeline.
  const mapBox = el("div", { class: "map", "data-testid": "map" });
  const colourBy = el("select", { "aria-label": "colour the track by" },
    el("option", { value: "alt" }, "Colour: altitude"), el("option", { value: "speed" }, "Colour: speed"));
  const legendBox = el("span", {});
  const timeline = el("ol", { class: "timeline", "data-testid": "timeline" });
  const cursorText = el("span", { class: "cursor-time", "data-testid": "cursor-time" }, "");
  root.append(el("div", { class: "flight-top" },
    el("div", {}, el("div", { class: "row" }, colourBy, legendBox, cursorText), mapBox),
    el("div", { class: "events" }, el("h2", {}, `Events (${d.events.length})`), timeline)));

  const map = createMap(mapBox);
  const trackLayer = drawTrack(map, d.track, "alt");
  legendBox.replaceChildren(legend(trackLayer.min, trackLayer.max, "m"));
  colourBy.addEventListener("change", () => {
    const by = colourBy.value as ColourBy;
    const r = drawTrack(map, d.track, by, trackLayer.layer);
    legendBox.replaceChildren(legend(r.min, r.max, by === "alt" ? "m" : "m/s"));
    mapBox.dataset.colour = by;
  });
  mapBox.dataset.colour = "alt";
  mapBox.dataset.points = String(d.track.lat.length);
  endpoint(map, f.takeoff, "takeoff", "#2ca02c");
  endpoint(map, f.landing, "landing", "#b3261e");
  fitTrack(map, d.track);
  const marker: L.CircleMarker = cursorMarker();

  const plotsBox = el("div", { class: "plots", "data-testid": "plots" });
  const group = new PlotGroup(plotsBox, f.duration_s,
    (names, from, to, width) => fetchSeries(id, names, from, to, width),
    (t) => {
      if (t === null) return;
      const p = positionAt(d.track, t);
      cursorText.textContent = `cursor ${clock(t)}`;
      cursorText.dataset.t = t.toFixed(2);
      if (p) {
        marker.setLatLng(p);
        if (!map.hasLayer(marker)) marker.addTo(map);
        mapBox.dataset.cursor = `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
      }
    });
  group.setMarks(d.events.filter((e) => e.severity !== "info").map((e) => ({ t: e.since_start_s, colour: severityColour[e.severity] })));

  const select = (e: FlightEvent, li?: HTMLElement) => {
    timeline.querySelectorAll("li").forEach((x) => x.classList.remove("selected"));
    li?.classList.add("selected");
    group.setCursor(e.since_start_s);
  };
  pinEvents(map, d.track, d.events, (e) => select(e, timeline.querySelector<HTMLElement>(`li[data-t="${e.since_start_s}"]`) ?? undefined));
  for (const e of d.events) {
    const values = Object.entries(e.evidence.values).map(([k, v]) => `${k}=${Number(v.toPrecision(5))}`).join(", ");
    const li = el("li", { class: `sev-${e.severity}`, "data-t": String(e.since_start_s), "data-kind": e.kind, tabindex: "0" },
      el("span", { class: "when" }, clock(e.since_start_s)),
      el("span", { class: "kind" }, e.kind.replace(/_/g, " ")),
      el("span", { class: "msg" }, e.message),
      e.evidence.topic ? el("span", { class: "evidence" }, `${e.evidence.topic}${values ? ": " + values : ""}`) : null);
    li.addEventListener("click", () => select(e, li));
    li.addEventListener("keydown", (k) => { if (k.key === "Enter") select(e, li); });
    timeline.append(li);
  }

  // Plots, and the picker for any topic and field of the original log.
  const topicSel = el("select", { "aria-label": "topic" }, el("option", { value: "" }, "Load topics…"));
  const fieldSel = el("select", { "aria-label": "field", disabled: "" });
  const addBtn = el("button", { type: "button", disabled: "" }, "Add plot");
  const pickerNote = el("span", { class: "muted" });
  root.append(el("h2", {}, "Plots"),
    el("p", { class: "muted" }, "Drag to zoom, wheel to zoom, shift+wheel to pan, double-click for the whole flight."),
    el("div", { class: "row picker" }, topicSel, fieldSel, addBtn, pickerNote), plotsBox);
  let topics: Topics["topics"] = [];
  topicSel.addEventListener("focus", async () => {
    if (topics.length) return;
    pickerNote.textContent = "decoding the original log…";
    topics = (await get<Topics>(`flights/${id}/topics`)).topics;
    pickerNote.textContent = `${topics.length} topics`;
    topicSel.replaceChildren(el("option", { value: "" }, "Topic…"),
      ...topics.map((t, i) => el("option", { value: String(i) }, `${t.topic}${t.instance ? "/" + t.instance : ""} (${t.rows})`)));
  }, { once: false });
  topicSel.addEventListener("change", () => {
    const t = topics[Number(topicSel.value)];
    fieldSel.replaceChildren(...(t ? t.fields.map((fl) => el("option", { value: fl.name }, `${fl.name}${fl.unit ? " (" + fl.unit + ")" : ""}`)) : []));
    fieldSel.toggleAttribute("disabled", !t);
    addBtn.toggleAttribute("disabled", !t);
  });
  addBtn.addEventListener("click", () => {
    const t = topics[Number(topicSel.value)];
    if (!t) return;
    void group.add({ title: `${t.topic}/${t.instance} ${fieldSel.value}`, names: [`${t.topic}/${t.instance}/${fieldSel.value}`] });
  });

  const available = new Set(d.channels.map((c) => c.name));
  for (const spec of defaultPlots) {
    const names = spec.names.filter((n) => available.has(n));
    if (names.length) await group.add({ title: spec.title, names });
  }
  const onResize = () => group.resize();
  window.addEventListener("resize", onResize);
  onLeave(() => { window.removeEventListener("resize", onResize); group.destroy(); map.remove(); });

  // Parameters and messages.
  const paramsBox = el("section", { class: "params", "data-testid": "params" }, el("p", { class: "muted" }, "loading parameters…"));
  const messages = el("table", { class: "messages", "data-testid": "messages" },
    el("thead", {}, el("tr", {}, el("th", {}, "Time"), el("th", {}, "Severity"), el("th", {}, "Message"))),
    el("tbody", {}, ...d.messages.map((m) => el("tr", { class: m.severity <= 4 ? "warn" : "" },
      el("td", {}, clock(m.t)),
      el("td", {}, m.severity_known ? ["emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"][m.severity] ?? String(m.severity) : "–"),
      el("td", {}, m.text)))));
  root.append(el("h2", {}, "Parameters"), paramsBox, el("h2", {}, `Messages (${d.messages.length})`), messages);
  void get<Params>(`flights/${id}/params`).then((p) => renderParams(paramsBox, p)).catch((e: Error) => {
    paramsBox.replaceChildren(el("p", { class: "error" }, e.message));
  });
}

function renderParams(box: HTMLElement, p: Params): void {
  const onlyChanged = el("input", { type: "checkbox" });
  const filter = el("input", { type: "search", placeholder: "Filter parameters" });
  const table = el("table", {});
  const head = p.previous
    ? `${p.params.length} parameters; ${p.changed} differ from the vehicle's previous flight (`
    : `${p.params.length} parameters; no earlier flight of this vehicle to compare with.`;
  const intro = el("p", {}, head);
  if (p.previous) intro.append(el("a", { href: `#/flight/${p.previous.id}` }, `flight ${p.previous.id}`), `, ${utc(p.previous.start_utc)})`);
  const draw = () => {
    const q = filter.value.toUpperCase();
    const rows = p.params.filter((x) => (!onlyChanged.checked || x.changed) && (!q || x.name.toUpperCase().includes(q)));
    table.replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, "Value"), el("th", {}, "Previous flight"))),
      el("tbody", {}, ...rows.slice(0, 2000).map((x) => el("tr", { class: x.changed ? "changed" : "" },
        el("td", {}, x.name), el("td", { class: "n" }, String(Number(x.value.toPrecision(7)))),
        el("td", { class: "n" }, x.previous === null ? (p.previous ? "(absent)" : "") : String(Number(x.previous.toPrecision(7))))))));
  };
  onlyChanged.checked = p.changed > 0;
  onlyChanged.addEventListener("change", draw);
  filter.addEventListener("input", draw);
  const extra: HTMLElement[] = [];
  if (p.removed.length) extra.push(el("p", {}, `Only in the previous flight: ${p.removed.map((r) => r.name).join(", ")}`));
  if (p.changes.length) extra.push(el("p", {}, `Changed in flight: ${p.changes.map((c) => `${c.name}=${c.value} at ${clock(c.t)}`).join("; ")}`));
  box.replaceChildren(intro, el("div", { class: "row" }, el("label", {}, onlyChanged, " only differences"), filter), ...extra, table);
  draw();
}
