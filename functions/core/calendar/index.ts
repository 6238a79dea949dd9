/**
 * The working-day calendar of the domain core (docs/domain.md "The clock"): holidays per year, working days, office
 * hours, due dates, the supplement pause and the early / on-time / late classification.
 * Pure functions over plain values: no AWS SDK, no Hono. Vietnam time is UTC+7 with no daylight saving; instants
 * are `Date`s, calendar dates are `"YYYY-MM-DD"` strings in Vietnam time.
 */
export {
  addDays,
  atVietnamTime,
  daysBetween,
  MAX_YEAR,
  MIN_YEAR,
  vietnamDate,
  weekday,
} from "./dates";
export {
  announcedYears,
  computeStatutoryCalendar,
  describeDay,
  HOLIDAY_NAMES,
  holidayCalendar,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  scheduleStatus,
  yearsWithData,
} from "./holidays";
export type { DayInfo, DayOff, DayOffKind, HolidayYearFile, ScheduleStatus, WorkingWeekend, YearCalendar } from "./holidays";
export {
  addWorkingTime,
  classifyResolution,
  computeDueAt,
  DEFAULT_OFFICE_HOURS,
  endOfOfficeDay,
  newPromisedDate,
  resumeClock,
  startOfOfficeDay,
  workingDaysBetween,
  workingMinutesBetween,
  workingMinutesPerDay,
} from "./clock";
export type {
  ClassifyResolutionInput,
  ClockOptions,
  ClockUnit,
  ComputeDueAtInput,
  OfficeHours,
  OfficePeriod,
  Resolution,
  ResumeClockInput,
  SupplementClock,
} from "./clock";
export { clockChanges, replayClock } from "./replay";
export type { ClockChange, ClockHistory, ReplayedClock } from "./replay";
export { dueTimeFor, publicYear } from "./public";
export type { DueTime, PublicYear } from "./public";
