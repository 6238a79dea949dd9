import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { AGENCY_CODE } from "../catalogue/model";

/**
 * Dossier codes (Circular 01/2018/TT-VPCP Art. 19): `<receiving unit>-<YYMMDD>-<NNNN>`, e.g.
 * `000.00.15.H22-261122-0007`. Vendors differ (one ministry uses `{unit}-{yyyyMMdd}-{7 digits}`): this module is the
 * one place that knows the format. A day past 9,999 dossiers simply gets more digits.
 */
export const DOSSIER_CODE = /^([0-9A-Z]{2,3}(?:\.[0-9A-Z]{2,3}){2}\.[A-Z][0-9]{2})-([0-9]{6})-([0-9]{4,})$/;

/** `YYMMDD` of a Vietnam date `YYYY-MM-DD`. */
export function codeDay(vietnamDate: string): string {
  return vietnamDate.slice(2, 4) + vietnamDate.slice(5, 7) + vietnamDate.slice(8, 10);
}

export function formatDossierCode(agencyCode: string, vietnamDate: string, sequence: number): string {
  if (!AGENCY_CODE.test(agencyCode)) throw new Error(`not an agency code: ${agencyCode}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`bad sequence ${sequence}`);
  return `${agencyCode}-${codeDay(vietnamDate)}-${String(sequence).padStart(4, "0")}`;
}

export function isDossierCode(code: string): boolean {
  return DOSSIER_CODE.test(code);
}

// ---- access tokens: ≥128 bits, shown once, stored only as a hash ----

/** A fresh random access token (256 bits, base64url). */
export function newAccessToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The access token of a dossier created under an Idempotency-Key: derived from a server secret, so a retry answers
 * the same token while the store still holds only its hash (the secret is never in the store).
 */
export function derivedAccessToken(secret: string, idempotencyScope: string, dossierCode: string): string {
  return createHmac("sha256", secret).update(`token\u0000${idempotencyScope}\u0000${dossierCode}`).digest("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string | undefined, storedHash: string): boolean {
  if (!token) return false;
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
