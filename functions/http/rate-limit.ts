import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { problemResponse } from "./problem";

/**
 * Abuse limits of the public API (docs/api.md "429 throttled"), per client:
 *
 * - **writes**: every public write (POST/PUT/PATCH/DELETE outside the agency and officer APIs and payment-provider callbacks)
 *   takes a token from a bucket that holds `writesPerMinute` and refills at `writesPerMinute / 60` per second;
 * - **misses**: a request on a dossier (`/v1/dossiers/{code}…`) that answers 404 `dossier.not_found` costs a token
 *   of a second bucket (`notFoundPerMinute`), so dossier codes and access tokens cannot be probed quickly. Until
 *   that bucket is empty the client gets the ordinary 404; then every dossier lookup gets 429 — found or not, so a
 *   429 says nothing about whether a code exists.
 *
 * - **status lookups**: every public status lookup (`GET /v1/dossiers/{code}/status`), found or not, costs a token of
 *   a third bucket (`statusLookupsPerMinute`). Dossier codes are sequential by law, so without it a client could
 *   walk a day's codes and collect every dossier's procedure, agency and timeline; with it, a citizen polling their
 *   own dossier (the payment page asks every 2 s) is never held back, and a scan is.
 *
 * The buckets live in the memory of one process. Locally that is the whole portal; deployed, it is one warm Lambda
 * instance, so this is a soft limit (a client spread over N instances gets up to N× the budget) and API Gateway's
 * stage throttling (stacks/stage-config.ts `throttle`) is the hard one.
 */
export interface AbuseLimits {
  writesPerMinute: number;
  notFoundPerMinute: number;
  /** Public status lookups a client may make per minute, hits and misses alike (default DEFAULT_STATUS_LOOKUPS_PER_MINUTE). */
  statusLookupsPerMinute?: number;
  /**
   * How many trusted proxies append themselves to X-Forwarded-For in front of API Gateway (0: none — the API has its
   * own endpoint, not behind CloudFront). See `clientAddress`.
   */
  trustedProxies?: number;
  /** Monotonic milliseconds (tests move it). */
  now?: () => number;
  /** Most clients remembered at once; the least recently seen are forgotten first. */
  maxClients?: number;
}

/**
 * A burst of 30 lookups, then one every 2 s: what the payment page's polling needs, and 1,800 an hour at most for a
 * scan from one address (a day's dossiers of a large province are in the thousands).
 */
export const DEFAULT_STATUS_LOOKUPS_PER_MINUTE = 30;

type Take = { ok: true } | { ok: false; retryAfter: number };

/** Token buckets keyed by client: `capacity` tokens, refilled continuously at `perSecond`. Bounded in memory. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxClients = 10_000,
  ) {}

  private current(key: string) {
    const now = this.now();
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.capacity, at: now };
    this.buckets.delete(key); // re-inserted below: Map order is recency order
    return { tokens: Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond), at: now };
  }

  private store(key: string, bucket: { tokens: number; at: number }) {
    this.buckets.set(key, bucket);
    // Forget the least recently seen clients; a forgotten client starts again with a full bucket.
    while (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
  }

  /** Takes one token, or says in how many whole seconds one will be there. */
  take(key: string): Take {
    const bucket = this.current(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.store(key, bucket);
      return { ok: true };
    }
    this.store(key, bucket);
    return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)) };
  }

  /** Gives back a token taken by `take` (never above capacity). */
  refund(key: string): void {
    const bucket = this.current(key);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + 1);
    this.store(key, bucket);
  }

  get size(): number {
    return this.buckets.size;
  }
}

type LambdaEnv = { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };

/**
 * Who is asking. Behind API Gateway (a Lambda event): with no trusted proxy in front, the address that connected to
 * API Gateway (`sourceIp`, which API Gateway also appends to X-Forwarded-For); with `trustedProxies` = n (e.g. 1 for
 * CloudFront), the X-Forwarded-For hop n places before the end — the address the outermost trusted proxy saw.
 * The first hop is not used: it is whatever the client wrote, so a prober could get a fresh bucket per request.
 * Locally (Node server): the socket's remote address. Without either (in-process `app.request`): "unknown".
 */
export function clientAddress(c: Context, trustedProxies = 0): string {
  const env = c.env as LambdaEnv | undefined;
  const lambda = env?.requestContext;
  if (lambda) {
    const hops = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const forwarded = trustedProxies > 0 ? hops[hops.length - 1 - trustedProxies] : undefined;
    return forwarded ?? lambda.http?.sourceIp ?? lambda.identity?.sourceIp ?? hops.at(-1) ?? "unknown";
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Writes that are not the public's: agencies (API key, authorizer), officers (JWT authorizer) and payment providers' signed callbacks. */
const NOT_PUBLIC = [/^\/v1\/agency\//, /^\/v1\/officer\//, /^\/v1\/payments\/[^/]+\//];
/** Routes that look a dossier up by its code (and its access token). */
const DOSSIER_LOOKUP = /^\/v1\/dossiers\/[^/]+/;
/** The public status lookup: no token, so only this throttle stands between a scanner and every dossier's status. */
const STATUS_LOOKUP = /^\/v1\/dossiers\/[^/]+\/status\/?$/;
const READ_METHODS = new Set(["GET", "HEAD"]);

async function isDossierNotFound(res: Response): Promise<boolean> {
  if (res.status !== 404 || !(res.headers.get("content-type") ?? "").includes("problem+json")) return false;
  try {
    return ((await res.clone().json()) as { code?: string }).code === "dossier.not_found";
  } catch {
    return false;
  }
}

/** The abuse limits as one middleware for a root app (mount it before the apps). */
export function abuseLimits(limits: AbuseLimits): MiddlewareHandler {
  const now = limits.now ?? (() => performance.now());
  const writes = new TokenBuckets(limits.writesPerMinute, limits.writesPerMinute / 60, now, limits.maxClients);
  const misses = new TokenBuckets(limits.notFoundPerMinute, limits.notFoundPerMinute / 60, now, limits.maxClients);
  const lookupsPerMinute = limits.statusLookupsPerMinute ?? DEFAULT_STATUS_LOOKUPS_PER_MINUTE;
  const lookups = new TokenBuckets(lookupsPerMinute, lookupsPerMinute / 60, now, limits.maxClients);
  const throttled = (c: Context, retryAfter: number) =>
    problemResponse(c, 429, "request.throttled", { params: { retryAfter }, retryAfter });

  return async (c, next) => {
    const path = c.req.path;
    const client = clientAddress(c, limits.trustedProxies);
    if (WRITE_METHODS.has(c.req.method) && !NOT_PUBLIC.some((p) => p.test(path))) {
      const taken = writes.take(client);
      if (!taken.ok) return throttled(c, taken.retryAfter);
    }
    if (READ_METHODS.has(c.req.method) && STATUS_LOOKUP.test(path)) {
      const taken = lookups.take(client);
      if (!taken.ok) return throttled(c, taken.retryAfter);
    }
    if (!DOSSIER_LOOKUP.test(path)) return next();
    // The miss is paid for up front (concurrent probes cannot all slip through) and refunded when it was no miss.
    const reserved = misses.take(client);
    if (!reserved.ok) return throttled(c, reserved.retryAfter);
    await next();
    if (!(await isDossierNotFound(c.res))) misses.refund(client);
  };
}
