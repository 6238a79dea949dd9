/**
 * What an HTTP function serves, and the root its apps are mounted on (a Lambda function's, or the local portal's).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import type { Config } from "../config";
import type { Logger } from "../core/log";
import { createRoot, type AppEnv } from "../http/app";
import { abuseLimits, type AbuseLimits } from "../http/rate-limit";

/** One HTTP function's share of the API: the apps it mounts, and whether the public abuse limits run before them. */
export interface Served {
  // Each app's route types differ; what is read of them here is their routes and their document.
  apps: OpenAPIHono<AppEnv, any, any>[];
  /** Public writes and dossier lookups pass through here (functions/http/rate-limit.ts). */
  limited: boolean;
}

/** The HTTP functions, by the file name of their entry (`functions/<name>.ts`). */
export const HTTP_FUNCTIONS = ["catalogue", "dossiers", "agency", "officer", "payments", "stats", "docs"] as const;
export type HttpFunction = (typeof HTTP_FUNCTIONS)[number];

export function abuseLimitsOf(config: Config): AbuseLimits {
  return {
    writesPerMinute: config.rateLimitPerMinute,
    notFoundPerMinute: config.notFoundLimitPerMinute,
    statusLookupsPerMinute: config.statusLookupLimitPerMinute,
  };
}

/**
 * A Lambda function's root. The abuse limits are per warm instance: a soft limit; API Gateway's stage throttling is
 * the hard one (functions/http/rate-limit.ts). They run before the apps, so a throttled request is refused before
 * its body is read.
 */
export function lambdaRoot(served: Served, log: Logger, limits?: AbuseLimits): Hono {
  if (served.limited && !limits) throw new Error("a limited function needs its abuse limits");
  const root = createRoot(log);
  if (served.limited && limits) root.use("/v1/*", abuseLimits(limits));
  for (const app of served.apps) root.route("/", app);
  return root;
}

/** `GET /v1/dossiers/:code` → `GET /v1/dossiers/{code}`: Hono's routes of a served share, as API Gateway route keys. */
export function routeKeys(served: Served): string[] {
  const keys = new Set<string>();
  for (const app of served.apps) {
    for (const route of app.routes) {
      if (route.method === "ALL") continue; // middleware (`use`), not a route
      keys.add(`${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    }
  }
  return [...keys];
}
