import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogueReader } from "../../functions/core/catalogue/cache";
import type { Catalogue } from "../../functions/core/catalogue/model";
import type { CatalogueRepository } from "../../functions/core/catalogue/repository";
import { buildSearchIndex, fold, searchProcedures, tokenize, type SearchQuery } from "../../functions/core/catalogue/search";
import { ValidationError } from "../../functions/core/errors";
import { agencyCode, makeAgency, makeCatalogue, makeProcedure, procedureCode } from "../support/catalogue-fixture";

const TAG = 4242;

function indexOf(names: string[], extra: Partial<Parameters<typeof makeProcedure>[0]>[] = []) {
  const agency = makeAgency({ code: agencyCode(TAG, 0) });
  const procedures = names.map((name, i) =>
    makeProcedure({ code: procedureCode(TAG, i), name, agencyCode: agency.code, ...(extra[i] ?? {}) }),
  );
  return buildSearchIndex({ procedures, version: "v1" });
}

const names = (index: ReturnType<typeof indexOf>, query: Partial<SearchQuery>) =>
  searchProcedures(index, { limit: 100, ...query }).items.map((p) => p.name);

describe("fold and tokenize", () => {
  it("lowercases, strips Vietnamese diacritics and maps đ to d", () => {
    // Arrange / Act / Assert
    expect(fold("ĐĂNG KÝ KINH DOANH")).toBe("dang ky kinh doanh");
    expect(fold("Đăng ký kinh doanh")).toBe("dang ky kinh doanh");
    expect(fold("Hướng dẫn thủ tục ưu đãi, ổn định")).toBe("huong dan thu tuc uu dai, on dinh");
    expect(fold("đđĐĐ")).toBe("dddd");
  });

  it("treats precomposed and decomposed input alike", () => {
    const precomposed = "Đăng ký khai sinh".normalize("NFC");
    const decomposed = "Đăng ký khai sinh".normalize("NFD");
    expect(fold(decomposed)).toBe(fold(precomposed));
  });

  it("splits on anything that is not a letter or digit", () => {
    expect(tokenize("Cấp giấy phép (lần 2) – xây dựng/nhà ở")).toEqual(["cap", "giay", "phep", "lan", "2", "xay", "dung", "nha", "o"]);
    expect(tokenize("  ,,; ")).toEqual([]);
  });
});

describe("matching", () => {
  const index = indexOf(["Đăng ký kinh doanh", "Đăng ký khai sinh", "Cấp giấy phép kinh doanh karaoke"]);

  it("finds a name whatever the case and diacritics of the query", () => {
    for (const q of ["dang ky kinh doanh", "ĐĂNG KÝ KINH DOANH", "Đăng Ký Kinh Doanh", "đăng ky kinh doanh"]) {
      expect(names(index, { q })).toEqual(["Đăng ký kinh doanh"]);
    }
  });

  it("requires every query word to match a word of the name", () => {
    expect(names(index, { q: "dang ky karaoke" })).toEqual([]);
    expect(names(index, { q: "kinh doanh" })).toEqual(["Đăng ký kinh doanh", "Cấp giấy phép kinh doanh karaoke"]);
  });

  it("matches the beginning of a word (as the user types), never the middle", () => {
    expect(names(index, { q: "dang ky kinh d" })).toEqual(["Đăng ký kinh doanh"]);
    expect(names(index, { q: "kara" })).toEqual(["Cấp giấy phép kinh doanh karaoke"]);
    expect(names(index, { q: "raoke" })).toEqual([]);
    expect(names(index, { q: "inh" })).toEqual([]);
  });

  it("treats a query without words as no query", () => {
    expect(names(index, { q: " ,; " })).toHaveLength(3);
  });
});

