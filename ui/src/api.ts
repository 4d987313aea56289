// The server's API (docs/http-api.md). Every URL is relative: the page lives under the
// per-run token, and so does everything it asks for.

export interface Point { lat: number; lon: number }

export interface FlightRow {
  id: number;
  log: { id: number; name: string; format: string; flight: number };
  vehicle: { uid: string; type: string; autopilot: string; firmware: string };
  start_utc: string | null;
  end_utc: string | null;
  log_start_us: number;
  log_end_us: number;
  duration_s: number;
  took_off: boolean;
  ended_armed: boolean;
  takeoff: Point | null;
  landing: Point | null;
  max_altitude_m: number | null;
  max_hspeed_mps: number | null;
  max_vspeed_mps: number | null;
  distance_m: number | null;
  battery: { start_pct: number | null; end_pct: number | null; min_voltage_v: number | null; consumed_mah: number | null; serial: string | null };
  modes: string[];
  event_kinds: string[];
  warnings: number;
}

export interface FlightEvent {
  time_utc: string | null;
  since_start_s: number;
  kind: string;
  severity: "info" | "warning" | "critical";
  message: string;
  evidence: { topic: string; values: Record<string, number> };
  text?: string;
}

export interface Track { t: number[]; lat: number[]; lon: number[]; alt: (number | null)[]; speed: (number | null)[] }

export interface FlightDetail {
  flight: FlightRow;
  log_sha256: string;
  log_corrupt: boolean;
  events: FlightEvent[];
  track: Track;
  channels: { name: string; unit: string }[];
  messages: { t: number; severity: number; severity_known: boolean; text: string }[];
  mode_names: Record<string, string>;
}

export interface Series { name: string; unit: string; t: number[]; v: (number | null)[] }
export interface SeriesReply { from: number; to: number; series: Series[] }

export interface StatRow { key: string; flights: number; hours: number; distance_km: number }
export interface Stats {
  by_vehicle: StatRow[];
  by_month: StatRow[];
  total: { flights: number; hours: number; distance_km: number };
  vehicles: { uid: string; type: string; autopilot: string; flights: number }[];
  event_kinds: string[];
}

export interface Topics { topics: { topic: string; instance: number; rows: number; fields: { name: string; unit: string }[] }[] }

export interface Params {
  previous: { id: number; start_utc: string | null } | null;
  params: { name: string; value: number; previous: number | null; changed: boolean }[];
  removed: { name: string; value: number }[];
  changed: number;
  changes: { t: number; name: string; value: number }[];
}

export interface Recipients { policy_sha256: string; recipients: { name: string; levels: Record<string, string> }[] }

export interface Manifest {
  recipient: string;
  policy_sha256: string;
  levels: Record<string, string>;
  summary_only: boolean;
  topics: { name: string; instance: number; records: number; fields: { name: string; class: string; treatment: string }[] }[];
  positions: number;
  texts: number;
  parameters: number;
  removed: { what: string; rule: string; count: number }[];
  bytes: number;
  sha256?: string;
}

export interface SharePreview {
  recipient: string;
  manifest: Manifest;
  summary_only: boolean;
  bytes: number;
  extension: string;
  summary?: unknown;
  track: Track | null;
}

export interface AuditReply {
  verified: { ok: boolean; entries: number; problems: string[] };
  checkpoint: string;
  verifier: string;
  total: number;
  entries: { index: number; entry: Record<string, unknown> }[];
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export async function get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, String(v));
  const qs = q.toString();
  const res = await fetch(`api/${path}${qs ? "?" + qs : ""}`, { cache: "no-store" });
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new ApiError(res.status, (body as { error?: string }).error ?? res.statusText);
  return body as T;
}

// A POST, for what changes anything (the server takes one only from this page: it checks the
// Origin and Sec-Fetch-Site the browser sends). Resolves to the answer; a refusal throws.
export async function post(path: string, query: Record<string, string> = {}): Promise<Response> {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`api/${path}${qs ? "?" + qs : ""}`, { method: "POST", cache: "no-store" });
  if (!res.ok) {
    const body = await res.json().catch(() => ({ error: res.statusText }));
    throw new ApiError(res.status, (body as { error?: string }).error ?? res.statusText);
  }
  return res;
}
