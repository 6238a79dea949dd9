import { lang } from "./i18n";

/**
 * The API client. The base URL comes from the build (`VITE_API_URL`, set by SST when deployed);
 * empty means the page's own origin, where the local portal serves `/v1`.
 */
export const API_BASE = (import.meta.env.VITE_API_URL ?? "").trim().replace(/\/+$/, "");

export interface FieldProblem {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldProblem[];
}

/** A failed call: `status` 0 for a network failure or a timeout. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly reason: "http" | "network" | "timeout",
  ) {
    super(problem?.title ?? reason);
  }

  /** Worth retrying with the same Idempotency-Key: no answer, a busy server, or the same key still running. */
  get retriable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500 || this.problem?.code === "idempotency.in_progress";
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": lang() };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? 30_000);
  const abort = () => controller.abort();
  options.signal?.addEventListener("abort", abort);

  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method: options.method ?? (options.body !== undefined ? "POST" : "GET"),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: controller.signal,
      credentials: "omit",
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, undefined, timedOut ? "timeout" : "network");
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", abort);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const problem = parsed && typeof parsed === "object" && "code" in parsed ? (parsed as Problem) : undefined;
    throw new ApiError(res.status, problem, "http");
  }
  return parsed as T;
}

/** Calls `run` again (same arguments, so the same Idempotency-Key) while it fails in a retriable way. */
export async function withRetries<T>(run: () => Promise<T>, attempts = 3, delayMs = 800): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || !(err instanceof ApiError) || !err.retriable) throw err;
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}

export const path = (strings: TemplateStringsArray, ...values: string[]) =>
  strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]!) : ""), "");

/** A fresh random key (Idempotency-Key). */
export function randomKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
