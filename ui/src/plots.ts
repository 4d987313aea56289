// Time-series plots (uPlot) whose data the server downsamples for the pixels shown: each zoom
// or pan asks for the visible range again at the plot's width, so an hour of 250 Hz data plots
// as quickly as a minute. All plots of a group share the time axis and one cursor.
import uPlot from "uplot";
import { get, type SeriesReply } from "./api";
import { el } from "./util";

export interface PlotSpec { title: string; names: string[] }

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

export function clock(s: number): string {
  const sign = s < 0 ? "-" : "";
  const a = Math.abs(s);
  const m = Math.floor(a / 60);
  const sec = a - m * 60;
  const fractional = a < 600 && Math.abs(sec - Math.round(sec)) > 0.05;
  const text = fractional ? sec.toFixed(1).padStart(4, "0") : String(Math.min(59, Math.round(sec))).padStart(2, "0");
  return `${sign}${m}:${text}`;
}

interface Plot { spec: PlotSpec; u: uPlot; box: HTMLElement; units: string[] }

// One group per page: plots over [0, duration] seconds (time since arming), fetched from
// `source(names, from, to, width)`.
export class PlotGroup {
  private plots: Plot[] = [];
  private from = 0;
  private to: number;
  private timer = 0;
  private syncing = false;
  private marks: { t: number; colour: string }[] = [];
  readonly key: string;

  constructor(
    private container: HTMLElement,
    private duration: number,
    private source: (names: string[], from: number, to: number, width: number) => Promise<SeriesReply>,
    private onCursor: (t: number | null) => void,
  ) {
    this.to = duration;
    this.key = `plots-${Math.random().toString(36).slice(2)}`;
  }

  setMarks(marks: { t: number; colour: string }[]): void { this.marks = marks; }

