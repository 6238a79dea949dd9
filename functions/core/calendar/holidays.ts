import lunarTable from "./lunar-dates.json";
import type { LunarDates } from "./lunar-source";
import { addDays, assertSupportedYear, byDate, isWeekend, yearOf } from "./dates";
import file2025 from "./holidays/2025.json";
import file2026 from "./holidays/2026.json";
import file2027 from "./holidays/2027.json";

/**
 * Public holidays and working days (docs/domain.md "The clock").
 *
 * Two sources, in this order:
 * 1. A data file per year under `holidays/` with the schedule the government announced for public administration
 *    (cán bộ, công chức, viên chức): every day off — the statutory days, compensatory days, swapped days, and the
 *    weekend days inside an announced block — and every make-up working Saturday/Sunday. To add a year, write
 *    `holidays/<year>.json` and add it to `YEAR_FILES` below.
 * 2. For years without a file, the Labour Code 2019, Art. 112 rules (see `computeStatutoryCalendar`).
 *
 * The weekly rest days are Saturday and Sunday (the 40-hour week of public administration).
 */

/** Why a day is off: a statutory holiday, a compensatory day for a holiday on a weekend, a day swapped with a
 * make-up working day, or a weekend day listed only because it belongs to an announced block. */
export type DayOffKind = "holiday" | "compensatory" | "swapped" | "weekend";

export interface DayOff {
  date: string;
  name: string;
  kind: DayOffKind;
}

export interface WorkingWeekend {
  date: string;
  name: string;
  /** The weekday off it is worked in place of. */
  replaces: string;
}

/**
 * The shape of `holidays/<year>.json`. Its rules (dates inside the year, no date twice, kinds that match the
 * weekday, make-up days on weekends) are the schema in `holiday-file.ts`, which a unit test runs over every file:
 * the files are data committed with the code, so a broken one fails the tests, and no function validates them at
 * start-up (that would put zod into the daily job's bundle for nothing).
 */
export interface HolidayYearFile {
  year: number;
  /** `announced`: the government's notice for that year; `labour_code_rule`: no notice known, the rules applied. */
  basis: "announced" | "labour_code_rule";
  /** The decision or announcement the days come from, or why they were derived from the rules. */
  source: string;
  notes?: string[];
  daysOff: DayOff[];
  workingWeekends?: WorkingWeekend[];
}

/** One year's calendar, from a data file or computed from the rules. Lists are sorted by date. */
export interface YearCalendar {
  year: number;
  /** `announced` / `labour_code_rule`: from a data file; `computed`: derived here from the rules. */
  basis: "announced" | "labour_code_rule" | "computed";
  /** True unless the government's schedule for the year is in a data file: the days may still change (swaps,
   * make-up Saturdays), and due dates computed from them with it. */
  provisional: boolean;
  source: string;
  daysOff: DayOff[];
  workingWeekends: WorkingWeekend[];
}

/** The data files, in year order; a unit test checks that every file under `holidays/` is here and valid. */
export const YEAR_FILES = [file2025, file2026, file2027] as HolidayYearFile[];

const FILES: ReadonlyMap<number, YearCalendar> = new Map(YEAR_FILES.map((file) => [file.year, sortCalendar(file)]));

function sortCalendar(calendar: HolidayYearFile): YearCalendar {
  return {
    year: calendar.year,
    basis: calendar.basis,
    provisional: calendar.basis !== "announced",
    source: calendar.source,
    daysOff: [...calendar.daysOff].sort(byDate),
    workingWeekends: [...(calendar.workingWeekends ?? [])].sort(byDate),
  };
}

/** The years that have a data file, ascending. Throws nothing. */
export function yearsWithData(): number[] {
  return [...FILES.keys()].sort((a, b) => a - b);
}

/** The years with the government's announced schedule in a data file, ascending. Throws nothing. */
export function announcedYears(): number[] {
  return yearsWithData().filter((year) => FILES.get(year)!.basis === "announced");
}

// ---------------------------------------------------------------------------------------------------------------
// The Labour Code 2019, Art. 112 rules

/** Holiday names, shared by the computed calendar and the data files (a test compares the two for 2027). */
export const HOLIDAY_NAMES = {
  newYear: "Tết Dương lịch",
  tet: "Tết Nguyên Đán",
  hungKings: "Giỗ Tổ Hùng Vương",
  victory: "Ngày Chiến thắng",
  labour: "Ngày Quốc tế lao động",
  nationalDay: "Quốc khánh",
  nationalDayAdjacent: "Quốc khánh (ngày liền kề)",
} as const;

