import { gzipSync } from "node:zlib";
import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from "hono/utils/compress";
import { jsonLogger } from "../adapters/log/json";
import { DOSSIER_CODE } from "../core/dossier/codes";
import type { Logger } from "../core/log";
import { privateByDefault } from "./cache";
import { errorToResponse, problemResponse } from "./problem";
import { validationHook } from "./validation";

/** Values the middlewares put on the context. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** This request's logger: every line carries the request id, and the dossier code on a dossier's routes. */
    log: Logger;
    /** Set by the agency auth middleware (or the API Gateway authorizer's context). */
    agencyCode?: string;
    keyId?: string;
  };
};

/** JSON bodies are small: a dossier's form, never its files (those go straight to S3). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Answers below this size are sent as they are: gzip would save no packet and still cost a few microseconds. */
export const COMPRESS_MIN_BYTES = 1024;

/** The logger of an app used on its own (tests' `app.request`); a root passes its own (functions/wiring/root.ts). */
const standaloneLogger = jsonLogger();

const REQUEST_ID = /^[\w=-]{1,64}$/;
const DOSSIER_PATH = /^\/v1\/(?:agency\/)?dossiers\/([^/]+)/;

type LambdaRequest = { requestContext?: { requestId?: string } };

/**
 * The request id (the client's `X-Request-Id` when it is a sane one; else API Gateway's own request id, which its
 * access log carries; else a fresh UUID) and the request's logger. Runs once per request: the root sets it, and
 * the same middleware in each app mounted on the root then finds it set.
 */
function requestContext(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get("requestId")) return next();
    const sent = c.req.header("x-request-id");
    const requestId =
      sent && REQUEST_ID.test(sent) ? sent : ((c.env as LambdaRequest | undefined)?.requestContext?.requestId ?? crypto.randomUUID());
    c.set("requestId", requestId);
    // Only a well-formed code is logged as one: the path is whatever the client wrote (`%ZZ` included).
    const code = DOSSIER_PATH.exec(c.req.path)?.[1];
    const dossierCode = code && DOSSIER_CODE.test(code) ? code : undefined;
    c.set("log", log.child({ requestId, ...(dossierCode ? { dossierCode } : {}) }));
    await next();
    c.header("x-request-id", requestId);
  };
}

/** `gzip` unless the client refused it (`gzip;q=0`) or did not offer it (neither `gzip` nor `*`). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(",")) {
    const [token, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    if (token === "gzip") return weight > 0;
    if (token === "*") wildcard = weight > 0;
  }
  return wildcard;
}

/**
 * gzip for answers of a compressible type (JSON, problem+json, CSV, HTML…) of at least `COMPRESS_MIN_BYTES`, when the
 * client accepts it. API Gateway's HTTP APIs do not compress (only REST APIs and CloudFront do), so the function
 * does: a page of procedures or a month of statistics shrinks about tenfold. Every answer here is already whole in
 * memory (no streaming route), so the size is known before choosing; `Vary: Accept-Encoding` goes on every answer
 * that could have been compressed. Deployed, hono/aws-lambda sends a `Content-Encoding`d body base64-encoded, as
 * API Gateway requires for binary bodies.
 */
function compressAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get("content-type");
    if (
      c.req.method === "HEAD" ||
      !res.body ||
      [204, 206, 304].includes(res.status) ||
      res.headers.has("content-encoding") ||
      !type ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get("cache-control") ?? "")
    ) {
      return;
    }
    const body = new Uint8Array(await res.arrayBuffer());
    c.res = undefined; // the body is read: rebuild the answer, not merge into the spent one
    const answer = new Response(body, res);
    if (body.byteLength >= COMPRESS_MIN_BYTES) {
      const vary = answer.headers.get("vary");
      if (!vary) answer.headers.set("vary", "Accept-Encoding");
      else if (vary !== "*" && !/accept-encoding/i.test(vary)) answer.headers.set("vary", `${vary}, Accept-Encoding`);
      if (acceptsGzip(c.req.header("accept-encoding"))) {
        const gzipped = gzipSync(body);
        const compressed = new Response(gzipped, answer);
        compressed.headers.set("content-encoding", "gzip");
        compressed.headers.set("content-length", String(gzipped.byteLength));
        c.res = compressed;
        return;
      }
    }
    c.res = answer;
  };
}

/**
 * Every app (catalogue, dossiers, agency, stats…) starts here, so they all share request ids and the request's
 * logger, problem+json errors, the body size limit and the validation hook.
 */
/**
 * Routes that take a form post, their body unread: RFC 8058's one-click unsubscribe (`…/opt-out`, the notifications
 * app). A suffix rather than the path, so the other functions' bundles carry no route of the dossiers function.
 */
const takesFormPost = (path: string) => path.endsWith("/opt-out");

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  app.use("*", requestContext(standaloneLogger));
  app.use("*", privateByDefault());
  app.use(
    "*",
    bodyLimit({ maxSize: MAX_JSON_BODY_BYTES, onError: (c) => problemResponse(c, 413, "request.too_large") }),
  );
  // Every write route takes JSON: anything else with a body is refused before it is read. The one exception is the
  // opt-out link's POST, which a mail client sends as a form (RFC 8058 one-click) and whose body is never read.
  app.use("*", async (c, next) => {
    if (["POST", "PUT", "PATCH"].includes(c.req.method) && !takesFormPost(c.req.path)) {
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

/**
 * The root a Lambda function (or the local server) mounts its apps on (functions/wiring/root.ts): the request id and
 * logger first, then compression of the API's answers around everything else.
 */
export function createRoot(log: Logger = standaloneLogger): Hono {
  const root = withErrorHandling(new Hono<AppEnv>());
  root.use("*", requestContext(log));
  root.use("/v1/*", compressAnswers());
  return root as unknown as Hono; // a root's own routes read nothing of AppEnv; its apps type their own context
}