  async add(spec: PlotSpec, labels?: string[]): Promise<void> {
    const box = el("div", { class: "plot", "data-plot": spec.title });
    const head = el("div", { class: "plot-head" }, el("strong", {}, spec.title));
    const close = el("button", { type: "button", class: "link", "aria-label": `remove ${spec.title}` }, "×");
    head.append(close);
    box.append(head);
    this.container.append(box);
    const reply = await this.source(spec.names, this.from, this.to, this.width());
    const units = [...new Set(reply.series.map((s) => s.unit))];
    const width = this.container.clientWidth || 800;
    const self = this;
    const opts: uPlot.Options = {
      width, height: 180,
      cursor: { sync: { key: this.key, setSeries: false }, drag: { x: true, y: false } },
      scales: { x: { time: false } },
      legend: { live: true },
      series: [
        { label: "t", value: (_u, v) => (v === null ? "–" : clock(v)) },
        ...reply.series.map((s, i) => ({
          label: `${labels?.[i] ?? s.name}${s.unit ? ` (${s.unit})` : ""}`,
          stroke: palette[i % palette.length], width: 1.5, spanGaps: true, scale: s.unit || "y",
          value: (_u: uPlot, v: number | null) => (v === null ? "–" : Number(v.toPrecision(6)).toString()),
        })),
      ],
      axes: [
        { values: (_u, ticks) => ticks.map(clock) },
        ...units.slice(0, 2).map((unit, i) => ({ scale: unit || "y", side: i === 0 ? 3 : 1, label: unit, size: 56, grid: { show: i === 0 } })),
      ],
      hooks: {
        setCursor: [(u) => {
          if (u.cursor.left === undefined || u.cursor.left < 0) { self.onCursor(null); return; }
          self.onCursor(u.posToVal(u.cursor.left, "x"));
        }],
        setScale: [(u, key) => {
          if (key !== "x" || self.syncing) return;
          const { min, max } = u.scales.x;
          if (min === undefined || max === undefined || min === null || max === null) return;
          self.zoom(min, max);
        }],
        draw: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          for (const m of self.marks) {
            if (m.t < (u.scales.x.min ?? 0) || m.t > (u.scales.x.max ?? 0)) continue;
            const x = Math.round(u.valToPos(m.t, "x", true));
            ctx.strokeStyle = m.colour;
            ctx.lineWidth = 1;
            ctx.setLineDash([3, 3]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }
          ctx.restore();
        }],
      },
    };
    const u = new uPlot(opts, this.align(reply), box);
    this.syncing = true;
    u.setScale("x", { min: this.from, max: this.to });
    this.syncing = false;
    const plot: Plot = { spec, u, box, units };
    this.plots.push(plot);
    close.addEventListener("click", () => {
      u.destroy();
      box.remove();
      this.plots = this.plots.filter((p) => p !== plot);
    });
    // Wheel zooms around the cursor; shift+wheel pans; double-click shows the whole flight.
    u.over.addEventListener("wheel", (e) => {
      e.preventDefault();
      const span = this.to - this.from;
      const at = u.posToVal(e.offsetX, "x");
      if (e.shiftKey) {
        const d = (e.deltaY > 0 ? 0.15 : -0.15) * span;
        this.zoom(this.from + d, this.to + d);
      } else {
        const f = e.deltaY > 0 ? 1.25 : 0.8;
        this.zoom(at - (at - this.from) * f, at + (this.to - at) * f);
      }
    }, { passive: false });
    u.over.addEventListener("dblclick", () => this.zoom(0, this.duration));
  }

  private width(): number {
    return Math.max(100, Math.min(4000, Math.round((this.container.clientWidth || 800) - 120)));
  }

  private align(reply: SeriesReply): uPlot.AlignedData {
    if (!reply.series.length) return [[]];
    const tables = reply.series.map((s) => [s.t, s.v] as unknown as uPlot.AlignedData);
    return uPlot.join(tables);
  }

  range(): [number, number] { return [this.from, this.to]; }

  // Shows [from, to] in every plot, then asks the server for that range at this width.
  zoom(from: number, to: number): void {
    const span = Math.max(0.05, to - from);
    from = Math.max(-5, from);
    to = Math.min(this.duration + 5, from + span);
    this.from = from;
    this.to = to;
    this.syncing = true;
    for (const p of this.plots) p.u.setScale("x", { min: from, max: to });
    this.syncing = false;
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.refetch(), 120);
  }

  private async refetch(): Promise<void> {
    const [from, to] = [this.from, this.to];
    await Promise.all(this.plots.map(async (p) => {
      const reply = await this.source(p.spec.names, from, to, this.width());
      if (from !== this.from || to !== this.to) return;
      this.syncing = true;
      p.u.setData(this.align(reply));
      p.u.setScale("x", { min: from, max: to });
      this.syncing = false;
    }));
    this.container.dataset.range = `${from.toFixed(2)}-${to.toFixed(2)}`;
  }

  // Moves the shared cursor to time t (seconds since arming), zooming out if t is not shown.
  setCursor(t: number): void {
    if (t < this.from || t > this.to) {
      const span = this.to - this.from;
      this.zoom(t - span / 2, t + span / 2);
    }
    const u = this.plots[0]?.u;
    if (!u) { this.onCursor(t); return; }
    u.setCursor({ left: u.valToPos(t, "x"), top: u.bbox.height / devicePixelRatio / 2 });
  }

  resize(): void {
    for (const p of this.plots) p.u.setSize({ width: this.container.clientWidth || 800, height: 180 });
  }

  destroy(): void {
    clearTimeout(this.timer);
    for (const p of this.plots) p.u.destroy();
    this.plots = [];
  }
}

export async function fetchSeries(flight: number, names: string[], from: number, to: number, width: number): Promise<SeriesReply> {
  return get<SeriesReply>(`flights/${flight}/series`, { names: names.join(","), from: from.toFixed(3), to: to.toFixed(3), width });
}
