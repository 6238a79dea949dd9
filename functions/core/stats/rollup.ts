import { addDays } from "../calendar";
import type { StatsRow } from "./daily";
import { addCounts, END_OF_PERIOD_FIELDS, zeroCounts, zeroSnapshot, type Snapshot } from "./indicators";

/**
 * Rolling rows up over time: days into a month (the monthly rollups the daily job writes), and months plus edge
 * days into any range (the summary). Flows are summed; of the snapshot, the end-of-period fields come from the
 * last piece and `carriedOver` from the first — an agency absent from the last piece had nothing open at the end.
 */

/** A stretch of computed statistics: one day, or a month's rollup. Pieces are passed oldest first. */
export interface Piece {
  /** The first and last computed day the piece covers. */
  firstDay: string;
  lastDay: string;
  daysComputed: number;
  rows: StatsRow[];
  onlineProcedureCodes: string[];
}

const keyOf = (row: Pick<StatsRow, "scope" | "key">) => `${row.scope}#${row.key}`;

/**
 * The rows of consecutive pieces rolled into one, labelled `date`. Throws nothing.
 */
export function rollUp(pieces: readonly Piece[], date: string): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  for (const piece of pieces) {
    for (const row of piece.rows) {
      const key = keyOf(row);
      const sum = rows.get(key) ?? { date, scope: row.scope, key: row.key, tier: row.tier, counts: zeroCounts(), snapshot: zeroSnapshot() };
      sum.counts = addCounts(sum.counts, row.counts);
      rows.set(key, sum);
    }
  }
  const first = new Map((pieces[0]?.rows ?? []).map((row) => [keyOf(row), row.snapshot]));
  const last = new Map((pieces.at(-1)?.rows ?? []).map((row) => [keyOf(row), row.snapshot]));
  for (const [key, row] of rows) {
    const snapshot: Snapshot = zeroSnapshot();
    const end = last.get(key);
    for (const field of END_OF_PERIOD_FIELDS) snapshot[field] = Number(end?.[field]) || 0;
    snapshot.carriedOver = Number(first.get(key)?.carriedOver) || 0;
    row.snapshot = snapshot;
  }
  return [...rows.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/** The union of the pieces' procedures with online dossiers. Throws nothing. */
export function onlineProcedureCodes(pieces: readonly Piece[]): string[] {
  return [...new Set(pieces.flatMap((piece) => piece.onlineProcedureCodes))].sort();
}

/** How a range is read: whole calendar months from their rollups, the days at either edge one by one. */
export interface RangePlan {
  /** `YYYY-MM` of each whole month inside the range. */
  months: string[];
  /** Day ranges at the edges (at most two), `[from, to]` inclusive. */
  dayRanges: [string, string][];
}

/** The last day of `YYYY-MM`. */
export function lastDayOfMonth(month: string): string {
  return addDays(`${nextMonth(month)}-01`, -1);
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

/**
 * Splits [from, to] into whole months and edge days: a 3-year range is 36 month reads and up to ~60 day reads
 * instead of 1,096 day reads.
 * @throws DomainError `calendar.invalid_date` on a malformed date.
 */
export function planRange(from: string, to: string): RangePlan {
  const plan: RangePlan = { months: [], dayRanges: [] };
  let cursor = from;
  while (cursor <= to) {
    const month = cursor.slice(0, 7);
    const monthEnd = lastDayOfMonth(month);
    if (cursor === `${month}-01` && monthEnd <= to) {
      plan.months.push(month);
      cursor = addDays(monthEnd, 1);
      continue;
    }
    const end = monthEnd < to ? monthEnd : to;
    const previous = plan.dayRanges.at(-1);
    if (previous && addDays(previous[1], 1) === cursor) previous[1] = end;
    else plan.dayRanges.push([cursor, end]);
    cursor = addDays(end, 1);
  }
  return plan;
}

/** The months touched by the days [from, to], oldest first. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) months.push(month);
  return months;
}
