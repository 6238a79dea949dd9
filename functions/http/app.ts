import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { privateByDefault } from "./cache";
import { errorToResponse, problemResponse } from "./problem";
import { validationHook } from "./validation";

/** Values the middlewares put on the context. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** Set by the agency auth middleware (or the API Gateway authorizer's context). */
    agencyCode?: string;
    keyId?: string;
  };
};

/** JSON bodies are small: a dossier's form, never its files (those go straight to S3). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Every app (catalogue, dossiers, agency, stats) starts here, so they all share request ids,
 * problem+json errors, the body size limit and the validation hook.
 */
export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  app.use("*", requestId({ headerName: "x-request-id", limitLength: 64 }));
  app.use("*", async (c, next) => {
    await next();
    c.header("x-request-id", c.get("requestId"));
  });
  app.use("*", privateByDefault());
  app.use(
    "*",
    bodyLimit({ maxSize: MAX_JSON_BODY_BYTES, onError: (c) => problemResponse(c, 413, "request.too_large") }),
  );
  // Every write route takes JSON: anything else with a body is refused before it is read.
  app.use("*", async (c, next) => {
    if (["POST", "PUT", "PATCH"].includes(c.req.method)) {
      const length = c.req.header("content-length");
      const hasBody = length ? length !== "0" : Boolean(c.req.header("transfer-encoding"));
      const type = c.req.header("content-type") ?? "";
      if (hasBody && !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
        return problemResponse(c, 415, "request.unsupported_media_type");
      }
    }
    await next();
  });
  return withErrorHandling(app);
}

/** problem+json for unknown routes and thrown errors; for every app and for the roots that compose them. */
export function withErrorHandling<T extends Hono<AppEnv> | Hono>(app: T): T {
  app.onError(errorToResponse);
  app.notFound((c) =>
    problemResponse(c, 404, "route.not_found", { params: { method: c.req.method, path: new URL(c.req.url).pathname } }),
  );
  return app;
}

/** The root a Lambda entry (or the local server) mounts its apps on. */
export function createRoot(): Hono {
  return withErrorHandling(new Hono());
}
