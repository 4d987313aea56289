// Vite builds the interface into one script, one stylesheet and index.html, with every image
// inlined: skykeep embeds the output in its binary and serves it under a strict CSP.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    assetsInlineLimit: 1 << 20,
    cssCodeSplit: false,
    chunkSizeWarningLimit: 1500,  // one bundle, Natural Earth included, served from this machine
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        entryFileNames: "assets/index.js",
        chunkFileNames: "assets/[name].js",
        assetFileNames: "assets/[name][extname]",
      },
    },
  },
});
