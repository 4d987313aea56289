// Compare two flights: their summaries side by side and chosen series overlaid on one time axis
// (seconds since each flight's arming).
import { get, type FlightDetail, type FlightRow, type SeriesReply } from "./api";
import { fetchSeries, PlotGroup } from "./plots";
import { duration, el, num, onLeave, utc } from "./util";

const choices = [
  ["alt_rel", "Altitude above takeoff"], ["hspeed", "Ground speed"], ["climb", "Climb rate"], ["voltage", "Battery voltage"],
  ["current", "Battery current"], ["remaining", "Battery remaining"], ["roll", "Roll"], ["pitch", "Pitch"], ["vibration", "Vibration"],
  ["satellites", "Satellites"], ["eph", "GPS accuracy"],
] as const;

const rows: [string, (f: FlightRow) => string][] = [
  ["Start", (f) => utc(f.start_utc)],
  ["Vehicle", (f) => f.vehicle.uid],
  ["Log", (f) => `${f.log.name} #${f.log.flight}`],
  ["Duration", (f) => duration(f.duration_s)],
  ["Distance", (f) => (f.distance_m === null ? "–" : `${(f.distance_m / 1000).toFixed(2)} km`)],
  ["Max altitude", (f) => num(f.max_altitude_m, 1, "m")],
  ["Max speed", (f) => num(f.max_hspeed_mps, 1, "m/s")],
  ["Battery", (f) => `${num(f.battery.start_pct, 0, "%")} → ${num(f.battery.end_pct, 0, "%")}`],
  ["Min voltage", (f) => num(f.battery.min_voltage_v, 2, "V")],
  ["Modes", (f) => f.modes.join(", ")],
  ["Events", (f) => f.event_kinds.join(", ")],
];

export async function renderCompare(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const list = await get<{ flights: FlightRow[] }>("flights", { limit: 1000 });
  const pick = (name: string, value: string | null) => {
    const s = el("select", { name }, el("option", { value: "" }, "Choose a flight…"),
      ...list.flights.map((f) => el("option", { value: String(f.id) }, `${f.id} · ${utc(f.start_utc)} · ${f.vehicle.uid}`)));
    s.value = value ?? "";
    return s;
  };
  const a = pick("a", params.get("a")), b = pick("b", params.get("b"));
  const chosen = (params.get("series") ?? "alt_rel,hspeed").split(",").filter((n) => choices.some(([k]) => k === n));
  const series = el("select", { name: "series", multiple: "", size: "4", "aria-label": "series to overlay" },
    ...choices.map(([k, label]) => el("option", { value: k }, label)));
  for (const o of series.options) o.selected = chosen.includes(o.value);
  root.append(el("h1", {}, "Compare flights"),
    el("div", { class: "row" }, a, b, series, el("span", { class: "muted" }, "ctrl-click to overlay several series")));
  const go = () => {
    const names = [...series.selectedOptions].map((o) => o.value).join(",");
    location.hash = `#/compare?a=${a.value}&b=${b.value}&series=${names}`;
  };
  for (const s of [a, b, series]) s.addEventListener("change", go);
  if (!a.value || !b.value) {
    root.append(el("p", { class: "muted" }, "Choose two flights (or tick two in the logbook)."));
    return;
  }
  const [da, db] = await Promise.all([get<FlightDetail>(`flights/${a.value}`), get<FlightDetail>(`flights/${b.value}`)]);
  root.append(el("table", { class: "compare", "data-testid": "compare" },
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, `Flight ${da.flight.id}`), el("th", {}, `Flight ${db.flight.id}`))),
    el("tbody", {}, ...rows.map(([label, f]) => el("tr", {}, el("th", {}, label), el("td", {}, f(da.flight)), el("td", {}, f(db.flight)))))));
  const box = el("div", { class: "plots" });
  root.append(box);
  // Each chosen series is one plot holding both flights, all on one time axis (time since arming).
  const longest = Math.max(da.flight.duration_s, db.flight.duration_s);
  const group = new PlotGroup(box, longest, async (names, from, to, width): Promise<SeriesReply> => {
    const [ra, rb] = await Promise.all([fetchSeries(da.flight.id, names, from, to, width), fetchSeries(db.flight.id, names, from, to, width)]);
    return { from, to, series: [...ra.series, ...rb.series] };
  }, () => {});
  onLeave(() => group.destroy());
  for (const name of chosen) {
    const label = choices.find(([k]) => k === name)?.[1] ?? name;
    await group.add({ title: label, names: [name] }, [`flight ${da.flight.id}`, `flight ${db.flight.id}`]);
  }
}
