import { describe, expect, it } from "vitest";
import { MAX_YEAR, MIN_YEAR } from "../../../functions/core/calendar";
import lunarTable from "../../../functions/core/calendar/lunar-dates.json";
import { lunarDatesFromLibrary } from "../../../functions/core/calendar/lunar-source";

describe("the lunar date table", () => {
  it("holds, for every supported year, exactly what the date-holidays library computes", () => {
    const years = lunarTable.years as Record<string, string[]>;
    expect(Object.keys(years)).toHaveLength(MAX_YEAR - MIN_YEAR + 1);
    for (let year = MIN_YEAR; year <= MAX_YEAR; year++) {
      const d = lunarDatesFromLibrary(year);
      expect(years[String(year)], `year ${year}`).toEqual([d.lastDayOfLunarYear, d.lunarNewYear, d.hungKings]);
    }
  });

  it("has Tết on the known Vietnamese dates (UTC+7, not the Chinese calendar's UTC+8)", () => {
    const years = lunarTable.years as Record<string, string[]>;
    expect(years["2026"]![1]).toBe("2026-02-17");
    expect(years["2027"]![1]).toBe("2027-02-06");
    expect(years["2030"]![1]).toBe("2030-02-02"); // China: 3 February
    expect(years["2026"]![2]).toBe("2026-04-26"); // Giỗ Tổ Hùng Vương
  });
});
