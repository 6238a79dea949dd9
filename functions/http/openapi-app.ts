import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApp, type AppEnv } from "./app";
import { referencePage } from "./reference-page";

/** Any app made by createApp(), whatever its routes. */
type AnyApp = OpenAPIHono<AppEnv, any, any>;

/**
 * The document of the apps `apps()` gives: functions/wiring/docs.ts passes every app the API is served by, built without
 * deps (apps only touch their dependencies inside handlers), so the document and the deployed routes come from
 * the same composition.
 */
function buildDocument(apps: () => AnyApp[]) {
  const all = createApp();
  for (const app of apps()) all.route("/", app);
  return all.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "dichvucong API",
      version: "1.0.0",
      description:
        "Cổng dịch vụ công trực tuyến — the HTTP contract of the portal (docs/api.md). Errors are application/problem+json with a stable `code`.",
      // OpenAPI 3.1 licenses carry an SPDX identifier (the type definitions still follow 3.0).
      license: { name: "MIT", identifier: "MIT" } as { name: string },
    },
    tags: [
      { name: "Catalogue", description: "Agencies and administrative procedures (public)" },
      { name: "Dossiers (citizen)", description: "Create, upload, submit, track (access token)" },
      { name: "Agency", description: "Inbox and lifecycle actions (agency API key)" },
      { name: "Payments", description: "Online fee payment through VNPay: start (access token), return and IPN (signed by VNPay)" },
      { name: "Statistics", description: "Daily indicators per agency, tier and province (public)" },
      { name: "Calendar", description: "Vietnam's working days and the due time the portal would set (public)" },
      { name: "System" },
    ],
  });
}

/**
 * `GET /v1/openapi.json` (OpenAPI 3.1 generated from the zod route definitions of `apps()`) and `GET /v1/docs`.
 * `webOrigin`: where the site serves the reference page's Swagger UI files (functions/http/reference-page.ts);
 * unset or "*" when the site and the API share the origin (the local portal).
 */
export function openApiApp(apps: () => AnyApp[], options: { webOrigin?: string } = {}) {
  let document: ReturnType<typeof buildDocument> | undefined;
  const app = createApp();
  app.get("/v1/openapi.json", (c) => {
    document ??= buildDocument(apps); // built on first use, not at cold start
    c.header("cache-control", "public, max-age=300");
    return c.json(document);
  });
  const reference = referencePage({ assetOrigin: options.webOrigin });
  app.get("/v1/docs", (c) => c.body(reference.html, 200, reference.headers));
  return app;
}
