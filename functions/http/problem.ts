import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, type ErrorKind, type FieldError } from "../core/errors";
import type { Logger } from "../core/log";
import { describe, pickLanguage } from "../core/messages";
import { jsonLogger } from "../adapters/log/json";

const fallbackLogger = jsonLogger();

/** The one table that maps domain error kinds to HTTP statuses (DESIGN.md "One error model"). */
export const statusOfKind: Record<ErrorKind, number> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  rule: 422,
  throttled: 429,
  unavailable: 503,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  instance: string;
  requestId?: string;
}

export const PROBLEM_TYPE_BASE = "https://dichvucong.dev/problems/";

/** The realm every credential of the API belongs to (a dossier's access token, an agency's API key). */
export const AUTH_REALM = "dichvucong";

/**
 * The challenge of a 401 (RFC 9110 §11.6.1: a 401 must say how to authenticate): Bearer (RFC 6750 §3), with
 * `error="invalid_token"` when a credential was sent but is not valid, and no error code when none was sent.
 */
export function wwwAuthenticate(code: string): string {
  return code === "auth.required" ? `Bearer realm="${AUTH_REALM}"` : `Bearer realm="${AUTH_REALM}", error="invalid_token"`;
}

/** Renders a problem+json response in the caller's language. */
export function problemResponse(
  c: Context,
  status: number,
  code: string,
  options: { params?: Record<string, string | number>; errors?: FieldError[]; retryAfter?: number } = {},
): Response {
  const language = pickLanguage(c.req.header("accept-language"));
  const requestId = (c.get("requestId" as never) as string | undefined) ?? undefined;
  const { title, detail } = describe(code, language, { ...options.params, requestId: requestId ?? "-" });
  const body: Problem = {
    type: PROBLEM_TYPE_BASE + code,
    title,
    status,
    ...(detail ? { detail } : {}),
    code,
    // Core code may name a field problem by a message code (it knows no language); translate those here.
    ...(options.errors?.length
      ? { errors: options.errors.map((e) => ({ path: e.path, message: describe(e.message, language, options.params).title })) }
      : {}),
    instance: new URL(c.req.url).pathname,
    ...(requestId ? { requestId } : {}),
  };
  const headers: Record<string, string> = {
    "content-type": "application/problem+json; charset=utf-8",
    "content-language": language,
  };
  if (options.retryAfter !== undefined) headers["retry-after"] = String(options.retryAfter);
  if (status === 401) headers["www-authenticate"] = wwwAuthenticate(code);
  if (requestId) headers["x-request-id"] = requestId;
  return new Response(JSON.stringify(body), { status, headers });
}

/** Maps any thrown value to problem+json; unknown errors are logged with the request id and never leak a stack. */
export function errorToResponse(err: unknown, c: Context): Response {
  if (err instanceof DomainError) {
    return problemResponse(c, statusOfKind[err.kind], err.code, {
      params: err.params,
      errors: err.errors,
      retryAfter: err.retryAfter ?? (err.kind === "unavailable" ? 2 : undefined),
    });
  }
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return problemResponse(c, 400, "request.malformed_json");
    if (err.status === 413) return problemResponse(c, 413, "request.too_large");
    if (err.status === 415) return problemResponse(c, 415, "request.unsupported_media_type");
    if (err.status === 401) return problemResponse(c, 401, "auth.required");
    if (err.status < 500) return problemResponse(c, err.status, "request.invalid");
  }
  // The request's logger carries the request id (functions/http/app.ts); an error thrown before it was set still
  // gets logged, without one.
  const log = (c.get("log" as never) as Logger | undefined) ?? fallbackLogger;
  log.error("unhandled error", {
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    error: err instanceof Error ? err : String(err),
  });
  return problemResponse(c, 500, "internal");
}
