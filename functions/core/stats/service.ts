import { addDays, atVietnamTime, daysBetween, vietnamDate } from "../calendar";
import type { CatalogueRepository } from "../catalogue/repository";
import type { AgencyTier, Procedure } from "../catalogue/model";
import type { Dossier } from "../dossier/model";
import { ValidationError } from "../errors";
import { computeDay, presentRow, type CatalogueIndicators, type RowScope, type StatsRow, type SubmittedDossier } from "./daily";
import { decision766 } from "./decision-766";
import { addSnapshots, fullOnlineRate, servicesWithDossiersRate, zeroCounts, zeroSnapshot } from "./indicators";
import { lastDayOfMonth, monthsOf, onlineProcedureCodes, planRange, rollUp, type Piece } from "./rollup";
import { openCountAt, snapshotAt } from "./snapshot";

/** One day's dossiers, each read from its day index: cost grows with the day's volume, never the table's. */
export interface DaySource {
  receivedOn(date: string): Promise<Dossier[]>;
  endedOn(date: string): Promise<Dossier[]>;
  /** Read from the submission day's index: the fields the day's count reads, no more. */
  submittedOn(date: string): Promise<SubmittedDossier[]>;
  /** The dossiers open now (submitted and not yet ended) of these agencies: the open-dossier index. */
  openNow(agencyCodes: readonly string[]): Promise<Dossier[]>;
}

export interface StoredDay {
  date: string;
  rows: StatsRow[];
  catalogue: CatalogueIndicators;
  computedAt: string;
}

/** A month's rollup of its computed days, written by the job after every day it computes. */
export interface StoredMonth {
  /** `YYYY-MM` */
  month: string;
  /** The month's computed days, ascending. */
  days: string[];
  rows: StatsRow[];
  onlineProcedureCodes: string[];
  computedAt: string;
}

export interface StatsStore {
  /** Replaces the day's rows exactly (rows no longer produced are removed), then marks the day computed. */
  replaceDay(day: StoredDay): Promise<void>;
  /** Computed days in [from, to], oldest first. */
  readDays(from: string, to: string): Promise<StoredDay[]>;
  /** Replaces a month's rollup exactly. */
  replaceMonth(month: StoredMonth): Promise<void>;
  /** The stored rollups among `months` (`YYYY-MM`), in any order; a month never rolled up is absent. */
  readMonths(months: readonly string[]): Promise<StoredMonth[]>;
}

export interface StatsDeps {
  source: DaySource;
  store: StatsStore;
  catalogue: Pick<CatalogueRepository, "load">;
  now: () => Date;
}

export interface DayResult {
  date: string;
  dossiersRead: number;
  rows: number;
}

/** How many days of endings are read ahead while walking back (they are independent Queries). */
const READ_AHEAD = 4;

/**
 * Computes and stores the days [from, to], then rolls up the months they touch. Idempotent: a day's rows are
 * replaced exactly, whatever was there.
 *
 * The period-end snapshot of a past day needs the dossiers open then (snapshot.ts): today's open dossiers (read
 * once) and everything that ended after that day. So the job walks backwards from today to `from`, reading each
 * day's endings once, adding them to the candidates and dropping candidates received after the day it reaches —
 * the candidate set is the set of open dossiers, never the table. Recomputing yesterday reads today's endings on
 * top of yesterday's; recomputing a day a year ago reads a year of endings (`stats run --from` says so).
 *
 * @throws ValidationError `stats.range_backwards` when `to` < `from`; whatever the source or the store throws.
 */
