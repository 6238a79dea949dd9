import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSearchIndex, searchProcedures } from "../../functions/core/catalogue/search";
import { makeCatalogue } from "../support/catalogue-fixture";

/**
 * A next-page link must lead somewhere: when the matches fill the last page exactly, that page has no cursor
 * (a planted `end <= total` that offered an empty extra page passed every other test).
 */
describe("procedure search paging ends on the last match", () => {
  const { procedures } = makeCatalogue(4343, 57);
  const index = buildSearchIndex({ procedures, version: "v1" });

  it("gives no cursor on a last page that is exactly full", () => {
    const first = searchProcedures(index, { limit: 19 });
    const second = searchProcedures(index, { limit: 19, cursor: first.nextCursor! });
    const third = searchProcedures(index, { limit: 19, cursor: second.nextCursor! });
    expect([first, second, third].map((p) => p.items.length)).toEqual([19, 19, 19]);
    expect(third.nextCursor).toBeNull();
    expect(searchProcedures(index, { limit: 57 }).nextCursor).toBeNull();
  });

  it("takes ceil(total / limit) pages, none of them empty, for any limit and query", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.constantFrom(undefined, "dang ky", "cap giay", "khai"), (limit, q) => {
        const total = searchProcedures(index, { q, limit: 100 }).total;
        const sizes: number[] = [];
        let cursor: string | undefined;
        do {
          const page = searchProcedures(index, { q, limit, cursor });
          sizes.push(page.items.length);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && sizes.length < 100);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
        if (total > 0) {
          expect(sizes).toHaveLength(Math.ceil(total / limit));
          expect(sizes.every((s) => s > 0)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
