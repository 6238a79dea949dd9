import { describe, expect, it } from "vitest";
import type { ApiKeyRecord, ApiKeyRepository } from "../../functions/core/ports";
import { AGENCY, OTHER_AGENCY, rejection } from "./fixtures";

/** The contract of `ApiKeyRepository` (functions/core/ports.ts): what issuing, resolving and revoking keys rely on. */
export function describeApiKeyRepositoryContract(name: string, makePort: () => Promise<ApiKeyRepository>) {
  describe(`ApiKeyRepository contract: ${name}`, () => {
    let keys = 0;
    const key = (overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
      keyId: `k${String(Date.now()).slice(-7)}${String(++keys).padStart(4, "0")}`,
      agencyCode: AGENCY,
      label: "Hệ thống một cửa điện tử",
      keyHash: "c".repeat(64),
      createdAt: "2026-03-02T04:00:00.000Z",
      ...overrides,
    });

    it("keeps a key by its id; an unknown id is undefined", async () => {
      const repo = await makePort();
      const record = key();

      await repo.put(record);

      expect(await repo.get(record.keyId)).toEqual(record);
      expect(await repo.get("unknownkey00")).toBeUndefined();
    });

    it("refuses a taken key id and keeps the first key", async () => {
      const repo = await makePort();
      const record = key();
      await repo.put(record);

      await expect(repo.put({ ...record, agencyCode: OTHER_AGENCY, keyHash: "d".repeat(64) })).rejects.toThrow();

      expect(await repo.get(record.keyId)).toEqual(record);
    });

    it("lists every key, revoked ones included", async () => {
      const repo = await makePort();
      const records = [key({ createdAt: "2026-03-02T05:00:00.000Z" }), key({ agencyCode: OTHER_AGENCY }), key({ label: undefined })];
      for (const record of records) await repo.put(record);
      await repo.revoke(records[1]!.keyId, "2026-03-03T00:00:00.000Z");

      const listed = await repo.list();

      const byId = (list: ApiKeyRecord[]) => [...list].sort((a, b) => a.keyId.localeCompare(b.keyId));
      expect(byId(listed)).toEqual(byId([records[0]!, { ...records[1]!, revokedAt: "2026-03-03T00:00:00.000Z" }, records[2]!]));
    });

    it("revokes a key once: the first time is kept and returned with the record", async () => {
      const repo = await makePort();
      const record = key();
      await repo.put(record);

      const revoked = await repo.revoke(record.keyId, "2026-03-03T00:00:00.000Z");
      const again = await repo.revoke(record.keyId, "2026-03-04T00:00:00.000Z");

      expect(revoked).toEqual({ ...record, revokedAt: "2026-03-03T00:00:00.000Z" });
      expect(again).toEqual(revoked);
      expect(await repo.get(record.keyId)).toEqual(revoked);
    });

    it("refuses to revoke an unknown key with key.not_found, creating nothing", async () => {
      const repo = await makePort();

      const refused = await rejection(repo.revoke("unknownkey00", "2026-03-03T00:00:00.000Z"));

      expect(refused).toMatchObject({ kind: "not_found", code: "key.not_found" });
      expect(await repo.get("unknownkey00")).toBeUndefined();
      expect(await repo.list()).toEqual([]);
    });
  });
}
