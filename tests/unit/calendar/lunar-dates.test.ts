import { describe, expect, it } from "vitest";
import { computeStatutoryCalendar, isWorkingDay, MAX_YEAR, MIN_YEAR } from "../../../functions/core/calendar";
import lunarTable from "../../../functions/core/calendar/lunar-dates.json";
import { lunarDatesFromLibrary } from "../../../functions/core/calendar/lunar-source";
import { CHINA_TIME_ZONE, lunarHolidayDates, lunarToSolar, VIETNAM_TIME_ZONE } from "../../../scripts/vietnamese-lunar";

const years = lunarTable.years as Record<string, string[]>;
const row = (year: number) => years[String(year)]!;

/**
 * Years where `date-holidays` (which generated the table before) and Hồ Ngọc Đức's algorithm disagree. 2050 and
 * 2083 are the errors the audit found (Hùng Kings' day a day early); past 2100 both are predictions that depend on
 * ΔT (Earth's rotation), which nobody knows to the minute, and the table follows the Vietnamese algorithm.
 */
const LIBRARY_DISAGREES: Record<number, { tet?: string; hungKings?: string }> = {
  2050: { hungKings: "2050-03-31" },
  2083: { hungKings: "2083-04-25" },
  2105: { hungKings: "2105-04-23" },
  2109: { hungKings: "2109-04-08" },
  2110: { hungKings: "2110-04-27" },
  2155: { hungKings: "2155-04-10" },
  2157: { hungKings: "2157-04-17" },
  2175: { tet: "2175-01-22" },
  2192: { hungKings: "2192-04-20" },
  2196: { hungKings: "2196-04-07" },
  2199: { tet: "2199-01-26" },
};

describe("the lunar date table against an independent Vietnamese implementation (Hồ Ngọc Đức's algorithm, UTC+7)", () => {
  it("holds, for every supported year, what the astronomical algorithm computes", () => {
    expect(Object.keys(years)).toHaveLength(MAX_YEAR - MIN_YEAR + 1);
    for (let year = MIN_YEAR; year <= MAX_YEAR; year++) {
      const d = lunarHolidayDates(year, VIETNAM_TIME_ZONE);
      expect(row(year), `year ${year}`).toEqual([d.lastDayOfLunarYear, d.lunarNewYear, d.hungKings]);
    }
  });

  it("agrees with date-holidays in every year but the named ones", () => {
    const disagreements: Record<number, { tet?: string; hungKings?: string }> = {};
    for (let year = MIN_YEAR; year <= MAX_YEAR; year++) {
      const library = lunarDatesFromLibrary(year);
      const [, tet, hungKings] = row(year);
      const differs: { tet?: string; hungKings?: string } = {};
      if (library.lunarNewYear !== tet) differs.tet = library.lunarNewYear;
      if (library.hungKings !== hungKings) differs.hungKings = library.hungKings;
      if (differs.tet || differs.hungKings) disagreements[year] = differs;
    }
    expect(disagreements).toEqual(LIBRARY_DISAGREES);
  });

  it("2050: Hùng Kings' day is Friday 1 April (10/3 Canh Ngọ), not Thursday 31 March as date-holidays had it", () => {
    expect(row(2050)[2]).toBe("2050-04-01");
    expect(lunarToSolar(1, 3, 2050, false, VIETNAM_TIME_ZONE)).toBe("2050-03-23");
    const days = computeStatutoryCalendar(2050).daysOff.filter((day) => day.name === "Giỗ Tổ Hùng Vương");
    expect(days.map((day) => day.date)).toEqual(["2050-04-01"]);
    expect(isWorkingDay("2050-03-31")).toBe(true);
    expect(isWorkingDay("2050-04-01")).toBe(false);
  });

  it("2083: Hùng Kings' day is 26 April, not 25 April", () => {
    expect(row(2083)[2]).toBe("2083-04-26");
  });

  it("has Tết on the known Vietnamese dates", () => {
    expect(row(2025)[1]).toBe("2025-01-29");
    expect(row(2026)[1]).toBe("2026-02-17");
    expect(row(2027)[1]).toBe("2027-02-06");
    expect(row(2026)[2]).toBe("2026-04-26"); // Giỗ Tổ Hùng Vương
  });
});

describe("years where the Vietnamese calendar (UTC+7) and the Chinese one (UTC+8) differ", () => {
  const china = (year: number) => lunarHolidayDates(year, CHINA_TIME_ZONE);

  it("1985: Tết on 21 January in Vietnam, 20 February in China (the 12th month falls differently)", () => {
    expect(row(1985)[1]).toBe("1985-01-21");
    expect(china(1985).lunarNewYear).toBe("1985-02-20");
  });

  it("2007: Tết on 17 February in Vietnam, 18 February in China", () => {
    expect(row(2007)[1]).toBe("2007-02-17");
    expect(china(2007).lunarNewYear).toBe("2007-02-18");
  });

  it("2030: Tết on 2 February in Vietnam, 3 February in China", () => {
    expect(row(2030)[1]).toBe("2030-02-02");
    expect(china(2030).lunarNewYear).toBe("2030-02-03");
  });

  it("2037: the 3rd month starts a day earlier in Vietnam, so Hùng Kings' day is 24 April, not 25", () => {
    expect(row(2037)[1]).toBe(china(2037).lunarNewYear); // the same Tết, 15 February
    expect(row(2037)[2]).toBe("2037-04-24");
    expect(china(2037).hungKings).toBe("2037-04-25");
  });

  it("2038: Hùng Kings' day is 13 April in Vietnam, 14 April by the Chinese reckoning", () => {
    expect(row(2038)[1]).toBe(china(2038).lunarNewYear); // 4 February
    expect(row(2038)[2]).toBe("2038-04-13");
    expect(china(2038).hungKings).toBe("2038-04-14");
  });
});
