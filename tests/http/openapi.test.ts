import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestPortal, type TestPortal } from "../support/portal";

let portal: TestPortal;
beforeAll(async () => (portal = await startTestPortal()));
afterAll(async () => portal?.cleanup());

it("serves a valid OpenAPI 3.1 document covering every route of docs/api.md, with security schemes", async () => {
  const res = await portal.api("/v1/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body;
  expect(doc.openapi).toBe("3.1.0");
  await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );
  for (const route of [
    "GET /v1/agencies",
    "GET /v1/procedures",
    "GET /v1/procedures/{code}",
    "POST /v1/dossiers",
    "POST /v1/dossiers/{code}/attachments",
    "POST /v1/dossiers/{code}/submit",
    "GET /v1/dossiers/{code}/status",
    "GET /v1/dossiers/{code}",
    "POST /v1/dossiers/{code}/withdraw",
    "POST /v1/dossiers/{code}/supplement",
    "POST /v1/dossiers/{code}/feedback",
    "GET /v1/agency/dossiers",
    "GET /v1/agency/dossiers/{code}",
    "POST /v1/agency/dossiers/{code}/actions",
    "POST /v1/agency/dossiers/{code}/results",
    "GET /v1/health",
    "POST /v1/agency/webhooks",
    "GET /v1/agency/webhooks",
    "DELETE /v1/agency/webhooks/{id}",
    "GET /v1/agency/webhooks/{id}/deliveries",
    "POST /v1/agency/webhooks/{id}/deliveries/{deliveryId}/replay",
    "GET /v1/officer/me",
    "GET /v1/officer/dossiers",
    "GET /v1/officer/dossiers/{code}",
    "POST /v1/officer/dossiers/{code}/actions",
    "POST /v1/officer/counter-dossiers",
    "POST /v1/officer/dossiers/{code}/documents",
    "POST /v1/officer/dossiers/{code}/documents/{attachmentId}/verify",
    "GET /v1/officer/dossiers/{code}/slips/{slip}",
  ]) {
    expect(routes).toContain(route);
  }
  expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["accessToken", "agencyKey", "officerToken"]);
  expect(doc.paths["/v1/agency/dossiers"].get.security).toEqual([{ agencyKey: [] }]);
  expect(doc.paths["/v1/dossiers"].post.responses["422"].content["application/problem+json"]).toBeTruthy();

  const docs = await fetch(portal.url + "/v1/docs");
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain("/v1/openapi.json");
});
