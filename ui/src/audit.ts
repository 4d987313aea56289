// Audit: the vault's tamper-evident log (newest first), whether it verifies against its signed
// checkpoint, and each entry's details.
import { get, type AuditReply } from "./api";
import { el } from "./util";

export async function renderAudit(root: HTMLElement): Promise<void> {
  const a = await get<AuditReply>("audit", { limit: 1000 });
  const state = a.verified.ok
    ? el("p", { class: "ok", "data-testid": "audit-state" }, `✔ Verified: ${a.verified.entries} entries match the signed checkpoint.`)
    : el("div", { class: "error", "data-testid": "audit-state" }, el("p", {}, "✘ The audit log does not verify:"),
      el("ul", {}, ...a.verified.problems.map((p) => el("li", {}, p))));
  const detail = el("pre", { class: "entry-detail", "data-testid": "audit-detail" }, "Choose an entry to see its details.");
  const body = el("tbody", {}, ...a.entries.map((e) => {
    const x = e.entry as { time?: string; action?: string; flights?: number[]; recipient?: string; detail?: unknown };
    const tr = el("tr", { tabindex: "0", "data-index": String(e.index) },
      el("td", { class: "n" }, String(e.index)), el("td", {}, (x.time ?? "").replace("T", " ").slice(0, 19)),
      el("td", {}, x.action ?? ""), el("td", {}, (x.flights ?? []).slice(0, 8).join(", ") + ((x.flights?.length ?? 0) > 8 ? "…" : "")),
      el("td", {}, x.recipient ?? ""));
    const show = () => {
      body.querySelectorAll("tr").forEach((r) => r.classList.remove("selected"));
      tr.classList.add("selected");
      detail.textContent = JSON.stringify(e.entry, null, 2);
    };
    tr.addEventListener("click", show);
    tr.addEventListener("keydown", (k) => { if (k.key === "Enter") show(); });
    return tr;
  }));
  root.append(el("h1", {}, "Audit log"), state,
    el("p", { class: "muted" }, `${a.total} entries${a.total > a.entries.length ? `, the latest ${a.entries.length} shown` : ""}. Verifier key: `, el("code", {}, a.verifier)),
    el("div", { class: "audit" },
      el("table", { "data-testid": "audit-entries" },
        el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "Time (UTC)"), el("th", {}, "Action"), el("th", {}, "Flights"), el("th", {}, "Recipient"))), body),
      el("div", {}, el("h3", {}, "Entry"), detail, el("h3", {}, "Latest signed checkpoint"), el("pre", {}, a.checkpoint))));
}
