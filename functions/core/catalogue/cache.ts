import type { Agency, Catalogue, Procedure } from "./model";
import type { CatalogueRepository } from "./repository";
import { buildSearchIndex, type SearchIndex } from "./search";

/**
 * The catalogue as a warm process serves it: loaded once, indexed once, and re-checked against the stored
 * version at most every `refreshMs` — so a catalogue change is visible within that interval (60 s by
 * default, docs/api.md / issue "Procedure catalogue") while a query costs no store round trip.
 */

export const DEFAULT_CATALOGUE_REFRESH_MS = 60_000;

export interface CatalogueSnapshot {
  version: string;
  agencies: readonly Agency[];
  agencyByCode: ReadonlyMap<string, Agency>;
  index: SearchIndex;
  /** Loaded at (clock ms). */
  loadedAt: number;
}

export interface CatalogueReaderOptions {
  /** How often the stored version is compared (ms). Default 60 s. */
  refreshMs?: number;
  /** Injectable clock (ms since epoch), for tests. */
  now?: () => number;
  /** Told when a version check fails and the previous snapshot is served instead. */
  onStale?: (error: unknown) => void;
}

export interface CatalogueReader {
  /**
   * The current snapshot. The first call loads the catalogue (concurrent callers share that one load);
   * later calls compare the stored version when the last check is older than `refreshMs`, and reload when
   * it changed.
   * @throws whatever the repository throws on the first load (e.g. UnavailableError → 503). A failed
   *   re-check is not thrown: the previous snapshot is served and the check retried after `refreshMs`.
   */
  current(): Promise<CatalogueSnapshot>;
  /** Forgets the snapshot's check time, so the next call compares versions (e.g. after an import in-process). */
  invalidate(): void;
}

/** Indexes a loaded catalogue. Throws nothing. */
export function snapshotOf(catalogue: Catalogue, loadedAt: number): CatalogueSnapshot {
  const agencies = [...catalogue.agencies].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    version: catalogue.version,
    agencies,
    agencyByCode: new Map(agencies.map((agency) => [agency.code, agency])),
    index: buildSearchIndex(catalogue),
    loadedAt,
  };
}

/** A cached reader over a repository. Throws nothing itself; see `current()`. */
export function catalogueReader(repository: CatalogueRepository, options: CatalogueReaderOptions = {}): CatalogueReader {
  const refreshMs = options.refreshMs ?? DEFAULT_CATALOGUE_REFRESH_MS;
  const now = options.now ?? Date.now;
  let snapshot: CatalogueSnapshot | undefined;
  let checkedAt = -Infinity;
  // One load or check in flight at a time: concurrent requests of a cold (or due) process await the same one.
  let pending: Promise<CatalogueSnapshot> | undefined;

  const load = async (): Promise<CatalogueSnapshot> => {
    const started = now();
    const fresh = snapshotOf(await repository.load(), started);
    snapshot = fresh;
    checkedAt = started;
    return fresh;
  };

  const refresh = async (previous: CatalogueSnapshot): Promise<CatalogueSnapshot> => {
    const started = now();
    try {
      const version = await repository.version();
      if (version === previous.version) {
        checkedAt = started;
        return previous;
      }
      return await load();
    } catch (error) {
      // Serving a catalogue a minute old beats failing every search while the store hiccups.
      checkedAt = started;
      options.onStale?.(error);
      return previous;
    }
  };

  const run = (work: () => Promise<CatalogueSnapshot>): Promise<CatalogueSnapshot> => {
    pending ??= work().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    current() {
      if (pending) return pending;
      if (!snapshot) return run(load);
      if (now() - checkedAt < refreshMs) return Promise.resolve(snapshot);
      const previous = snapshot;
      return run(() => refresh(previous));
    },
    invalidate() {
      checkedAt = -Infinity;
    },
  };
}

/** The procedure with this code in a snapshot, or undefined. Throws nothing. */
export function procedureIn(snapshot: CatalogueSnapshot, code: string): Procedure | undefined {
  return snapshot.index.byCode.get(code);
}

/**
 * Procedures and agencies by code from the cached snapshot, for the dossier services: no store round trip per request.
 * A code the snapshot does not know makes the reader compare versions at once (a procedure imported a moment ago is
 * found); a changed procedure is seen within the reader's refresh interval, as the catalogue API sees it.
 */
export function catalogueLookup(reader: CatalogueReader) {
  const find = async <T>(pick: (snapshot: CatalogueSnapshot) => T | undefined): Promise<T | undefined> => {
    const found = pick(await reader.current());
    if (found !== undefined) return found;
    reader.invalidate();
    return pick(await reader.current());
  };
  return {
    getProcedure: (code: string) => find((s) => procedureIn(s, code)),
    getAgency: (code: string) => find((s) => s.agencyByCode.get(code)),
  };
}
