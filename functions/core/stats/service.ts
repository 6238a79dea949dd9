import { addDays, daysBetween, vietnamDate } from "../calendar";
import type { CatalogueRepository } from "../catalogue/repository";
import type { AgencyTier } from "../catalogue/model";
import type { Dossier } from "../dossier/model";
import { ValidationError } from "../errors";
import { computeDay, presentRow, type CatalogueIndicators, type RowScope, type StatsRow } from "./daily";
import { addCounts, fullOnlineRate, servicesWithDossiersRate, zeroCounts } from "./indicators";

/** One day's dossiers, each read from its day index: cost grows with the day's volume, never the table's. */
export interface DaySource {
  receivedOn(date: string): Promise<Dossier[]>;
  endedOn(date: string): Promise<Dossier[]>;
  submittedOn(date: string): Promise<Dossier[]>;
}

export interface StoredDay {
  date: string;
  rows: StatsRow[];
  catalogue: CatalogueIndicators;
  computedAt: string;
}

export interface StatsStore {
  /** Replaces the day's rows exactly (rows no longer produced are removed), then marks the day computed. */
  replaceDay(day: StoredDay): Promise<void>;
  /** Computed days in [from, to], oldest first. */
  readDays(from: string, to: string): Promise<StoredDay[]>;
}

export interface StatsDeps {
  source: DaySource;
  store: StatsStore;
  catalogue: Pick<CatalogueRepository, "load">;
  now: () => Date;
}

/** Computes and stores one day; returns how many dossiers it read and rows it wrote. Idempotent. */
export async function runDay(deps: StatsDeps, date: string) {
  const [receivedOn, endedOn, submittedOn, catalogue] = await Promise.all([
    deps.source.receivedOn(date),
    deps.source.endedOn(date),
    deps.source.submittedOn(date),
    deps.catalogue.load(),
  ]);
  const day = computeDay({ date, receivedOn, endedOn, submittedOn, agencies: catalogue.agencies, procedures: catalogue.procedures });
  await deps.store.replaceDay({ date, rows: day.rows, catalogue: day.catalogue, computedAt: deps.now().toISOString() });
  return { date, dossiersRead: receivedOn.length + endedOn.length + submittedOn.length, rows: day.rows.length };
}

/** Yesterday in Vietnam time: what the 00:05 job computes. */
export function yesterday(now: Date): string {
  return addDays(vietnamDate(now), -1);
}

export const MAX_RANGE_DAYS = 366;

/**
 * Checks a date range from the API or the CLI.
 * @throws ValidationError `stats.range` when to < from or the range is longer than a year
 */
export function checkRange(from: string, to: string): void {
  const span = daysBetween(from, to);
  if (span < 0 || span >= MAX_RANGE_DAYS) {
    throw new ValidationError("stats.range", [{ path: "to", message: "stats.range" }], { max: MAX_RANGE_DAYS });
  }
}

export interface RowQuery {
  from: string;
  to: string;
  agency?: string;
  tier?: AgencyTier;
  scope?: RowScope;
}

function select(rows: StatsRow[], query: RowQuery): StatsRow[] {
  const scope = query.scope ?? "agency";
  return rows.filter(
    (r) => r.scope === scope && (!query.agency || r.key === query.agency) && (!query.tier || r.tier === query.tier),
  );
}

/** Daily rows in a range (API.md `GET /v1/stats/daily`). */
export async function dailyRows(store: StatsStore, query: RowQuery) {
  checkRange(query.from, query.to);
  const days = await store.readDays(query.from, query.to);
  return days.flatMap((day) => select(day.rows, query).map(presentRow));
}

/** The range's counts summed, with the catalogue indicators (API.md `GET /v1/stats/summary`). */
export async function summary(store: StatsStore, catalogue: Pick<CatalogueRepository, "load">, query: RowQuery) {
  checkRange(query.from, query.to);
  const [days, current] = await Promise.all([store.readDays(query.from, query.to), catalogue.load()]);
  const scope: RowScope = query.agency ? "agency" : query.tier ? "tier" : "province";
  let counts = zeroCounts();
  for (const day of days) {
    for (const row of day.rows) {
      const match =
        row.scope === scope &&
        (scope === "province" || (scope === "agency" ? row.key === query.agency : row.key === query.tier));
      if (match) counts = addCounts(counts, row.counts);
    }
  }
  const tiers = new Map(current.agencies.map((a) => [a.code, a.tier]));
  const inScope = current.procedures.filter(
    (p) => (!query.agency || p.agencyCode === query.agency) && (!query.tier || tiers.get(p.agencyCode) === query.tier),
  );
  const online = new Set(inScope.filter((p) => p.level !== "info").map((p) => p.code));
  const withDossiers = new Set(days.flatMap((d) => d.catalogue.onlineProcedureCodes).filter((code) => online.has(code)));
  const full = inScope.filter((p) => p.level === "full").length;
  const { date: _d, scope: _s, agencyCode: _a, tier: _t, ...sums } = presentRow({ date: query.to, scope, key: "", tier: null, counts });
  return {
    from: query.from,
    to: query.to,
    agency: query.agency ?? null,
    tier: query.tier ?? null,
    daysComputed: days.length,
    ...sums,
    procedures: inScope.length,
    proceduresFullOnline: full,
    fullOnlineRate: fullOnlineRate(full, inScope.length),
    proceduresOnline: online.size,
    proceduresWithOnlineDossiers: withDossiers.size,
    servicesWithDossiersRate: servicesWithDossiersRate(withDossiers.size, online.size),
    formulas: {
      onTimeRate: "(resolvedEarly + resolvedOnTime) / resolved",
      earlyShare: "resolvedEarly / resolved",
      onlineUptakeRate: "receivedOnline / received",
      fullOnlineRate: "procedures with level full / procedures",
      servicesWithDossiersRate: "online procedures with ≥ 1 online dossier in the period / online procedures",
      averageRating: "mean rating of rated dossiers resolved in the period",
    },
  };
}

/** Days in [from, to] that have no computed row yet (the local server fills them at start-up). */
export async function missingDays(store: StatsStore, from: string, to: string): Promise<string[]> {
  const computed = new Set((await store.readDays(from, to)).map((d) => d.date));
  const missing: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!computed.has(d)) missing.push(d);
  return missing;
}