export async function runDays(
  deps: StatsDeps,
  from: string,
  to: string,
  onDay?: (result: DayResult, done: number, total: number) => void,
): Promise<DayResult[]> {
  checkDirection(from, to);
  const catalogue = await deps.catalogue.load();
  const today = vietnamDate(deps.now());
  const candidates = new Map<string, Dossier>();
  const merge = (dossiers: Dossier[]) => {
    for (const dossier of dossiers) {
      if (!dossier.firstReceivedAt) continue; // never received: never open in the snapshot's sense
      const known = candidates.get(dossier.code);
      if (!known || known.version < dossier.version) candidates.set(dossier.code, dossier);
    }
  };
  merge(await deps.source.openNow(catalogue.agencies.map((agency) => agency.code)));

  const midnight = (date: string) => atVietnamTime(date, "00:00");
  const first = to > today ? to : today;
  const ahead = new Map<string, Promise<Dossier[]>>();
  const endedOn = (date: string) => {
    for (let d = date, i = 0; i < READ_AHEAD && d >= from; i++, d = addDays(d, -1)) {
      if (ahead.has(d)) continue;
      const read = deps.source.endedOn(d);
      read.catch(() => undefined); // a failure surfaces when that day is awaited, not as an unhandled rejection
      ahead.set(d, read);
    }
    const read = ahead.get(date)!;
    ahead.delete(date);
    return read;
  };

  const total = daysBetween(from, to) + 1;
  const results: DayResult[] = [];
  for (let date = first; date >= from; date = addDays(date, -1)) {
    const ended = await endedOn(date);
    merge(ended);
    if (date <= to) {
      const [receivedOn, submittedOn] = await Promise.all([deps.source.receivedOn(date), deps.source.submittedOn(date)]);
      const day = computeDay({
        date,
        receivedOn,
        endedOn: ended,
        submittedOn,
        agencies: catalogue.agencies,
        procedures: catalogue.procedures,
        endOfDay: snapshotAt(candidates.values(), midnight(addDays(date, 1))),
        startOfDay: openCountAt(candidates.values(), midnight(date)),
      });
      await deps.store.replaceDay({ date, rows: day.rows, catalogue: day.catalogue, computedAt: deps.now().toISOString() });
      const result = { date, dossiersRead: receivedOn.length + ended.length + submittedOn.length, rows: day.rows.length };
      results.unshift(result);
      onDay?.(result, results.length, total);
    }
    // Received on or after this day's start: it cannot have been open at the end of any earlier day.
    const start = midnight(date).getTime();
    for (const [code, dossier] of candidates) if (Date.parse(dossier.firstReceivedAt!) >= start) candidates.delete(code);
  }
  for (const month of monthsOf(from, to)) await rollUpMonth(deps.store, month, deps.now);
  return results;
}

/** Computes and stores one day (and rolls up its month); see `runDays`. Idempotent. */
export async function runDay(deps: StatsDeps, date: string): Promise<DayResult> {
  return (await runDays(deps, date, date))[0]!;
}

/**
 * Rewrites a month's rollup from its computed days. Idempotent.
 * @throws whatever the store throws.
 */
export async function rollUpMonth(store: StatsStore, month: string, now: () => Date): Promise<StoredMonth> {
  const days = await store.readDays(`${month}-01`, lastDayOfMonth(month));
  const pieces = days.map(pieceOfDay);
  const rollup: StoredMonth = {
    month,
    days: days.map((day) => day.date),
    rows: rollUp(pieces, month),
    onlineProcedureCodes: onlineProcedureCodes(pieces),
    computedAt: now().toISOString(),
  };
  await store.replaceMonth(rollup);
  return rollup;
}

/**
 * Rewrites the rollups of every month touched by [from, to] from the stored days, without recomputing any day: for
 * days stored before monthly rollups existed. Idempotent.
 * @throws ValidationError `stats.range_backwards`; whatever the store throws.
 */
export async function rollUpMonths(store: StatsStore, from: string, to: string, now: () => Date): Promise<StoredMonth[]> {
  checkDirection(from, to);
  const months: StoredMonth[] = [];
  for (const month of monthsOf(from, to)) months.push(await rollUpMonth(store, month, now));
  return months;
}

const pieceOfDay = (day: StoredDay): Piece => ({
  firstDay: day.date,
  lastDay: day.date,
  daysComputed: 1,
  rows: day.rows,
  onlineProcedureCodes: day.catalogue?.onlineProcedureCodes ?? [],
});

/** Yesterday in Vietnam time: what the 00:05 job computes. */
export function yesterday(now: Date): string {
  return addDays(vietnamDate(now), -1);
}

/** The longest range of daily rows one request returns (a row per day and agency: a year is enough for charts). */
export const MAX_DAILY_RANGE_DAYS = 366;

/** @throws ValidationError `stats.range_backwards` when `to` < `from`; DomainError `calendar.invalid_date`. */
export function checkDirection(from: string, to: string): void {
  if (daysBetween(from, to) < 0) {
    throw new ValidationError("stats.range_backwards", [{ path: "to", message: "stats.range_backwards" }]);
  }
}

