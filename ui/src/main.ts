// skykeep's web interface: a hash router over the pages. Everything it loads comes from the
// skykeep process that served it (the CSP allows nothing else).
import "./trusted"; // first: the Trusted Types policy must exist before Leaflet loads
import "leaflet/dist/leaflet.css";
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { renderLogbook } from "./logbook";
import { renderFlight } from "./flight";
import { renderCompare } from "./compare";
import { renderShare } from "./share";
import { renderAudit } from "./audit";
import { errorBox, leave } from "./util";
import { get } from "./api";
import { setTiles } from "./map";

type Page = (root: HTMLElement, params: URLSearchParams, arg: string | undefined) => Promise<void> | void;

const pages: Record<string, { nav: string; render: Page }> = {
  "": { nav: "logbook", render: (root, params) => renderLogbook(root, params) },
  flight: { nav: "logbook", render: (root, _p, arg) => renderFlight(root, Number(arg)) },
  compare: { nav: "compare", render: (root, params) => renderCompare(root, params) },
  share: { nav: "share", render: (root, params, arg) => renderShare(root, arg ? Number(arg) : undefined, params) },
  audit: { nav: "audit", render: (root) => renderAudit(root) },
};

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = hash.split("?");
  const [name, arg] = path.split("/");
  const page = pages[name] ?? pages[""];
  document.querySelectorAll<HTMLAnchorElement>("nav a").forEach((a) =>
    a.classList.toggle("active", a.dataset.nav === page.nav));
  leave();
  const root = document.getElementById("app")!;
  root.replaceChildren();
  root.dataset.page = name || "logbook";
  root.dataset.ready = "false";
  try {
    await page.render(root, new URLSearchParams(query), arg);
  } catch (e) {
    root.append(errorBox(`Could not load this page: ${(e as Error).message}`));
  }
  root.dataset.ready = "true";
}

window.addEventListener("hashchange", () => void route());
get<{ tiles: string | null }>("config")
  .then((c) => setTiles(c.tiles))
  .catch(() => setTiles(null))
  .finally(() => void route());
