import { describe, expect, it } from "vitest";
import type { CatalogueEntry, CatalogueRepository } from "../../functions/core/ports";
import { makeCatalogue, uniqueTag } from "../support/catalogue-fixture";

/** The contract of `CatalogueRepository` (functions/core/ports.ts): what the import, the caches and the search rely on. */
export function describeCatalogueRepositoryContract(name: string, makePort: () => Promise<CatalogueRepository>) {
  describe(`CatalogueRepository contract: ${name}`, () => {
    const entriesOf = (catalogue: ReturnType<typeof makeCatalogue>): CatalogueEntry[] => [
      ...catalogue.agencies.map((value) => ({ kind: "agency" as const, value })),
      ...catalogue.procedures.map((value) => ({ kind: "procedure" as const, value })),
    ];
    const byCode = <T extends { code: string }>(list: T[]) => [...list].sort((a, b) => (a.code < b.code ? -1 : 1));

    it("loads an empty catalogue before any import, at a version that stays put", async () => {
      const repo = await makePort();

      const loaded = await repo.load();

      expect(loaded.agencies).toEqual([]);
      expect(loaded.procedures).toEqual([]);
      expect(await repo.version()).toBe(loaded.version);
      expect(await repo.upsert([])).toEqual({ created: 0, updated: 0, unchanged: 0 });
      expect(await repo.version()).toBe(loaded.version);
    });

    it("creates, then leaves unchanged entries alone, then updates only what changed", async () => {
      const repo = await makePort();
      const entries = entriesOf(makeCatalogue(uniqueTag(), 6));
      const last = entries.at(-1)!;
      if (last.kind !== "procedure") throw new Error("fixture: the last entry is a procedure");

      const first = await repo.upsert(entries);
      const second = await repo.upsert(entries);
      const third = await repo.upsert([...entries.slice(0, -1), { kind: "procedure", value: { ...last.value, processingDays: last.value.processingDays + 1 } }]);

      expect(first).toEqual({ created: entries.length, updated: 0, unchanged: 0 });
      expect(second).toEqual({ created: 0, updated: 0, unchanged: entries.length });
      expect(third).toEqual({ created: 0, updated: 1, unchanged: entries.length - 1 });
      expect((await repo.getProcedure(last.value.code))!.processingDays).toBe(last.value.processingDays + 1);
    });

    it("counts the same content in another key order as unchanged", async () => {
      const repo = await makePort();
      const entries = entriesOf(makeCatalogue(uniqueTag(), 2));
      await repo.upsert(entries);
      const reordered = entries.map((entry) => ({ ...entry, value: Object.fromEntries(Object.entries(entry.value).reverse()) }) as CatalogueEntry);

      expect(await repo.upsert(reordered)).toEqual({ created: 0, updated: 0, unchanged: entries.length });
    });

    it("moves the version exactly when an upsert changes something; load reports the current version", async () => {
      const repo = await makePort();
      const entries = entriesOf(makeCatalogue(uniqueTag(), 3));
      const empty = await repo.version();

      await repo.upsert(entries);
      const afterCreate = await repo.version();
      await repo.upsert(entries);
      const afterNoop = await repo.version();
      const agency = entries[0]!;
      if (agency.kind !== "agency") throw new Error("fixture: the first entry is an agency");
      await repo.upsert([{ kind: "agency", value: { ...agency.value, name: `${agency.value.name} (đổi tên)` } }]);
      const afterChange = await repo.version();

      expect(afterCreate).not.toBe(empty);
      expect(afterNoop).toBe(afterCreate);
      expect(afterChange).not.toBe(afterCreate);
      expect((await repo.load()).version).toBe(afterChange);
    });

    it("loads every agency and procedure as upserted", async () => {
      const repo = await makePort();
      const catalogue = makeCatalogue(uniqueTag(), 25);
      await repo.upsert(entriesOf(catalogue));

      const loaded = await repo.load();

      expect(byCode(loaded.agencies)).toEqual(byCode(catalogue.agencies));
      expect(byCode(loaded.procedures)).toEqual(byCode(catalogue.procedures));
    });

    it("gets one procedure or agency by code, undefined when unknown, each kind apart", async () => {
      const repo = await makePort();
      const catalogue = makeCatalogue(uniqueTag(), 2);
      await repo.upsert(entriesOf(catalogue));
      const procedure = catalogue.procedures[1]!;
      const agency = catalogue.agencies[2]!;

      expect(await repo.getProcedure(procedure.code)).toEqual(procedure);
      expect(await repo.getAgency(agency.code)).toEqual(agency);
      expect(await repo.getProcedure("9.999999")).toBeUndefined();
      expect(await repo.getAgency("000.99.99.Z99")).toBeUndefined();
      expect(await repo.getAgency(procedure.code)).toBeUndefined();
      expect(await repo.getProcedure(agency.code)).toBeUndefined();
    });

    it("keeps its own copies: changing what it was given or what it returned changes nothing stored", async () => {
      const repo = await makePort();
      const catalogue = makeCatalogue(uniqueTag(), 1);
      const original = structuredClone(catalogue.procedures[0]!);
      await repo.upsert(entriesOf(catalogue));

      catalogue.procedures[0]!.processingDays = 99;
      (await repo.getProcedure(original.code))!.name = "changed by a caller";
      (await repo.load()).procedures[0]!.documents.length = 0;

      expect(await repo.getProcedure(original.code)).toEqual(original);
    });
  });
}
