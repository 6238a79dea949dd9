import { swaggerUI } from "@hono/swagger-ui";
import { agencyApp } from "./agency-app";
import { createApp } from "./app";
import { calendarApp } from "./calendar-app";
import { catalogueApp } from "./catalogue-app";
import { dossiersApp } from "./dossiers-app";
import { paymentsApp } from "./payments-app";
import { statsApp } from "./stats-app";
import { systemApp } from "./system";

/** Apps only touch their dependencies inside handlers, so the document is generated from apps built without any. */
const NO_DEPS = {} as never;

function buildDocument() {
  const all = createApp();
  all.route("/", systemApp([]));
  all.route("/", catalogueApp(NO_DEPS));
  all.route("/", dossiersApp(NO_DEPS));
  all.route("/", agencyApp(NO_DEPS));
  all.route("/", paymentsApp(NO_DEPS));
  all.route("/", statsApp(NO_DEPS));
  all.route("/", calendarApp(NO_DEPS));
  return all.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "dichvucong API",
      version: "1.0.0",
      description:
        "Cổng dịch vụ công trực tuyến — the HTTP contract of the portal (shared/API.md). Errors are application/problem+json with a stable `code`.",
      // OpenAPI 3.1 licenses carry an SPDX identifier (the type definitions still follow 3.0).
      license: { name: "MIT", identifier: "MIT" } as { name: string },
    },
    tags: [
      { name: "Catalogue", description: "Agencies and administrative procedures (public)" },
      { name: "Dossiers (citizen)", description: "Create, upload, submit, track (access token)" },
      { name: "Agency", description: "Inbox and lifecycle actions (agency API key)" },
      { name: "Payments", description: "Online fee payment through VNPay: start (access token), return and IPN (signed by VNPay)" },
      { name: "Statistics", description: "Daily indicators per agency, tier and province (public)" },
      { name: "Calendar", description: "Working days, days off and due times as the portal computes them (public)" },
      { name: "System" },
    ],
  });
}

let document: ReturnType<typeof buildDocument> | undefined;

/** `GET /v1/openapi.json` (OpenAPI 3.1 generated from the zod route definitions of every app) and `GET /v1/docs`. */
export function openApiApp() {
  const app = createApp();
  app.get("/v1/openapi.json", (c) => {
    document ??= buildDocument(); // built on first use, not at cold start
    c.header("cache-control", "public, max-age=300");
    return c.json(document);
  });
  app.get("/v1/docs", swaggerUI({ url: "/v1/openapi.json", title: "dichvucong API" }));
  return app;
}
