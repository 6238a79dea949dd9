/**
 * Regenerates functions/core/calendar/lunar-dates.json: `npx tsx scripts/generate-lunar-dates.ts`.
 *
 * The dates come from Hồ Ngọc Đức's astronomical algorithm for the Vietnamese calendar, days reckoned in UTC+7
 * (scripts/vietnamese-lunar.ts). The script also prints where the `date-holidays` library (which generated the table
 * before) disagrees: it puts Hùng Kings' day a day early in 2050, 2083 and later years. The unit test
 * tests/unit/calendar/lunar-dates.test.ts checks the committed table against both, naming every disagreement.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MAX_YEAR, MIN_YEAR } from "../functions/core/calendar/dates";
import { lunarDatesFromLibrary } from "../functions/core/calendar/lunar-source";
import { lunarHolidayDates } from "./vietnamese-lunar";

const table: Record<string, [string, string, string]> = {};
const disagreements: string[] = [];
for (let year = MIN_YEAR; year <= MAX_YEAR; year++) {
  const d = lunarHolidayDates(year);
  table[year] = [d.lastDayOfLunarYear, d.lunarNewYear, d.hungKings];
  const library = lunarDatesFromLibrary(year);
  if (library.lunarNewYear !== d.lunarNewYear || library.hungKings !== d.hungKings) {
    disagreements.push(`${year}: Tết ${d.lunarNewYear} (date-holidays ${library.lunarNewYear}), Hùng Kings ${d.hungKings} (date-holidays ${library.hungKings})`);
  }
}
const file = fileURLToPath(new URL("../functions/core/calendar/lunar-dates.json", import.meta.url));
writeFileSync(
  file,
  `{\n  "source": "Hồ Ngọc Đức's astronomical algorithm, Vietnamese calendar (UTC+7), scripts/vietnamese-lunar.ts: [last day of the lunar year, lunar new year, 10th of the 3rd lunar month]",\n  "years": {\n${Object.entries(table)
    .map(([year, dates]) => `    "${year}": ${JSON.stringify(dates)}`)
    .join(",\n")}\n  }\n}\n`,
);
console.log(`wrote ${Object.keys(table).length} years to ${file}`);
console.log(`date-holidays disagrees in ${disagreements.length} years:\n  ${disagreements.join("\n  ")}`);
