/**
 * The domain error model (DESIGN.md "One error model").
 *
 * Core code throws `DomainError`s with a stable dotted `code` and a `kind`; the HTTP layer maps the kind to a
 * status (functions/http/problem.ts) and renders the message in the caller's language from `messages.ts`.
 * Nothing here knows about HTTP or AWS.
 */

export type ErrorKind =
  | "malformed" // 400: the request cannot be read or its values have the wrong shape
  | "unauthenticated" // 401
  | "forbidden" // 403
  | "not_found" // 404
  | "conflict" // 409: state or version
  | "too_large" // 413
  | "unsupported_media" // 415
  | "rule" // 422: well-formed but breaks a rule
  | "throttled" // 429
  | "unavailable"; // 503: a store did not answer

/** A problem with one field of the input: `path` is dotted (`applicant.phone`, `documents.2.key`). */
export interface FieldError {
  path: string;
  message: string;
}

export interface DomainErrorOptions {
  /** Values interpolated into the localized message (`{name}` placeholders). */
  params?: Record<string, string | number>;
  errors?: FieldError[];
  /** Seconds, for `throttled` and `unavailable`. */
  retryAfter?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly params: Record<string, string | number>;
  readonly errors?: FieldError[];
  readonly retryAfter?: number;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    options: DomainErrorOptions = {},
  ) {
    super(code, { cause: options.cause });
    this.name = "DomainError";
    this.params = options.params ?? {};
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
  }
}

export class ValidationError extends DomainError {
  constructor(code: string, errors: FieldError[], params?: Record<string, string | number>) {
    super("malformed", code, { errors, params });
    this.name = "ValidationError";
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, params?: Record<string, string | number>) {
    super("not_found", code, { params });
    this.name = "NotFoundError";
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, params?: Record<string, string | number>) {
    super("conflict", code, { params });
    this.name = "ConflictError";
  }
}

export class RuleError extends DomainError {
  constructor(code: string, options: DomainErrorOptions = {}) {
    super("rule", code, options);
    this.name = "RuleError";
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, params?: Record<string, string | number>) {
    super("forbidden", code, { params });
    this.name = "ForbiddenError";
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code = "auth.required") {
    super("unauthenticated", code);
    this.name = "UnauthenticatedError";
  }
}

/** A store (DynamoDB, S3) did not answer; the client should retry after `retryAfter` seconds. */
export class UnavailableError extends DomainError {
  constructor(store: string, cause?: unknown) {
    super("unavailable", "storage.unavailable", { params: { store }, retryAfter: 2, cause });
    this.name = "UnavailableError";
  }
}