/**
 * The lunar dates of a year — the last day of the lunar year (Giao thừa), the lunar new year (Tết) and the 10th of
 * the 3rd month (Hùng Kings) — from `lunar-dates.json`, a table generated with Hồ Ngọc Đức's astronomical algorithm
 * for the Vietnamese calendar, UTC+7 (scripts/generate-lunar-dates.ts; a unit test checks it against that algorithm
 * and against the `date-holidays` library, naming the years where the two disagree). A table rather than code at
 * run time keeps every Lambda bundle free of astronomy and of the library's world data.
 * @throws Error when the table lacks the year or is inconsistent (never guess Tết)
 */
function lunarDates(year: number): LunarDates {
  const row = (lunarTable.years as Record<string, string[] | undefined>)[String(year)];
  const [lastDayOfLunarYear, lunarNewYear, hungKings] = row ?? [];
  if (!lastDayOfLunarYear || !lunarNewYear || !hungKings || addDays(lastDayOfLunarYear, 1) !== lunarNewYear) {
    throw new Error(`calendar: no usable Vietnamese lunar dates for ${year} in lunar-dates.json`);
  }
  return { lastDayOfLunarYear, lunarNewYear, hungKings };
}

interface Statutory {
  date: string;
  name: string;
}

/**
 * Adds a compensatory day for each statutory day that falls on a Saturday or Sunday: the next weekday that is not
 * itself a statutory or compensatory day (Art. 112(3): "nghỉ bù vào ngày làm việc kế tiếp"), in date order.
 */
function withCompensation(statutory: Statutory[]): DayOff[] {
  const sorted = [...statutory].sort(byDate);
  const taken = new Set(sorted.map((day) => day.date));
  const days: DayOff[] = sorted.map((day) => ({ ...day, kind: "holiday" }));
  for (const day of sorted) {
    if (!isWeekend(day.date)) continue;
    let candidate = addDays(day.date, 1);
    while (isWeekend(candidate) || taken.has(candidate)) candidate = addDays(candidate, 1);
    taken.add(candidate);
    const [, month, dayOfMonth] = day.date.split("-");
    days.push({ date: candidate, name: `Nghỉ bù ${day.name} (${dayOfMonth}/${month})`, kind: "compensatory" });
  }
  return days.sort(byDate);
}

/** Length of the run of consecutive days off (weekends included) that contains `date`. */
function breakLength(date: string, off: ReadonlySet<string>): number {
  const isOff = (day: string) => isWeekend(day) || off.has(day);
  let length = 1;
  for (let day = addDays(date, -1); isOff(day); day = addDays(day, -1)) length++;
  for (let day = addDays(date, 1); isOff(day); day = addDays(day, 1)) length++;
  return length;
}

/**
 * The day adjacent to National Day (Art. 112(1)(đ): "01 ngày liền kề trước hoặc sau"), chosen each year by the
 * Prime Minister. Our rule, which reproduces every choice since 2021 (2021–2025: 3/9, 1/9, 1/9, 3/9, 1/9):
 * 1. the candidate (1/9 or 3/9) giving the longer break, weekends and compensation included;
 * 2. on a tie, the one on a weekday (so it is a real day off, not only a compensation);
 * 3. then 1/9.
 */
function nationalDayAdjacent(year: number): string {
  const nationalDay = `${year}-09-02`;
  const candidates = [`${year}-09-01`, `${year}-09-03`];
  const scored = candidates.map((candidate, order) => {
    const off = new Set(
      withCompensation([
        { date: nationalDay, name: HOLIDAY_NAMES.nationalDay },
        { date: candidate, name: HOLIDAY_NAMES.nationalDayAdjacent },
      ]).map((day) => day.date),
    );
    return { candidate, length: breakLength(nationalDay, off), weekday: isWeekend(candidate) ? 0 : 1, order };
  });
  scored.sort((a, b) => b.length - a.length || b.weekday - a.weekday || a.order - b.order);
  return scored[0]!.candidate;
}

/**
 * The days off of `year` by the Labour Code 2019, Art. 112, ignoring any data file:
 * 1 January; Tết 5 days = the last day of the lunar year and the first 4 days of the new year (lunar dates from
 * `lunar-dates.json`); Hùng Kings' day (10th of the 3rd lunar month); 30 April; 1 May; 2 September and one adjacent
 * day (see the rule in `nationalDayAdjacent`); a compensatory day on the next working day for each of these that
 * falls on a Saturday or Sunday. No swaps and no make-up Saturdays: those exist only by announcement.
 * @throws RuleError `calendar.year_out_of_range` outside 1970–2199.
 */
