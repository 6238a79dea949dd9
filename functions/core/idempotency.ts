import { createHash } from "node:crypto";

/**
 * Idempotency-Key support (docs/api.md Conventions): the same key and body within 24 h get the first answer; the same
 * key with another body is a 422. A key is bound, with one conditional write, to the request's hash and to what the
 * first attempt fixed (e.g. the dossier code): everything after that write is itself idempotent (conditional writes
 * of deterministic values), so a retry — after a crash at any point, or running concurrently — converges on the
 * first attempt's result without leases or a second write. The store: `IdempotencyStore` (core/ports.ts).
 */

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestHash(body: unknown): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("hex");
}
