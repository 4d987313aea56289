// Trusted Types (the CSP says require-trusted-types-for 'script'; trusted-types default): no
// string becomes HTML in this page. Its own code builds the DOM from elements and text nodes
// (util.ts el(), textContent), so text from a log stays text. The one policy, "default", is
// there for the map library, Leaflet, which writes a few fixed fragments of markup with
// innerHTML (its SVG check, its zoom buttons, the scale's "200 m", the attribution line); it
// lets exactly those through and refuses every other string, so that any new innerHTML of text
// from the API throws in the browser (and the browser test sees it). Imported before anything
// else (main.ts).

// The attribution lines of the map (map.ts): Leaflet writes them with innerHTML.
export const attribution = {
  offline: "Leaflet · Natural Earth (offline)",
  tiles: "Leaflet · the operator's tile server",
} as const;

const leafletMarkup = new Set<string>([
  "",
  "<svg/>",
  '<span aria-hidden="true">+</span>',
  '<span aria-hidden="true">&#x2212;</span>',
  ...Object.values(attribution),
]);
const scaleLabel = /^\d+(\.\d+)? k?m$/;

interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createHTML?: (s: string) => string }): unknown;
}
const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
factory?.createPolicy("default", {
  createHTML: (s: string) => {
    if (leafletMarkup.has(s) || scaleLabel.test(s)) return s;
    throw new TypeError(`refused to turn a string into HTML: ${JSON.stringify(s.slice(0, 80))}`);
  },
});
