import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { NotFoundError, UnauthenticatedError } from "../errors";

/**
 * Agency API keys: `dvc_<keyId>_<secret>`. The key is shown once; the store keeps its SHA-256 only, so a leaked
 * table leaks no usable key. The keyId (public) finds the record with one GetItem.
 */
export interface ApiKeyRecord {
  keyId: string;
  agencyCode: string;
  label?: string;
  keyHash: string;
  createdAt: string;
  revokedAt?: string;
}

export interface ApiKeyRepository {
  put(record: ApiKeyRecord): Promise<void>;
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** @throws NotFoundError `key.not_found` */
  revoke(keyId: string, at: string): Promise<ApiKeyRecord>;
}

export interface AgencyIdentity {
  agencyCode: string;
  keyId: string;
}

const KEY_FORMAT = /^dvc_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const hash = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

/**
 * Issues a key for an agency that exists in the catalogue.
 * @throws NotFoundError `catalogue.unknown_agency`
 */
export async function createApiKey(
  repo: ApiKeyRepository,
  agencyExists: (code: string) => Promise<boolean>,
  input: { agencyCode: string; label?: string; now: Date },
): Promise<{ keyId: string; apiKey: string; agencyCode: string }> {
  if (!(await agencyExists(input.agencyCode))) {
    throw new NotFoundError("catalogue.unknown_agency", { agencyCode: input.agencyCode });
  }
  const keyId = randomBytes(9).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 12).padEnd(12, "0");
  const apiKey = `dvc_${keyId}_${randomBytes(32).toString("base64url")}`;
  await repo.put({
    keyId,
    agencyCode: input.agencyCode,
    ...(input.label ? { label: input.label } : {}),
    keyHash: hash(apiKey),
    createdAt: input.now.toISOString(),
  });
  return { keyId, apiKey, agencyCode: input.agencyCode };
}

/**
 * Resolves a presented key to its agency. Every failure is the same 401, whatever the cause.
 * @throws UnauthenticatedError `auth.required` (no key) or `auth.invalid` (malformed, unknown, wrong or revoked)
 */
export async function resolveApiKey(repo: ApiKeyRepository, presented: string | undefined): Promise<AgencyIdentity> {
  if (!presented) throw new UnauthenticatedError("auth.required");
  const match = KEY_FORMAT.exec(presented);
  if (!match) throw new UnauthenticatedError("auth.invalid");
  const record = await repo.get(match[1]!);
  if (!record || record.revokedAt) throw new UnauthenticatedError("auth.invalid");
  const a = Buffer.from(hash(presented), "hex");
  const b = Buffer.from(record.keyHash, "hex");
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new UnauthenticatedError("auth.invalid");
  return { agencyCode: record.agencyCode, keyId: record.keyId };
}

/** A listing that never shows hashes. */
export function describeKey(record: ApiKeyRecord) {
  const { keyHash: _hash, ...rest } = record;
  return { ...rest, status: record.revokedAt ? "revoked" : "active" };
}