/**
 * Checks the range of a daily-rows request.
 * @throws ValidationError `stats.range_backwards` when to < from, `stats.range` when it spans more than a year
 */
export function checkRange(from: string, to: string): void {
  checkDirection(from, to);
  if (daysBetween(from, to) >= MAX_DAILY_RANGE_DAYS) {
    throw new ValidationError("stats.range", [{ path: "to", message: "stats.range" }], { max: MAX_DAILY_RANGE_DAYS });
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

/** Daily rows in a range of at most a year (docs/api.md `GET /v1/stats/daily`). @throws as `checkRange`. */
export async function dailyRows(store: StatsStore, query: RowQuery) {
  checkRange(query.from, query.to);
  const days = await store.readDays(query.from, query.to);
  return days.flatMap((day) => select(day.rows, query).map(presentRow));
}

/**
 * The computed pieces of [from, to], oldest first: the months' rollups for whole months, the edge days one by one.
 * A month without a rollup has no computed day: the job rolls up every month it computes a day of, and
 * `stats rollup` rebuilds the rollups of days stored before rollups existed (reading such a month day by day instead
 * would cost a query per day of every empty month in a long range).
 * @throws DomainError `calendar.invalid_date`; whatever the store throws.
 */
export async function readRange(store: StatsStore, from: string, to: string): Promise<Piece[]> {
  const plan = planRange(from, to);
  const stored = new Map((await store.readMonths(plan.months)).map((month) => [month.month, month]));
  const pieces: Piece[] = [];
  for (const month of plan.months) {
    const rollup = stored.get(month);
    if (rollup?.days.length) {
      pieces.push({
        firstDay: rollup.days[0]!,
        lastDay: rollup.days.at(-1)!,
        daysComputed: rollup.days.length,
        rows: rollup.rows,
        onlineProcedureCodes: rollup.onlineProcedureCodes,
      });
    }
  }
  const days = await Promise.all(plan.dayRanges.map(([a, b]) => store.readDays(a, b)));
  pieces.push(...days.flat().map(pieceOfDay));
  return pieces.sort((a, b) => (a.firstDay < b.firstDay ? -1 : a.firstDay > b.firstDay ? 1 : 0));
}

/** The rows of a whole period, per agency, tier and the province (for the summary and the Excel report). */
export async function periodRows(store: StatsStore, from: string, to: string) {
  checkDirection(from, to);
  const pieces = await readRange(store, from, to);
  return { pieces, rows: rollUp(pieces, `${from}/${to}`) };
}

/** What the catalogue says about a scope: procedures, full online, offered online. */
function catalogueInScope(procedures: readonly Procedure[], tiers: ReadonlyMap<string, AgencyTier>, query: RowQuery) {
  const inScope = procedures.filter(
    (p) => (!query.agency || p.agencyCode === query.agency) && (!query.tier || tiers.get(p.agencyCode) === query.tier),
  );
  return {
    procedures: inScope.length,
    full: inScope.filter((p) => p.level === "full").length,
    online: new Set(inScope.filter((p) => p.level !== "info").map((p) => p.code)),
  };
}

/**
 * The range's figures (docs/api.md `GET /v1/stats/summary`), for any range — years included — from the monthly
 * rollups plus the edge days: the flows summed, the period-end snapshot (its last computed day's) with the
 * carried-over count (its first computed day's), the catalogue indicators, Decision 766, the same rows per agency
 * and per tier, and a monthly series for charts.
 * @throws ValidationError `stats.range_backwards`; DomainError `calendar.invalid_date`.
 */
export async function summary(store: StatsStore, catalogue: Pick<CatalogueRepository, "load">, query: RowQuery) {
  checkDirection(query.from, query.to);
  const [pieces, current] = await Promise.all([readRange(store, query.from, query.to), catalogue.load()]);
  const scope: RowScope = query.agency ? "agency" : query.tier ? "tier" : "province";
  const key = scope === "province" ? "all" : scope === "agency" ? query.agency! : query.tier!;
  const rows = rollUp(pieces, `${query.from}/${query.to}`);
  const row = rows.find((r) => r.scope === scope && r.key === key) ?? {
    date: `${query.from}/${query.to}`,
    scope,
    key,
    tier: null,
    counts: zeroCounts(),
    snapshot: zeroSnapshot(),
  };
  const tiers = new Map(current.agencies.map((a) => [a.code, a.tier]));
  const names = new Map(current.agencies.map((a) => [a.code, a.name]));
  const scoped = catalogueInScope(current.procedures, tiers, query);
  const withDossiers = onlineProcedureCodes(pieces).filter((code) => scoped.online.has(code)).length;
  const snapshot = addSnapshots(zeroSnapshot(), row.snapshot);
  const { date: _d, scope: _s, agencyCode: _a, tier: _t, ...sums } = presentRow(row);

  // The monthly series of the same scope, for charts over long ranges.
  const byMonth = new Map<string, Piece[]>();
  for (const piece of pieces) byMonth.set(piece.firstDay.slice(0, 7), [...(byMonth.get(piece.firstDay.slice(0, 7)) ?? []), piece]);
  const monthly = [...byMonth].map(([month, monthPieces]) => {
    const monthRow = rollUp(monthPieces, month).find((r) => r.scope === scope && r.key === key);
    const { scope: _ms, agencyCode: _ma, tier: _mt, ...figures } = presentRow(
      monthRow ?? { date: month, scope, key, tier: null, counts: zeroCounts(), snapshot: zeroSnapshot() },
    );
    return figures;
  });
  const breakdown = (rowScope: RowScope) =>
    rows
      .filter((r) => r.scope === rowScope && (!query.agency || rowScope !== "agency" || r.key === query.agency))
      .filter((r) => !query.tier || r.tier === query.tier)
      .map((r) => {
        const { date: _bd, scope: _bs, ...figures } = presentRow(r);
        return { ...figures, key: r.key, name: rowScope === "agency" ? (names.get(r.key) ?? null) : null };
      });

  return {
    from: query.from,
    to: query.to,
    agency: query.agency ?? null,
    tier: query.tier ?? null,
    daysComputed: pieces.reduce((n, p) => n + p.daysComputed, 0),
    /** The day the snapshot stood at the end of: the last computed day of the range. */
    snapshotDate: pieces.at(-1)?.lastDay ?? null,
    ...sums,
    snapshot: {
      inProgress: snapshot.inProgress,
      inProgressOverdue: snapshot.inProgressOverdue,
      waitingForCitizen: snapshot.waitingForCitizen,
      waitingForCitizenWithinTime: snapshot.waitingForCitizenWithinTime,
      carriedOver: snapshot.carriedOver,
    },
    procedures: scoped.procedures,
    proceduresFullOnline: scoped.full,
    fullOnlineRate: fullOnlineRate(scoped.full, scoped.procedures),
    proceduresOnline: scoped.online.size,
    proceduresWithOnlineDossiers: withDossiers,
    servicesWithDossiersRate: servicesWithDossiersRate(withDossiers, scoped.online.size),
    decision766: decision766({
      counts: row.counts,
      snapshot,
      procedures: scoped.procedures,
      proceduresOnline: scoped.online.size,
      proceduresWithOnlineDossiers: withDossiers,
    }),
    byAgency: breakdown("agency"),
    byTier: breakdown("tier"),
    monthly,
    formulas: FORMULAS,
  };
}

/** The formulas, stated with every summary (and on the statistics page). */
export const FORMULAS = {
  onTimeRate: "(resolvedEarly + resolvedOnTime) / resolved",
  progressRate:
    "(resolvedEarly + resolvedOnTime + inProgress + waitingForCitizenWithinTime) / (resolved + inProgress + inProgressOverdue + waitingForCitizen)",
  earlyShare: "resolvedEarly / resolved",
  onlineUptakeRate: "receivedOnline / received (online + counter + post)",
  fullOnlineRate: "procedures with level full / procedures",
  servicesWithDossiersRate: "online procedures with ≥ 1 online dossier in the period / online procedures",
  averageRating: "mean rating of rated dossiers resolved in the period",
  snapshot:
    "at the end of the last computed day: inProgress (clock running, not past due), inProgressOverdue (clock running, past due), waitingForCitizen (clock paused); carriedOver: open at the start of the first day",
};

/** Days in [from, to] that have no computed row yet (the local server fills them at start-up). */
export async function missingDays(store: StatsStore, from: string, to: string): Promise<string[]> {
  const computed = new Set((await store.readDays(from, to)).map((d) => d.date));
  const missing: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!computed.has(d)) missing.push(d);
  return missing;
}
