import { DomainError, RuleError } from "../errors";

/**
 * Vietnam-time date arithmetic on plain values.
 *
 * Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact and no time-zone database is needed.
 * Instants are JS `Date`s (UTC instants); calendar dates are `"YYYY-MM-DD"` strings read in Vietnam time.
 */

export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
export const MS_PER_MINUTE = 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

/**
 * Years the calendar answers for. The lunar conversion is reliable far beyond this, but the Labour Code 2019 rules
 * (two National Day days, compensation) are meaningless long before 2021, and a bound turns a runaway loop
 * (e.g. a processing time of a million days) into a clear error.
 */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2199;

const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks the year is one the calendar answers for. @throws RuleError `calendar.year_out_of_range` otherwise. */
export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RuleError("calendar.year_out_of_range", { params: { year, min: MIN_YEAR, max: MAX_YEAR } });
  }
}

/**
 * Splits a `"YYYY-MM-DD"` date into numbers, checking it names a real calendar day.
 * @throws DomainError (malformed) `calendar.invalid_date` when the string is not a real `YYYY-MM-DD` date.
 */
export function parseDate(date: string): { year: number; month: number; day: number } {
  const match = typeof date === "string" ? DATE_FORMAT.exec(date) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new DomainError("malformed", "calendar.invalid_date", { params: { value: String(date) } });
}

/** The year of a `"YYYY-MM-DD"` date. @throws DomainError `calendar.invalid_date` on a malformed date. */
export function yearOf(date: string): number {
  return parseDate(date).year;
}

/** Midnight UTC of the date's numbers: a day index for arithmetic only, not the Vietnam-time instant. */
function dayNumber(date: string): number {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromDayNumber(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (negative goes back). @throws DomainError `calendar.invalid_date`. */
/**
 * Orders things by their `YYYY-MM-DD` date: such dates sort as plain strings. Not `localeCompare`, whose first call
 * starts ICU's collator (≈ 8 ms), which the calendar would otherwise pay in every function's cold start.
 */
export const byDate = (a: { date: string }, b: { date: string }): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). @throws DomainError `calendar.invalid_date`. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. @throws DomainError `calendar.invalid_date`. */
export function weekday(date: string): number {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Saturday or Sunday, the weekly rest days of public administration (40-hour week). @throws `calendar.invalid_date`. */
export function isWeekend(date: string): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

/**
 * @throws DomainError (malformed) `calendar.invalid_date` when the value is not a valid `Date`.
 */
export function assertInstant(instant: Date, name = "instant"): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new DomainError("malformed", "calendar.invalid_date", { params: { value: `${name}: ${String(instant)}` } });
  }
  return ms;
}

/**
 * The Vietnam calendar date (UTC+7) on which an instant falls, as `"YYYY-MM-DD"`.
 * @throws DomainError (malformed) `calendar.invalid_date` when `instant` is not a valid `Date`.
 */
export function vietnamDate(instant: Date): string {
  return new Date(assertInstant(instant) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The instant at `minuteOfDay` minutes after midnight, Vietnam time, on `date`.
 * @throws DomainError `calendar.invalid_date` on a malformed date.
 */
export function vietnamInstantAt(date: string, minuteOfDay: number): number {
  return dayNumber(date) * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE - VIETNAM_OFFSET_MS;
}

/**
 * The instant at a Vietnam wall-clock time, e.g. `atVietnamTime("2026-03-09", "07:00")` is 2026-03-09T00:00Z.
 * @throws DomainError (malformed) `calendar.invalid_date` on a malformed date, `calendar.invalid_time` on a time
 * that is not `HH:MM` between 00:00 and 24:00.
 */
export function atVietnamTime(date: string, time: string): Date {
  return new Date(vietnamInstantAt(date, parseTime(time)));
}

/**
 * Minutes after midnight of an `"HH:MM"` wall-clock time (`"24:00"` allowed, as the end of a day).
 * @throws DomainError (malformed) `calendar.invalid_time` otherwise.
 */
export function parseTime(time: string): number {
  const match = typeof time === "string" ? /^(\d{2}):(\d{2})$/.exec(time) : null;
  if (match) {
    const hours = Number(match[1]);
    const minutes = Number(match[2]);
    const total = hours * 60 + minutes;
    if (minutes < 60 && total <= 24 * 60) return total;
  }
  throw new DomainError("malformed", "calendar.invalid_time", { params: { value: String(time) } });
}
