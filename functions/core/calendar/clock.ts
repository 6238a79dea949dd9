import type { Resolution } from "../dossier/vocabulary";
import { DomainError, RuleError } from "../errors";
import {
  addDays,
  assertInstant,
  daysBetween,
  MS_PER_MINUTE,
  parseTime,
  vietnamDate,
  vietnamInstantAt,
} from "./dates";
import { isWorkingDay, nextWorkingDay } from "./holidays";

/**
 * The processing clock (docs/domain.md "The clock").
 *
 * Conventions, decided here once:
 * - Working time is counted in office minutes; one working day = the office hours of a day (default 8 h = 480 min).
 * - A start outside office hours (before opening, at lunch, after closing, on a day off) begins at the next office
 *   period: a dossier received after 17:00 or on a non-working day starts at the next working morning.
 * - End-of-day convention: when the counted time runs out exactly at the end of an office period, the result is that
 *   end (17:00 Monday), never the start of the next period (07:00 Tuesday); likewise 11:30 rather than 13:30.
 * - Instants keep their seconds and milliseconds; durations in minutes may be fractional.
 */

export type ClockUnit = "working_days" | "calendar_days";
export type SupplementClock = "pause" | "restart";
export type { Resolution };

/** One office period in Vietnam wall-clock time, `"HH:MM"`, `start` < `end`. */
export interface OfficePeriod {
  start: string;
  end: string;
}
export type OfficeHours = readonly OfficePeriod[];

/** A provincial system's defaults: 07:00–11:30 and 13:30–17:00 (8 working hours). */
export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze([
  Object.freeze({ start: "07:00", end: "11:30" }),
  Object.freeze({ start: "13:30", end: "17:00" }),
]);

export interface ClockOptions {
  /** Office periods of a working day, in order; defaults to `DEFAULT_OFFICE_HOURS`. */
  officeHours?: OfficeHours;
}

/** Office periods as [start, end) minutes after midnight. */
type Periods = readonly (readonly [number, number])[];

function periodsOf(options: ClockOptions | undefined): Periods {
  const hours = options?.officeHours ?? DEFAULT_OFFICE_HOURS;
  const invalid = () =>
    new DomainError("malformed", "calendar.invalid_office_hours", { params: { value: JSON.stringify(hours) } });
  if (!Array.isArray(hours) || hours.length === 0) throw invalid();
  const periods: [number, number][] = [];
  let previousEnd = 0;
  for (const period of hours as OfficeHours) {
    let start: number;
    let end: number;
    try {
      start = parseTime(period.start);
      end = parseTime(period.end);
    } catch {
      throw invalid();
    }
    if (start >= end || start < previousEnd) throw invalid();
    periods.push([start, end]);
    previousEnd = end;
  }
  return periods;
}

function assertMinutes(minutes: number, name: string): void {
  if (typeof minutes !== "number" || !Number.isFinite(minutes) || minutes < 0) {
    throw new DomainError("malformed", "calendar.invalid_duration", { params: { name, value: String(minutes) } });
  }
}

/**
 * Working minutes in one working day under the office hours (480 by default).
 * @throws DomainError (malformed) `calendar.invalid_office_hours` when the periods are not ordered `HH:MM` ranges.
 */
export function workingMinutesPerDay(options?: ClockOptions): number {
  return periodsOf(options).reduce((sum, [start, end]) => sum + end - start, 0);
}

/**
 * The opening instant of the office day `date` (07:00 by default), whether or not it is a working day.
 * @throws DomainError (malformed) `calendar.invalid_date`, `calendar.invalid_office_hours`.
 */
export function startOfOfficeDay(date: string, options?: ClockOptions): Date {
  const periods = periodsOf(options);
  return new Date(vietnamInstantAt(date, periods[0]![0]));
}

/**
 * The closing instant of the office day `date` (17:00 by default), whether or not it is a working day.
 * @throws DomainError (malformed) `calendar.invalid_date`, `calendar.invalid_office_hours`.
 */
export function endOfOfficeDay(date: string, options?: ClockOptions): Date {
  const periods = periodsOf(options);
  return new Date(vietnamInstantAt(date, periods[periods.length - 1]![1]));
}

/**
 * The instant after `minutes` of working time counted from `start`. A start outside office hours or on a
 * non-working day begins at the next office period; `minutes = 0` therefore returns `start` moved forward to the
 * next office instant (unchanged when inside office hours, or exactly at the end of a period). Time running out
 * exactly at the end of a period reports that end (see the module conventions).
 * @throws DomainError (malformed) `calendar.invalid_date` when `start` is not a valid Date,
 * `calendar.invalid_duration` when `minutes` is negative or not finite, `calendar.invalid_office_hours`;
 * RuleError `calendar.year_out_of_range` when the count runs past 2199.
 */
