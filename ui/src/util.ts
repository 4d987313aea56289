// Small helpers shared by the pages: element building, formatting.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

export function duration(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`;
}

export function num(v: number | null | undefined, digits = 1, unit = ""): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return `${v.toFixed(digits)}${unit ? " " + unit : ""}`;
}

export function utc(s: string | null): string {
  return s ? s.replace("T", " ").replace("Z", " UTC") : "time unknown";
}

export function errorBox(message: string): HTMLElement {
  return el("p", { class: "error", role: "alert" }, message);
}

// Colour ramp (blue → green → yellow → red) for a value in [0, 1].
export function ramp(x: number): string {
  const t = Math.max(0, Math.min(1, Number.isFinite(x) ? x : 0));
  const stops = [[49, 54, 149], [69, 160, 90], [240, 200, 40], [215, 48, 39]];
  const p = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(p));
  const f = p - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

// What the current page must undo when the router leaves it (maps, plots, listeners).
let cleanup: (() => void) | null = null;
export function onLeave(f: () => void): void { cleanup = f; }
export function leave(): void {
  const f = cleanup;
  cleanup = null;
  if (f) f();
}