describe("ranking", () => {
  it("puts whole-word matches before prefix matches", () => {
    // "ho" is a whole word of the first name ("hộ") and only a prefix in the second ("hoạt").
    const index = indexOf(["Đăng ký hoạt động", "Đăng ký hộ kinh doanh cá thể tại địa phương"]);
    expect(names(index, { q: "dang ky ho" })).toEqual(["Đăng ký hộ kinh doanh cá thể tại địa phương", "Đăng ký hoạt động"]);
  });

  it("prefers the words as a phrase, then an earlier match, then shorter names, then code", () => {
    const index = indexOf([
      "Sinh con thứ ba khai báo", // scattered: "khai" and "sinh" not adjacent in order
      "Đăng ký khai sinh có yếu tố nước ngoài", // phrase at word 2, longer
      "Khai sinh lại", // phrase at word 0
      "Đăng ký khai sinh", // phrase at word 2, shorter
    ]);
    expect(names(index, { q: "khai sinh" })).toEqual([
      "Khai sinh lại",
      "Đăng ký khai sinh",
      "Đăng ký khai sinh có yếu tố nước ngoài",
      "Sinh con thứ ba khai báo",
    ]);
  });

  it("breaks complete ties by code, so the order is deterministic", () => {
    const index = indexOf(["Cấp bản sao", "Cấp bản sao", "Cấp bản sao"]);
    const codes = searchProcedures(index, { q: "cap ban sao", limit: 10 }).items.map((p) => p.code);
    expect(codes).toEqual([...codes].sort());
  });

  it("orders by code without a query", () => {
    const index = indexOf(["Zeta", "Alpha", "Mu"]);
    const codes = searchProcedures(index, { limit: 10 }).items.map((p) => p.code);
    expect(codes).toEqual([procedureCode(TAG, 0), procedureCode(TAG, 1), procedureCode(TAG, 2)].sort());
  });
});

