import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogueEntry } from "../../functions/core/catalogue/repository";
import { makeCatalogue, uniqueTag } from "../support/catalogue-fixture";
import { startLocalStores, type LocalStores } from "../support/local-stores";

let local: LocalStores;
beforeAll(async () => {
  local = await startLocalStores();
});
afterAll(async () => {
  await local?.close();
});

function entriesOf(catalogue: ReturnType<typeof makeCatalogue>): CatalogueEntry[] {
  return [
    ...catalogue.agencies.map((value) => ({ kind: "agency" as const, value })),
    ...catalogue.procedures.map((value) => ({ kind: "procedure" as const, value })),
  ];
}

describe("dynamo catalogue repository (dynalite)", () => {
  it("creates, then leaves unchanged entries alone, then updates only what changed", async () => {
    // Arrange
    const repo = local.adapters.catalogue;
    const catalogue = makeCatalogue(uniqueTag(), 6);
    const entries = entriesOf(catalogue);

    // Act
    const first = await repo.upsert(entries);
    const second = await repo.upsert(entries);
    const changed = entries.map((entry, i) =>
      i === entries.length - 1 && entry.kind === "procedure"
        ? { ...entry, value: { ...entry.value, processingDays: entry.value.processingDays + 1 } }
        : entry,
    );
    const third = await repo.upsert(changed);

    // Assert
    expect(first).toEqual({ created: entries.length, updated: 0, unchanged: 0 });
    expect(second).toEqual({ created: 0, updated: 0, unchanged: entries.length });
    expect(third).toEqual({ created: 0, updated: 1, unchanged: entries.length - 1 });
  });

  it("changes the version only when an upsert changes something", async () => {
    const repo = local.adapters.catalogue;
    const entries = entriesOf(makeCatalogue(uniqueTag(), 3));

    await repo.upsert(entries);
    const afterCreate = await repo.version();
    await repo.upsert(entries);
    const afterNoop = await repo.version();
    const first = entries[entries.length - 1]!;
    if (first.kind !== "procedure") throw new Error("fixture: last entry is a procedure");
    await repo.upsert([{ kind: "procedure", value: { ...first.value, name: `${first.value.name} (sửa đổi)` } }]);
    const afterChange = await repo.version();

    expect(afterCreate).not.toBe("0");
    expect(afterNoop).toBe(afterCreate);
    expect(afterChange).not.toBe(afterCreate);
  });

  it("loads every agency and procedure with the current version", async () => {
    const repo = local.adapters.catalogue;
    const catalogue = makeCatalogue(uniqueTag(), 25);
    await repo.upsert(entriesOf(catalogue));

    const loaded = await repo.load();

    expect(loaded.version).toBe(await repo.version());
    const procedures = new Map(loaded.procedures.map((p) => [p.code, p]));
    for (const p of catalogue.procedures) expect(procedures.get(p.code)).toEqual(p);
    const agencies = new Map(loaded.agencies.map((a) => [a.code, a]));
    for (const a of catalogue.agencies) expect(agencies.get(a.code)).toEqual(a);
  });

  it("gets one procedure or agency by code, undefined when unknown", async () => {
    const repo = local.adapters.catalogue;
    const catalogue = makeCatalogue(uniqueTag(), 2);
    await repo.upsert(entriesOf(catalogue));
    const procedure = catalogue.procedures[1]!;
    const agency = catalogue.agencies[0]!;

    expect(await repo.getProcedure(procedure.code)).toEqual(procedure);
    expect(await repo.getAgency(agency.code)).toEqual(agency);
    expect(await repo.getProcedure("9.999999")).toBeUndefined();
    expect(await repo.getAgency("999.99.99.Z99")).toBeUndefined();
  });
});
