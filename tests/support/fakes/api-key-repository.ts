import type { ApiKeyRecord, ApiKeyRepository } from "../../../functions/core/ports";
import { NotFoundError } from "../../../functions/core/errors";
import { stored } from "./cursor";

/** In-memory agency API keys (core/ports.ts `ApiKeyRepository`): a keyId is written once; revoking keeps the first time. */
export function fakeApiKeyRepository(): ApiKeyRepository {
  const keys = new Map<string, ApiKeyRecord>();
  return {
    async put(record) {
      // The DynamoDB adapter's conditional put refuses a taken keyId too (with the SDK's condition failure).
      if (keys.has(record.keyId)) throw new Error(`API key ${record.keyId} exists`);
      keys.set(record.keyId, stored(record));
    },
    async get(keyId) {
      const found = keys.get(keyId);
      return found ? stored(found) : undefined;
    },
    async list() {
      const order = (r: ApiKeyRecord) => `${r.createdAt}#${r.keyId}`;
      return [...keys.values()].sort((a, b) => (order(a) < order(b) ? -1 : 1)).map(stored);
    },
    async revoke(keyId, at) {
      const found = keys.get(keyId);
      if (!found) throw new NotFoundError("key.not_found", { keyId });
      found.revokedAt ??= at;
      return stored(found);
    },
  };
}
