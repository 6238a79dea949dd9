import type { Agency, Catalogue, Procedure } from "./model";

export type CatalogueEntry = { kind: "agency"; value: Agency } | { kind: "procedure"; value: Procedure };

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
}

/** Storage of the catalogue; adapters/dynamo implements it, tests may use an in-memory fake. */
export interface CatalogueRepository {
  /** The whole catalogue (a province has ~2,000 procedures: one paged Query). */
  load(): Promise<Catalogue>;
  /** The current catalogue version, cheap to read; changes whenever an upsert changes anything. */
  version(): Promise<string>;
  getProcedure(code: string): Promise<Procedure | undefined>;
  getAgency(code: string): Promise<Agency | undefined>;
  /** Writes entries whose content differs from what is stored; idempotent. */
  upsert(entries: CatalogueEntry[]): Promise<UpsertResult>;
}
