import Holidays from "date-holidays";

export interface LunarDates {
  lastDayOfLunarYear: string;
  lunarNewYear: string;
  hungKings: string;
}

let source: Holidays | undefined;

/**
 * The lunar dates from `date-holidays`' Vietnamese rules (computed for UTC+7, unlike Chinese-calendar libraries):
 * the first day of the lunar year (Tết, rule `vietnamese 1-0-1`), the last day of the old year (Giao thừa, rule
 * `1 day before vietnamese 1-0-1`) and the 10th of the 3rd month (Hùng Kings, `vietnamese 3-0-10`).
 * Matched by rule rather than by name, so a translation change in the library cannot break it.
 *
 * Used only as a second opinion: scripts/generate-lunar-dates.ts prints where it disagrees with the table (built
 * with Hồ Ngọc Đức's algorithm, scripts/vietnamese-lunar.ts) and the lunar-dates unit test names those years (it
 * puts Hùng Kings' day a day early in 2050, 2083 and later). Never at run time: this library brings every
 * country's rules, every time zone and planetary tables into each Lambda bundle (BENCHMARKS.md "Cold start").
 * @throws Error when the library yields no usable dates (a changed library): never guess Tết.
 */
export function lunarDatesFromLibrary(year: number): LunarDates {
  source ??= new Holidays("VN", { timezone: "Asia/Ho_Chi_Minh" });
  const holidays = source.getHolidays(year);
  const find = (matches: (rule: string) => boolean) => holidays.find((h) => matches(h.rule))?.date.slice(0, 10);
  const lunarNewYear = find((rule) => rule === "vietnamese 1-0-1");
  const lastDayOfLunarYear = find((rule) => rule.startsWith("1 day before vietnamese 1-0-1"));
  const hungKings = find((rule) => rule === "vietnamese 3-0-10");
  if (!lunarNewYear || !lastDayOfLunarYear || !hungKings) {
    throw new Error(`calendar: date-holidays returned no usable Vietnamese lunar dates for ${year}`);
  }
  return { lastDayOfLunarYear, lunarNewYear, hungKings };
}
