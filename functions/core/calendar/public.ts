import { addWorkingTime, computeDueAt, type ClockOptions, type ClockUnit } from "./clock";
import { assertInstant, vietnamDate, yearOf } from "./dates";
import { holidayCalendar, type DayOffKind } from "./holidays";

/**
 * The calendar as the public API shows it (docs/api.md "Calendar"): a year's days off and make-up working days with
 * their source, and the due time the portal would set — so an agency's own system computes the same dates.
 */

export interface PublicYear {
  year: number;
  /** The government's schedule for the year is in the portal's data. */
  announced: boolean;
  /** The days may still change (no announced schedule: rule-based or computed), and due dates with them. */
  provisional: boolean;
  basis: "announced" | "labour_code_rule" | "computed";
  source: string;
  daysOff: { date: string; name: string; kind: DayOffKind }[];
  workingWeekends: { date: string; name: string; replaces: string }[];
}

/**
 * One year's calendar for the API.
 * @throws RuleError `calendar.year_out_of_range` outside 1970–2199.
 */
export function publicYear(year: number): PublicYear {
  const calendar = holidayCalendar(year);
  return {
    year,
    announced: calendar.basis === "announced",
    provisional: calendar.provisional,
    basis: calendar.basis,
    source: calendar.source,
    daysOff: calendar.daysOff.map(({ date, name, kind }) => ({ date, name, kind })),
    workingWeekends: calendar.workingWeekends.map(({ date, name, replaces }) => ({ date, name, replaces })),
  };
}

export interface DueTime {
  receivedAt: Date;
  /** When the clock starts: `receivedAt`, or the next office period when received outside office hours. */
  clockStartsAt: Date;
  dueAt: Date;
  unit: ClockUnit;
  processingDays: number;
  /** Some day the count crosses lies in a year without an announced schedule: the due time may still move. */
  provisional: boolean;
}

/**
 * The due time the portal sets when a dossier of this procedure is received at `receivedAt` (the lifecycle's
 * `computeDueAt`, before any supplement pause).
 * @throws DomainError (malformed) `calendar.invalid_date`, `calendar.invalid_duration`, `calendar.invalid_unit`;
 * RuleError `calendar.year_out_of_range`.
 */
export function dueTimeFor(
  procedure: { processingDays: number; clockUnit?: ClockUnit },
  receivedAt: Date,
  options?: ClockOptions,
): DueTime {
  assertInstant(receivedAt, "receivedAt");
  const unit = procedure.clockUnit ?? "working_days";
  const clockStartsAt = addWorkingTime(receivedAt, 0, options);
  const dueAt = computeDueAt({ receivedAt, processingDays: procedure.processingDays, unit }, options);
  let provisional = false;
  for (let year = yearOf(vietnamDate(receivedAt)); year <= yearOf(vietnamDate(dueAt)); year++) {
    provisional ||= holidayCalendar(year).provisional;
  }
  return { receivedAt, clockStartsAt, dueAt, unit, processingDays: procedure.processingDays, provisional };
}
