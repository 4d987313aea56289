// The map: Leaflet over an offline basemap (Natural Earth land and borders from world-atlas,
// bundled), or the operator's own tile server when they configured one. Tracks are coloured by
// altitude or speed; a marker follows the plots' cursor. Tooltips are elements holding text:
// Leaflet would make a string tooltip HTML, and an event's message is a log's text.
import * as L from "leaflet";
import { feature, mesh } from "topojson-client";
import type { Topology } from "topojson-specification";
import land from "world-atlas/land-50m.json";
import countries from "world-atlas/countries-110m.json";
import type { FlightEvent, Track } from "./api";
import { attribution } from "./trusted";
import { el, ramp } from "./util";

let tiles: string | null | undefined;
export function setTiles(t: string | null): void { tiles = t; }

export function createMap(container: HTMLElement): L.Map {
  const map = L.map(container, { worldCopyJump: true, zoomSnap: 0.25, attributionControl: false });
  const credits = L.control.attribution({ prefix: false }).addTo(map);
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 20, attribution: attribution.tiles }).addTo(map);
  } else {
    const landTopo = land as unknown as Topology;
    const countryTopo = countries as unknown as Topology;
    L.geoJSON(feature(landTopo, landTopo.objects.land) as GeoJSON.GeoJsonObject, {
      style: { color: "#9aa58f", weight: 1, fillColor: "#e8ecdf", fillOpacity: 1 }, interactive: false,
    }).addTo(map);
    L.geoJSON(mesh(countryTopo, countryTopo.objects.countries as never, (a, b) => a !== b) as GeoJSON.GeoJsonObject, {
      style: { color: "#b6a9a0", weight: 1, dashArray: "4 3", fill: false }, interactive: false,
    }).addTo(map);
    credits.addAttribution(attribution.offline);
  }
  L.control.scale({ imperial: false }).addTo(map);
  map.setView([20, 0], 2);
  return map;
}

export type ColourBy = "alt" | "speed";

// Draws the track as runs of equal colour; returns the layer and the value range used.
export function drawTrack(map: L.Map, track: Track, by: ColourBy, group?: L.LayerGroup): { layer: L.LayerGroup; min: number; max: number } {
  const layer = group ?? L.layerGroup();
  layer.clearLayers();
  const values = track[by].map((v) => (v === null ? NaN : v));
  const finite = values.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 1;
  const bins = 24;
  const binOf = (i: number) => Math.round(((values[i] - min) / (max - min || 1)) * bins) || 0;
  let start = 0;
  for (let i = 1; i <= track.lat.length; i++) {
    if (i < track.lat.length && binOf(i) === binOf(start)) continue;
    const pts: L.LatLngExpression[] = [];
    for (let k = start; k <= Math.min(i, track.lat.length - 1); k++) pts.push([track.lat[k], track.lon[k]]);
    if (pts.length > 1)
      L.polyline(pts, { color: ramp(binOf(start) / bins), weight: 4, opacity: 0.95, className: "track" }).addTo(layer);
    start = i;
  }
  layer.addTo(map);
  return { layer, min, max };
}

export function fitTrack(map: L.Map, track: Track): void {
  if (!track.lat.length) return;
  const b = L.latLngBounds(track.lat.map((la, i) => [la, track.lon[i]] as L.LatLngTuple));
  map.fitBounds(b.pad(0.15), { maxZoom: 18 });
}

// The track's position at time t (seconds since arming), interpolated.
export function positionAt(track: Track, t: number): L.LatLngTuple | null {
  const n = track.t.length;
  if (!n) return null;
  if (t <= track.t[0]) return [track.lat[0], track.lon[0]];
  if (t >= track.t[n - 1]) return [track.lat[n - 1], track.lon[n - 1]];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (track.t[mid] <= t) lo = mid; else hi = mid;
  }
  const f = (t - track.t[lo]) / (track.t[hi] - track.t[lo] || 1);
  return [track.lat[lo] + (track.lat[hi] - track.lat[lo]) * f, track.lon[lo] + (track.lon[hi] - track.lon[lo]) * f];
}

export function pinEvents(map: L.Map, track: Track, events: FlightEvent[], onClick: (e: FlightEvent) => void): L.LayerGroup {
  const layer = L.layerGroup();
  for (const e of events) {
    if (["armed", "disarmed", "takeoff", "landing"].includes(e.kind)) continue;
    const p = positionAt(track, e.since_start_s);
    if (!p) continue;
    const colour = e.severity === "critical" ? "#b3261e" : e.severity === "warning" ? "#d98a00" : "#3a6ea5";
    L.circleMarker(p, { radius: 6, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1, className: "event-pin" })
      .bindTooltip(el("span", { class: "event-tooltip" }, `${e.kind.replace(/_/g, " ")}: ${e.message}`))
      .on("click", () => onClick(e))
      .addTo(layer);
  }
  return layer.addTo(map);
}

export function endpoint(map: L.Map, p: { lat: number; lon: number } | null, label: string, colour: string): void {
  if (!p) return;
  L.circleMarker([p.lat, p.lon], { radius: 8, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1 })
    .bindTooltip(el("span", {}, label), { permanent: false }).addTo(map);
}

export function cursorMarker(): L.CircleMarker {
  return L.circleMarker([0, 0], { radius: 7, color: "#111", weight: 3, fillColor: "#fff", fillOpacity: 1, className: "cursor-marker" });
}

export function legend(min: number, max: number, unit: string): HTMLElement {
  const bar = el("span", { class: "ramp" });
  return el("span", { class: "legend" }, `${min.toFixed(1)} ${unit}`, bar, `${max.toFixed(1)} ${unit}`);
}
