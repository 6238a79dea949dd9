import type { MiddlewareHandler } from "hono";

/**
 * Private by default: an API answer that did not say how it may be cached gets `Cache-Control: no-store`.
 *
 * Answers about a dossier carry personal data (the applicant, the files' download links, the access token at
 * creation); no browser cache, proxy or CDN may keep them. Routes whose answers are public (the catalogue, the
 * statistics, the OpenAPI document) say so themselves with `public, max-age=…`, so nothing has to remember to
 * add `no-store` — a new route is private until it says otherwise. Errors get it too (a 401 or 404 is about one
 * dossier as well).
 */
export function privateByDefault(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  };
}