describe("filters", () => {
  const { agencies, procedures } = makeCatalogue(TAG, 40);
  const index = buildSearchIndex({ procedures, version: "v1" });
  const [, centre, justice] = agencies;

  it("agency matches the deciding agency or the receiving unit", () => {
    const byJustice = searchProcedures(index, { agency: justice!.code, limit: 100 }).items;
    expect(byJustice.length).toBeGreaterThan(0);
    expect(byJustice.every((p) => p.agencyCode === justice!.code || p.receivingAgencyCode === justice!.code)).toBe(true);
    const byCentre = searchProcedures(index, { agency: centre!.code.toLowerCase(), limit: 100 }).items;
    expect(byCentre.map((p) => p.code)).toEqual(procedures.filter((p) => p.receivingAgencyCode === centre!.code).map((p) => p.code).sort());
  });

  it("level and field (without diacritics) combine with q", () => {
    const page = searchProcedures(index, { q: "dang ky", level: "full", field: "ho tich", limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const p of page.items) {
      expect(p.level).toBe("full");
      expect(p.field).toBe("Hộ tịch");
      expect(fold(p.name)).toContain("dang ky");
    }
    const expected = procedures.filter((p) => p.level === "full" && p.field === "Hộ tịch" && fold(p.name).startsWith("dang ky"));
    expect(page.total).toBe(expected.length);
  });

  it("an unknown filter value matches nothing", () => {
    expect(searchProcedures(index, { field: "không có", limit: 10 }).items).toEqual([]);
  });
});

describe("paging", () => {
  const { procedures } = makeCatalogue(TAG, 57);
  const index = buildSearchIndex({ procedures, version: "v1" });

  function allPages(query: Omit<SearchQuery, "limit" | "cursor">, limit: number) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 1000; guard++) {
      const page = searchProcedures(index, { ...query, limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((p) => p.code));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error("paging does not end");
  }

  it("visits every match exactly once, in the same order as one big page", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom(undefined, "dang ky", "cap giay", "khai", "x"),
        fc.constantFrom(undefined, "full" as const, "info" as const),
        (limit, q, level) => {
          const whole = searchProcedures(index, { q, level, limit: 100 }).items.map((p) => p.code);
          const paged = allPages({ q, level }, limit);
          expect(paged).toEqual(whole);
          expect(new Set(paged).size).toBe(paged.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("returns nextCursor null on the last page", () => {
    const page = searchProcedures(index, { limit: 100 });
    expect(page.items).toHaveLength(57);
    expect(page.nextCursor).toBeNull();
  });

  it("refuses a cursor from another query, a changed catalogue or garbage", () => {
    const first = searchProcedures(index, { q: "dang ky", limit: 2 });
    expect(first.nextCursor).toBeTruthy();
    const cursor = first.nextCursor!;
    // The same query reads it back fine, even with another page size.
    expect(searchProcedures(index, { q: "DANG KÝ", limit: 5, cursor }).items.length).toBeGreaterThan(0);

    const refuse = (run: () => unknown) => {
      try {
        run();
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).code).toBe("request.invalid_cursor");
        expect((err as ValidationError).errors?.[0]?.path).toBe("cursor");
        return;
      }
      throw new Error("cursor accepted");
    };
    refuse(() => searchProcedures(index, { q: "cap giay", limit: 2, cursor }));
    refuse(() => searchProcedures(index, { q: "dang ky", level: "full", limit: 2, cursor }));
    const changed = buildSearchIndex({ procedures, version: "v2" });
    refuse(() => searchProcedures(changed, { q: "dang ky", limit: 2, cursor }));
    refuse(() => searchProcedures(index, { q: "dang ky", limit: 2, cursor: "not a cursor!" }));
    refuse(() => searchProcedures(index, { q: "dang ky", limit: 2, cursor: Buffer.from("12.abc").toString("base64url") }));
  });
});

describe("cached reader", () => {
  function fakeRepository(catalogue: Catalogue) {
    const calls = { load: 0, version: 0 };
    let current = catalogue;
    let failVersion = false;
    const repository: CatalogueRepository = {
      async load() {
        calls.load++;
        await new Promise((r) => setTimeout(r, 5));
        return current;
      },
      async version() {
        calls.version++;
        if (failVersion) throw new Error("store down");
        return current.version;
      },
      getProcedure: async () => undefined,
      getAgency: async () => undefined,
      upsert: async () => ({ created: 0, updated: 0, unchanged: 0 }),
    };
    return {
      repository,
      calls,
      replace: (next: Catalogue) => (current = next),
      failVersions: (fail: boolean) => (failVersion = fail),
    };
  }

  it("shares one load between concurrent first requests and checks the version at most every refreshMs", async () => {
    const { agencies, procedures } = makeCatalogue(TAG, 5);
    const fake = fakeRepository({ agencies, procedures, version: "a" });
    let clock = 1_000;
    const reader = catalogueReader(fake.repository, { refreshMs: 60_000, now: () => clock });

    const snapshots = await Promise.all([reader.current(), reader.current(), reader.current()]);
    expect(fake.calls.load).toBe(1);
    expect(new Set(snapshots).size).toBe(1);

    clock += 59_999;
    await reader.current();
    expect(fake.calls.version).toBe(0);

    clock += 1;
    await reader.current();
    expect(fake.calls.version).toBe(1);
    expect(fake.calls.load).toBe(1); // unchanged version: no reload

    fake.replace({ agencies, procedures: procedures.slice(0, 2), version: "b" });
    clock += 60_000;
    const after = await reader.current();
    expect(after.version).toBe("b");
    expect(after.index.size).toBe(2);
    expect(fake.calls.load).toBe(2);
  });

  it("keeps serving the previous snapshot when a version check fails", async () => {
    const { agencies, procedures } = makeCatalogue(TAG, 3);
    const fake = fakeRepository({ agencies, procedures, version: "a" });
    let clock = 0;
    const stale: unknown[] = [];
    const reader = catalogueReader(fake.repository, { refreshMs: 10, now: () => clock, onStale: (e) => stale.push(e) });
    await reader.current();
    fake.failVersions(true);
    clock += 10;
    expect((await reader.current()).version).toBe("a");
    expect(stale).toHaveLength(1);
  });
});