export function computeStatutoryCalendar(year: number): YearCalendar {
  assertSupportedYear(year);
  const lunar = lunarDates(year);
  const statutory: Statutory[] = [
    { date: `${year}-01-01`, name: HOLIDAY_NAMES.newYear },
    { date: lunar.lastDayOfLunarYear, name: HOLIDAY_NAMES.tet },
    ...[0, 1, 2, 3].map((offset) => ({ date: addDays(lunar.lunarNewYear, offset), name: HOLIDAY_NAMES.tet })),
    { date: lunar.hungKings, name: HOLIDAY_NAMES.hungKings },
    { date: `${year}-04-30`, name: HOLIDAY_NAMES.victory },
    { date: `${year}-05-01`, name: HOLIDAY_NAMES.labour },
    { date: `${year}-09-02`, name: HOLIDAY_NAMES.nationalDay },
    { date: nationalDayAdjacent(year), name: HOLIDAY_NAMES.nationalDayAdjacent },
  ];
  return {
    year,
    basis: "computed",
    provisional: true,
    source: "Bộ luật Lao động 2019, Điều 112 (tính theo quy tắc; âm lịch Việt Nam, UTC+7, theo lunar-dates.json)",
    daysOff: withCompensation(statutory),
    workingWeekends: [],
  };
}

interface YearIndex {
  calendar: YearCalendar;
  off: ReadonlyMap<string, DayOff>;
  working: ReadonlyMap<string, WorkingWeekend>;
}

const cache = new Map<number, YearIndex>();

function indexFor(year: number): YearIndex {
  let index = cache.get(year);
  if (!index) {
    assertSupportedYear(year);
    const calendar = FILES.get(year) ?? computeStatutoryCalendar(year);
    index = {
      calendar,
      off: new Map(calendar.daysOff.map((day) => [day.date, day])),
      working: new Map(calendar.workingWeekends.map((day) => [day.date, day])),
    };
    cache.set(year, index);
  }
  return index;
}

/**
 * The calendar used for `year`: its data file if there is one, otherwise the computed rules.
 * @throws RuleError `calendar.year_out_of_range` outside 1970–2199.
 */
export function holidayCalendar(year: number): YearCalendar {
  const { calendar } = indexFor(year);
  return { ...calendar, daysOff: [...calendar.daysOff], workingWeekends: [...calendar.workingWeekends] };
}

/** One year's schedule status, for `calendar check`. */
export interface ScheduleStatus {
  year: number;
  /** `announced`: the government's schedule is in a data file; `provisional`: a rule-based data file;
   * `computed`: no data file, the Labour Code rules computed here. */
  status: "announced" | "provisional" | "computed";
  source: string;
}

/**
 * The schedule status of every year from `fromYear` to `toYear` inclusive: which have the government's announced
 * schedule and which run on provisional days (rule-based file or computed), whose due dates may move.
 * @throws RuleError `calendar.year_out_of_range` outside 1970–2199; RangeError when `toYear` < `fromYear`.
 */
export function scheduleStatus(fromYear: number, toYear: number): ScheduleStatus[] {
  if (toYear < fromYear) throw new RangeError(`calendar: ${toYear} is before ${fromYear}`);
  const statuses: ScheduleStatus[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const { basis, source } = indexFor(year).calendar;
    statuses.push({ year, status: basis === "announced" ? "announced" : basis === "computed" ? "computed" : "provisional", source });
  }
  return statuses;
}

/** What kind of day a date is, for display and for `isWorkingDay`. */
export interface DayInfo {
  date: string;
  working: boolean;
  reason: "weekday" | "weekend" | "day_off" | "working_weekend";
  /** The holiday or make-up day's name, when there is one. */
  name?: string;
  kind?: DayOffKind;
}

/**
 * Describes a date: working or not, and why.
 * @throws DomainError (malformed) `calendar.invalid_date` on a malformed date; RuleError
 * `calendar.year_out_of_range` outside 1970–2199.
 */
export function describeDay(date: string): DayInfo {
  const index = indexFor(yearOf(date));
  const working = index.working.get(date);
  if (working) return { date, working: true, reason: "working_weekend", name: working.name };
  const off = index.off.get(date);
  if (off) return { date, working: false, reason: "day_off", name: off.name, kind: off.kind };
  return isWeekend(date) ? { date, working: false, reason: "weekend" } : { date, working: true, reason: "weekday" };
}

/**
 * Whether public administration works on `date` (Vietnam calendar): Monday–Friday except days off, plus announced
 * make-up working weekends.
 * @throws DomainError (malformed) `calendar.invalid_date` on a malformed date; RuleError
 * `calendar.year_out_of_range` outside 1970–2199.
 */
export function isWorkingDay(date: string): boolean {
  return describeDay(date).working;
}

/**
 * The first working day strictly after `date`.
 * @throws DomainError (malformed) `calendar.invalid_date` on a malformed date; RuleError
 * `calendar.year_out_of_range` when the search leaves 1970–2199.
 */
export function nextWorkingDay(date: string): string {
  let day = addDays(date, 1);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * The last working day strictly before `date`.
 * @throws DomainError (malformed) `calendar.invalid_date` on a malformed date; RuleError
 * `calendar.year_out_of_range` when the search leaves 1970–2199.
 */
export function previousWorkingDay(date: string): string {
  let day = addDays(date, -1);
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}
