import type { Agency, Procedure } from "../../../functions/core/catalogue/model";
import type { CatalogueEntry, CatalogueRepository, UpsertResult } from "../../../functions/core/ports";
import { stored } from "./cursor";

/** Content compared without regard to key order: the same procedure imported again is unchanged. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/**
 * In-memory catalogue (core/ports.ts `CatalogueRepository`): upserts write only what differs and count it; the
 * version is "0" until the first change and moves on every upsert that changes something. `entries` seeds it.
 */
export function fakeCatalogueRepository(entries: CatalogueEntry[] = []): CatalogueRepository {
  const agencies = new Map<string, { content: string; value: Agency }>();
  const procedures = new Map<string, { content: string; value: Procedure }>();
  let version = 0;

  const upsertNow = (list: CatalogueEntry[]): UpsertResult => {
    const result: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
    for (const entry of list) {
      const map = (entry.kind === "agency" ? agencies : procedures) as Map<string, { content: string; value: unknown }>;
      const content = canonical(entry.value);
      const previous = map.get(entry.value.code);
      if (previous?.content === content) {
        result.unchanged++;
        continue;
      }
      map.set(entry.value.code, { content, value: stored(entry.value) });
      if (previous) result.updated++;
      else result.created++;
    }
    if (result.created || result.updated) version++;
    return result;
  };
  upsertNow(entries);

  return {
    async load() {
      return {
        agencies: [...agencies.values()].map((a) => stored(a.value)),
        procedures: [...procedures.values()].map((p) => stored(p.value)),
        version: String(version),
      };
    },
    async version() {
      return String(version);
    },
    async getProcedure(code) {
      const found = procedures.get(code);
      return found ? stored(found.value) : undefined;
    },
    async getAgency(code) {
      const found = agencies.get(code);
      return found ? stored(found.value) : undefined;
    },
    async upsert(list) {
      return upsertNow(list);
    },
  };
}
