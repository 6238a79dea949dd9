import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { referenceAssets } from "./reference-assets";

/**
 * The citizens' front-end: `vite build web` (npm run build:web) → web/dist, which the local portal serves at / and
 * SST's StaticSite uploads (it runs `npx vite build` in this folder with VITE_API_URL set to the API's URL).
 * Preact's JSX through Vite's own transformer (no plugin); pages other than search and detail are split chunks.
 */
const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  // The API reference's Swagger UI files, served by the site (functions/http/reference-page.ts).
  plugins: [referenceAssets()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Browsers of cheap Android phones still in use (Chrome ≥ 80); nothing here needs newer syntax.
    target: "es2020",
    reportCompressedSize: true,
    // Two pages from one build: the citizens' site (index.html) and the back office (officer/index.html → /officer/),
    // each its own entry, so the back office's code never lands in the citizens' chunks.
    rollupOptions: { input: { main: `${root}index.html`, officer: `${root}officer/index.html` } },
  },
});
