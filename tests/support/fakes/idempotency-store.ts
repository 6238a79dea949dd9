import type { IdempotencyRecord, IdempotencyStore } from "../../../functions/core/ports";
import { stored } from "./cursor";

/** How long a record binds its key (docs/api.md Conventions). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * In-memory Idempotency-Key records (core/ports.ts `IdempotencyStore`): a key is claimed once; within 24 h a claim
 * returns the first record; past them the key is free again. `now` defaults to the system clock (fake timers move it).
 */
export function fakeIdempotencyStore(options: { now?: () => number } = {}): IdempotencyStore {
  const now = options.now ?? (() => Date.now());
  const records = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();
  return {
    async claim(record) {
      const id = `${record.scope}\u0000${record.key}`;
      const existing = records.get(id);
      if (existing && existing.expiresAt >= now()) return { claimed: false, existing: stored(existing.record) };
      records.set(id, { record: stored(record), expiresAt: now() + IDEMPOTENCY_RETENTION_MS });
      return { claimed: true };
    },
  };
}
