import swaggerUiPackage from "swagger-ui-dist/package.json";

/**
 * The interactive API reference (`GET /v1/docs`): Swagger UI from the project's own `swagger-ui-dist`, never a
 * public CDN — offline, as many government networks are, the page still works, and no third party serves the page
 * where agencies paste their keys.
 *
 * The API answers only a small HTML page. Swagger UI's files (1.7 MB of script) are not bundled into any Lambda
 * function: the web build copies them into the static site under REFERENCE_ASSET_DIR (web/reference-assets.ts), so
 * deployed they come from CloudFront (cached, compressed) and locally from the portal's web folder. The folder
 * name holds the Swagger UI version and a hash of the start-up script, so the year-long cache of the site's .js and
 * .css files is never stale.
 */

/** Starts Swagger UI on the page's `#swagger-ui` element; a file, since the page's CSP allows no inline script. */
export const REFERENCE_INIT_JS = `window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    deepLinking: true,
    // No badge from validator.swagger.io: the page makes no request outside the portal.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    persistAuthorization: false
  });
});
`;

/** FNV-1a (32 bits): a short, stable fingerprint of the start-up script for the folder name. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

export const SWAGGER_UI_VERSION: string = swaggerUiPackage.version;

/** Where the web build puts the reference page's files (under the site root). */
export const REFERENCE_ASSET_DIR = `/reference/${SWAGGER_UI_VERSION}-${fingerprint(REFERENCE_INIT_JS)}`;

/** The files of REFERENCE_ASSET_DIR: from swagger-ui-dist, and the start-up script. */
export const REFERENCE_FILES = {
  "swagger-ui-bundle.js": { fromPackage: "swagger-ui-bundle.js" },
  "swagger-ui.css": { fromPackage: "swagger-ui.css" },
  "init.js": { source: REFERENCE_INIT_JS },
} as const;

const escapeAttribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * The reference page and its headers. `assetOrigin` is where the site serves REFERENCE_ASSET_DIR from: the web
 * origin deployed (the API has its own), empty locally (one origin for both). Throws nothing.
 */
export function referencePage(options: { assetOrigin?: string; openApiUrl?: string } = {}): { html: string; headers: Record<string, string> } {
  const origin = options.assetOrigin && options.assetOrigin !== "*" ? options.assetOrigin.replace(/\/+$/, "") : "";
  const base = `${origin}${REFERENCE_ASSET_DIR}`;
  const source = origin || "'self'";
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>dichvucong API — reference</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${escapeAttribute(base)}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui" data-openapi-url="${escapeAttribute(options.openApiUrl ?? "/v1/openapi.json")}"></div>
    <script src="${escapeAttribute(base)}/swagger-ui-bundle.js"></script>
    <script src="${escapeAttribute(base)}/init.js"></script>
  </body>
</html>
`;
  return {
    html,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "public, max-age=300",
      // Swagger UI's own files, this API for the document and "Try it out", nothing else; never in a frame.
      "content-security-policy": [
        "default-src 'none'",
        `script-src ${source}`,
        `style-src ${source}`,
        `img-src ${source} data:`,
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join("; "),
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    },
  };
}
