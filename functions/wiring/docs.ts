/**
 * The docs function: the OpenAPI document and its reference page, generated from the same composition the API is
 * served by (every other HTTP function's share, built without deps: apps only touch their dependencies inside
 * handlers, so the routes and the document need none).
 */
import { handle } from "hono/aws-lambda";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { openApiApp } from "../http/openapi-app";
import { agencyServes } from "./agency";
import { catalogueServes } from "./catalogue";
import { dossiersServes } from "./dossiers";
import { officerServes } from "./officer";
import { paymentsServes } from "./payments";
import { lambdaRoot, type HttpFunction, type Served } from "./root";
import { statsServes } from "./stats";

const NO_DEPS = {} as never;

/** Every documented HTTP function as served, without deps (the docs function is the document itself). */
export function documentedApi(): Record<Exclude<HttpFunction, "docs">, Served> {
  return {
    catalogue: catalogueServes(NO_DEPS),
    dossiers: dossiersServes({ dossiers: NO_DEPS, probes: NO_DEPS, optOut: NO_DEPS }),
    agency: agencyServes(NO_DEPS),
    officer: officerServes(NO_DEPS, { oidc: { issuer: "", audience: "", clientId: "", scopes: "" } }),
    payments: paymentsServes(NO_DEPS),
    stats: statsServes(NO_DEPS),
  };
}

/** `webOrigin`: where the site serves the page's Swagger UI files ("*" or unset: this origin, as locally). */
export function docsServes(webOrigin?: string): Served {
  return { apps: [openApiApp(() => Object.values(documentedApi()).flatMap((served) => served.apps), { webOrigin })], limited: false };
}

/** The Lambda handler (functions/docs.ts imports this module on its first request). No store: no clients. */
export function docsHandler(config: Config) {
  return handle(lambdaRoot(docsServes(config.webOrigin), jsonLogger()));
}
