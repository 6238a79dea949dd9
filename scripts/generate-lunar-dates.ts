/**
 * Regenerates functions/core/calendar/lunar-dates.json from `date-holidays` (a maintained library with the
 * Vietnamese lunar calendar): `npx tsx scripts/generate-lunar-dates.ts`. tests/unit/calendar/lunar-dates.test.ts
 * fails when the committed table and the library disagree.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MAX_YEAR, MIN_YEAR } from "../functions/core/calendar/dates";
import { lunarDatesFromLibrary } from "../functions/core/calendar/lunar-source";

const table: Record<string, [string, string, string]> = {};
for (let year = MIN_YEAR; year <= MAX_YEAR; year++) {
  const d = lunarDatesFromLibrary(year);
  table[year] = [d.lastDayOfLunarYear, d.lunarNewYear, d.hungKings];
}
const file = fileURLToPath(new URL("../functions/core/calendar/lunar-dates.json", import.meta.url));
writeFileSync(
  file,
  `{\n  "source": "date-holidays (Vietnamese rules, UTC+7): [last day of the lunar year, lunar new year, 10th of the 3rd lunar month]",\n  "years": {\n${Object.entries(table)
    .map(([year, dates]) => `    "${year}": ${JSON.stringify(dates)}`)
    .join(",\n")}\n  }\n}\n`,
);
console.log(`wrote ${Object.keys(table).length} years to ${file}`);
