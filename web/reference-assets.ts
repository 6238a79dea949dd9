import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";
import { REFERENCE_ASSET_DIR, REFERENCE_FILES } from "../functions/http/reference-page";

/**
 * Puts the API reference's files (functions/http/reference-page.ts) into the web build, under REFERENCE_ASSET_DIR:
 * Swagger UI from the project's own swagger-ui-dist and the page's start-up script. The site serves them (CloudFront
 * deployed, the portal locally), so no Lambda function carries them and the page needs no CDN.
 */
export function referenceAssets(): Plugin {
  const packageDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return {
    name: "dichvucong-reference-assets",
    apply: "build",
    generateBundle() {
      for (const [name, file] of Object.entries(REFERENCE_FILES)) {
        this.emitFile({
          type: "asset",
          fileName: `${REFERENCE_ASSET_DIR.slice(1)}/${name}`,
          source: "source" in file ? file.source : readFileSync(join(packageDir, file.fromPackage)),
        });
      }
    },
  };
}
