import { afterEach, describe, expect, it, vi } from "vitest";
import type { IdempotencyRecord, IdempotencyStore } from "../../functions/core/ports";

/**
 * The contract of `IdempotencyStore` (functions/core/ports.ts): a key is bound once, for 24 hours. Expiry is
 * simulated by moving the system clock (vitest's fake Date); both the store and the test read it.
 */
export function describeIdempotencyStoreContract(name: string, makePort: () => Promise<IdempotencyStore>) {
  describe(`IdempotencyStore contract: ${name}`, () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    let keys = 0;
    const record = (overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
      scope: "create",
      key: `key-${Date.now()}-${++keys}`,
      requestHash: "1".repeat(64),
      value: { code: "000.00.31.H99-260302-0001" },
      ...overrides,
    });
    const HOUR = 3_600_000;

    it("claims a new key", async () => {
      const store = await makePort();
      expect(await store.claim(record())).toEqual({ claimed: true });
    });

    it("returns the first attempt's record to a later claim of the key, not the later one's", async () => {
      const store = await makePort();
      const first = record();

      await store.claim(first);
      const second = await store.claim({ ...first, requestHash: "2".repeat(64), value: { code: "000.00.31.H99-260302-0002" } });

      expect(second).toEqual({ claimed: false, existing: first });
    });

    it("keeps keys apart by scope and by key", async () => {
      const store = await makePort();
      const first = record();

      const otherScope = await store.claim({ ...first, scope: "payment" });
      const otherKey = await store.claim({ ...first, key: `${first.key}-2` });
      await store.claim(first);

      expect(otherScope).toEqual({ claimed: true });
      expect(otherKey).toEqual({ claimed: true });
      expect(await store.claim({ ...first, scope: "payment" })).toEqual({ claimed: false, existing: { ...first, scope: "payment" } });
    });

    it("lets exactly one of concurrent claims of a key claim it; the others get its record", async () => {
      const store = await makePort();
      const base = record();
      const attempts = Array.from({ length: 8 }, (_, i) => ({ ...base, value: { code: `000.00.31.H99-260302-000${i + 1}` } }));

      const outcomes = await Promise.all(attempts.map((attempt) => store.claim(attempt)));

      const winners = outcomes.map((o, i) => (o.claimed ? i : -1)).filter((i) => i >= 0);
      expect(winners).toHaveLength(1);
      for (const o of outcomes) if (!o.claimed) expect(o.existing).toEqual(attempts[winners[0]!]);
    });

    it("binds a key for 24 hours, then lets it be claimed afresh", async () => {
      const store = await makePort();
      vi.useFakeTimers({ toFake: ["Date"] });
      const start = Date.parse("2026-03-02T04:00:00.000Z");
      vi.setSystemTime(start);
      const first = record();
      const fresh = { ...first, requestHash: "3".repeat(64), value: { code: "000.00.31.H99-260303-0001" } };
      await store.claim(first);

      vi.setSystemTime(start + 23 * HOUR + 59 * 60_000);
      const withinDay = await store.claim(fresh);
      vi.setSystemTime(start + 24 * HOUR + 2_000);
      const afterDay = await store.claim(fresh);
      const afterReclaim = await store.claim(first);

      expect(withinDay).toEqual({ claimed: false, existing: first });
      expect(afterDay).toEqual({ claimed: true });
      expect(afterReclaim).toEqual({ claimed: false, existing: fresh });
    });
  });
}