export function addWorkingTime(start: Date, minutes: number, options?: ClockOptions): Date {
  let cursor = assertInstant(start, "start");
  assertMinutes(minutes, "minutes");
  const periods = periodsOf(options);
  let remaining = Math.round(minutes * MS_PER_MINUTE);
  let date = vietnamDate(start);
  for (;;) {
    if (isWorkingDay(date)) {
      for (const [startMinute, endMinute] of periods) {
        const periodStart = vietnamInstantAt(date, startMinute);
        const periodEnd = vietnamInstantAt(date, endMinute);
        if (cursor > periodEnd) continue;
        const from = Math.max(cursor, periodStart);
        const available = periodEnd - from;
        if (remaining <= available) return new Date(from + remaining);
        remaining -= available;
        cursor = periodEnd;
      }
    }
    date = nextWorkingDay(date);
    cursor = Number.NEGATIVE_INFINITY;
  }
}

function workingMsBetween(from: number, to: number, periods: Periods): number {
  let total = 0;
  const last = vietnamDate(new Date(to));
  for (let date = vietnamDate(new Date(from)); date <= last; date = addDays(date, 1)) {
    if (!isWorkingDay(date)) continue;
    for (const [startMinute, endMinute] of periods) {
      const overlap = Math.min(to, vietnamInstantAt(date, endMinute)) - Math.max(from, vietnamInstantAt(date, startMinute));
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * Working minutes between two instants (office hours on working days only), possibly fractional. Signed: negative
 * when `b` is before `a`.
 * @throws DomainError (malformed) `calendar.invalid_date` when an argument is not a valid Date,
 * `calendar.invalid_office_hours`; RuleError `calendar.year_out_of_range` outside 1970–2199.
 */
export function workingMinutesBetween(a: Date, b: Date, options?: ClockOptions): number {
  const from = assertInstant(a, "a");
  const to = assertInstant(b, "b");
  const periods = periodsOf(options);
  if (to < from) return -workingMsBetween(to, from, periods) / MS_PER_MINUTE;
  return workingMsBetween(from, to, periods) / MS_PER_MINUTE;
}

/**
 * Working days between two instants as a decimal (working minutes / minutes of a working day), for the statistics'
 * average processing time. Signed like `workingMinutesBetween`; not rounded.
 * @throws DomainError (malformed) `calendar.invalid_date`, `calendar.invalid_office_hours`; RuleError
 * `calendar.year_out_of_range`.
 */
export function workingDaysBetween(a: Date, b: Date, options?: ClockOptions): number {
  return workingMinutesBetween(a, b, options) / workingMinutesPerDay(options);
}

export interface ComputeDueAtInput {
  /** When the agency received the complete dossier (the clock starts). */
  receivedAt: Date;
  /** The procedure's processing time. */
  processingDays: number;
  unit: ClockUnit;
}

/**
 * The due instant of a dossier.
 * - `working_days`: `processingDays` × the working day's minutes of working time from `receivedAt` (received at
 *   10:00 with 1 day → 10:00 the next working day; received after 17:00 → counted from the next working morning,
 *   so 1 day → 17:00 of that day). Fractional days are allowed (0.5 = 4 h).
 * - `calendar_days`: the receipt date (the date of the next working morning when received after hours or on a day
 *   off) plus `processingDays` calendar days, at the end of the office day; rolled forward to the next working day
 *   only if that date is not a working day. Must be a whole number.
 * - `processingDays = 0`: the end of the receipt working day (17:00 by default), in both units.
 * @throws DomainError (malformed) `calendar.invalid_date` when `receivedAt` is not a valid Date,
 * `calendar.invalid_duration` when `processingDays` is negative, not finite, or fractional with `calendar_days`,
 * `calendar.invalid_unit` for an unknown unit, `calendar.invalid_office_hours`; RuleError
 * `calendar.year_out_of_range` past 2199.
 */
export function computeDueAt(input: ComputeDueAtInput, options?: ClockOptions): Date {
  const { receivedAt, processingDays, unit } = input;
  assertMinutes(processingDays, "processingDays");
  const start = addWorkingTime(receivedAt, 0, options);
  const receiptDate = vietnamDate(start);
  switch (unit) {
    case "working_days":
      if (processingDays === 0) return endOfOfficeDay(receiptDate, options);
      return addWorkingTime(start, processingDays * workingMinutesPerDay(options), options);
    case "calendar_days": {
      if (!Number.isInteger(processingDays)) {
        throw new DomainError("malformed", "calendar.invalid_duration", {
          params: { name: "processingDays", value: String(processingDays) },
        });
      }
      const target = addDays(receiptDate, processingDays);
      return endOfOfficeDay(isWorkingDay(target) ? target : nextWorkingDay(target), options);
    }
    default:
      throw new DomainError("malformed", "calendar.invalid_unit", { params: { value: String(unit) } });
  }
}

export interface ResumeClockInput {
  /** The due instant before the pause. */
  dueAt: Date;
  /** When the supplement was requested (the clock stops). */
  pausedAt: Date;
  /** When the complete dossier came back (the clock runs again). */
  resumedAt: Date;
  /** The procedure's `supplementClock`. */
  mode: SupplementClock;
  processingDays: number;
  unit: ClockUnit;
}

/**
 * The new due instant when a supplement arrives.
 * - `restart`: `computeDueAt` from `resumedAt` with the full processing time.
 * - `pause`, `working_days`: the working time left at `pausedAt` (`workingMinutesBetween(pausedAt, dueAt)`, or 0 if
 *   already past due) counted from `resumedAt`.
 * - `pause`, `calendar_days`: the whole calendar days left at `pausedAt` (due date − pause date, or 0) counted from
 *   `resumedAt` as `computeDueAt` does for calendar days — calendar-day procedures lose calendar time, not office
 *   time, while paused.
 * @throws DomainError (malformed) `calendar.invalid_date` on an invalid Date, `calendar.invalid_duration`,
 * `calendar.invalid_unit`, `calendar.invalid_mode`, `calendar.invalid_office_hours`; RuleError
 * `calendar.resume_before_pause` when `resumedAt` is before `pausedAt`, `calendar.year_out_of_range`.
 */
export function resumeClock(input: ResumeClockInput, options?: ClockOptions): Date {
  const { dueAt, pausedAt, resumedAt, mode, processingDays, unit } = input;
  const dueMs = assertInstant(dueAt, "dueAt");
  const pausedMs = assertInstant(pausedAt, "pausedAt");
  const resumedMs = assertInstant(resumedAt, "resumedAt");
  if (resumedMs < pausedMs) {
    throw new RuleError("calendar.resume_before_pause", {
      params: { pausedAt: pausedAt.toISOString(), resumedAt: resumedAt.toISOString() },
    });
  }
  if (mode === "restart") return computeDueAt({ receivedAt: resumedAt, processingDays, unit }, options);
  if (mode !== "pause") throw new DomainError("malformed", "calendar.invalid_mode", { params: { value: String(mode) } });
  switch (unit) {
    case "working_days": {
      const remaining = dueMs > pausedMs ? workingMinutesBetween(pausedAt, dueAt, options) : 0;
      return addWorkingTime(resumedAt, remaining, options);
    }
    case "calendar_days": {
      const remaining = Math.max(0, daysBetween(vietnamDate(pausedAt), vietnamDate(dueAt)));
      return computeDueAt({ receivedAt: resumedAt, processingDays: remaining, unit }, options);
    }
    default:
      throw new DomainError("malformed", "calendar.invalid_unit", { params: { value: String(unit) } });
  }
}

export interface ClassifyResolutionInput {
  /** When the dossier was approved or denied (or, for the National Portal rule, the supplement request time of a
   * dossier still waiting on one, or the period end for an unfinished one). */
  resolvedAt: Date;
  /** The due instant, already extended by any supplement pause (the apology's new date does not count). */
  dueAt: Date;
  /** How many times a supplement was requested. */
  supplementRequests: number;
}

/**
 * Classifies a resolution (docs/domain.md "The clock"): `late` after `dueAt` or with more than one supplement request
 * (National Portal rule); otherwise `early` when resolved on a Vietnam calendar day before the due day, `on_time`
 * on the due day at or before `dueAt`.
 * @throws DomainError (malformed) `calendar.invalid_date` on an invalid Date, `calendar.invalid_count` when
 * `supplementRequests` is not a non-negative integer.
 */
export function classifyResolution(input: ClassifyResolutionInput): Resolution {
  const { resolvedAt, dueAt, supplementRequests } = input;
  const resolvedMs = assertInstant(resolvedAt, "resolvedAt");
  const dueMs = assertInstant(dueAt, "dueAt");
  if (!Number.isInteger(supplementRequests) || supplementRequests < 0) {
    throw new DomainError("malformed", "calendar.invalid_count", {
      params: { name: "supplementRequests", value: String(supplementRequests) },
    });
  }
  if (supplementRequests > 1 || resolvedMs > dueMs) return "late";
  return vietnamDate(resolvedAt) < vietnamDate(dueAt) ? "early" : "on_time";
}

/**
 * The new promised date of an apology (docs/domain.md: "apology and new date"): `extraWorkingDays` working days from
 * `now`, as `computeDueAt` counts them.
 * @throws DomainError (malformed) `calendar.invalid_date`, `calendar.invalid_duration`,
 * `calendar.invalid_office_hours`; RuleError `calendar.year_out_of_range`.
 */
export function newPromisedDate(now: Date, extraWorkingDays: number, options?: ClockOptions): Date {
  return computeDueAt({ receivedAt: now, processingDays: extraWorkingDays, unit: "working_days" }, options);
}
