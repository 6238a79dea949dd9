import { createHash } from "node:crypto";
import { ConflictError, RuleError } from "./errors";

/**
 * Idempotency-Key support (API.md Conventions): the same key and body within 24 h get the first answer; the same
 * key with another body is a 422. A record is claimed with a conditional put, carries what the work has fixed so far
 * (e.g. the dossier code), and is completed with the answer. A claim whose lease ran out (a crashed attempt) is taken
 * over by the next retry, which then converges on the same result.
 */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  state: "pending" | "done";
  leaseUntil: string;
  /** Values the work fixed before finishing (e.g. `{ code }`), reused by a retry. */
  progress?: Record<string, string>;
  response?: unknown;
}

export interface IdempotencyStore {
  /** Creates the record if absent; returns the stored record when one exists. */
  claim(record: IdempotencyRecord): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord }>;
  /** Takes over an expired lease; false when someone else holds or finished it. */
  renew(scope: string, key: string, previousLease: string, leaseUntil: string): Promise<boolean>;
  /** Records progress once (first writer wins); returns the stored progress. */
  saveProgress(scope: string, key: string, progress: Record<string, string>): Promise<Record<string, string>>;
  complete(scope: string, key: string, response: unknown): Promise<void>;
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Drops a pending claim after a failure the client must fix (so a corrected retry may reuse the key). */
  release(scope: string, key: string): Promise<void>;
}

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
/**
 * How long a claim is held before a retry may take it over. Shorter than the time a duplicate waits (`waitMs`), so a
 * retry of an attempt that died with its store (and could not give its lease back) gets through in one wait. Taking
 * over a slow but live attempt is safe: the work saves what it fixes as first-writer-wins progress and writes
 * conditionally, so both attempts converge on the same result.
 */
const LEASE_MS = 5_000;
const EXPIRED = new Date(0).toISOString();

export function requestHash(body: unknown): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("hex");
}

export interface IdempotentRun<T> {
  /** Progress saved by an earlier attempt of this key, if any. */
  progress: Record<string, string>;
  saveProgress(values: Record<string, string>): Promise<Record<string, string>>;
  result?: T;
}

/**
 * Runs `work` at most once to completion per (scope, key). Concurrent duplicates wait for the first to finish and
 * get its answer.
 * @throws RuleError `idempotency.key_reused` when the key was used with a different body
 * @throws ConflictError `idempotency.in_progress` when the first attempt is still running after the wait
 */
export async function idempotent<T>(
  store: IdempotencyStore,
  options: { scope: string; key: string; body: unknown; now?: () => Date; waitMs?: number },
  work: (run: IdempotentRun<T>) => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const now = options.now ?? (() => new Date());
  const hash = requestHash(options.body);
  const lease = () => new Date(now().getTime() + LEASE_MS).toISOString();
  const deadline = Date.now() + (options.waitMs ?? 8_000);

  for (;;) {
    let held = lease();
    const claim = await store.claim({
      scope: options.scope,
      key: options.key,
      requestHash: hash,
      state: "pending",
      leaseUntil: held,
    });
    let progress: Record<string, string> = {};
    if (!claim.claimed) {
      const existing = claim.existing;
      if (existing.requestHash !== hash) throw new RuleError("idempotency.key_reused");
      if (existing.state === "done") return { value: existing.response as T, replayed: true };
      const expired = new Date(existing.leaseUntil) < now();
      held = lease();
      if (!expired || !(await store.renew(options.scope, options.key, existing.leaseUntil, held))) {
        if (Date.now() > deadline) throw new ConflictError("idempotency.in_progress");
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        continue;
      }
      progress = existing.progress ?? {};
    }
    try {
      const value = await work({
        progress,
        saveProgress: (values) => store.saveProgress(options.scope, options.key, values),
      });
      await store.complete(options.scope, options.key, value);
      return { value, replayed: false };
    } catch (err) {
      // A refusal the client must fix frees the key. Anything else (a store outage) keeps the record and its saved
      // progress for the retry, but gives the lease back at once, so that the retry resumes without waiting it out;
      // when the store is down that write fails too, and the retry waits for the lease to run out instead.
      const kind = (err as { kind?: string }).kind;
      if (kind && kind !== "unavailable") await store.release(options.scope, options.key).catch(() => {});
      else await store.renew(options.scope, options.key, held, EXPIRED).catch(() => {});
      throw err;
    }
  }
}
