import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Holidays from "date-holidays";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/core/errors";
import {
  announcedYears,
  computeStatutoryCalendar,
  describeDay,
  holidayCalendar,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  vietnamDate,
  yearsWithData,
} from "../../../functions/core/calendar";
import { HolidayYearFile } from "../../../functions/core/calendar/holiday-file";
import { YEAR_FILES } from "../../../functions/core/calendar/holidays";

const HOLIDAYS_DIR = join(import.meta.dirname, "../../../functions/core/calendar/holidays");

/** Every date from `from` to `to` inclusive (all within one month here). */
function range(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = Number(from.slice(8)); day <= Number(to.slice(8)); day++) {
    dates.push(`${from.slice(0, 8)}${String(day).padStart(2, "0")}`);
  }
  return dates;
}

describe("data files", () => {
  it("are all read by the calendar, and each is valid", () => {
    // Arrange: what is on disk, not what the calendar imports
    const onDisk = readdirSync(HOLIDAYS_DIR).filter((name) => name.endsWith(".json")).sort();
    // Act
    const results = onDisk.map((name) => HolidayYearFile.safeParse(JSON.parse(readFileSync(join(HOLIDAYS_DIR, name), "utf8"))));
    // Assert
    expect(YEAR_FILES.map((file) => `${file.year}.json`)).toEqual(onDisk);
    for (const [i, result] of results.entries()) {
      expect(result.error?.issues ?? [], onDisk[i]).toEqual([]);
      expect(result.data?.year, onDisk[i]).toBe(Number(onDisk[i]!.slice(0, 4)));
    }
  });

  it("has announced or rule-based files for 2025, 2026 and 2027", () => {
    // Act
    const years = yearsWithData();
    // Assert
    expect(years).toEqual([2025, 2026, 2027]);
    expect(holidayCalendar(2025).basis).toBe("announced");
    expect(holidayCalendar(2026).basis).toBe("announced");
    expect(holidayCalendar(2027).basis).toBe("labour_code_rule");
    expect([2025, 2026, 2027, 2030].map((year) => holidayCalendar(year).provisional)).toEqual([false, false, true, true]);
    expect(announcedYears()).toEqual([2025, 2026]);
  });

  it("names, for every make-up working day, the day off it replaces", () => {
    const all = yearsWithData().flatMap((year) => holidayCalendar(year).workingWeekends);
    expect(all.map((day) => [day.date, day.replaces])).toEqual([
      ["2025-04-26", "2025-05-02"],
      ["2026-01-10", "2026-01-02"],
      ["2026-08-22", "2026-08-31"],
    ]);
  });

  it("closes the whole announced Tết 2026 block, 14/2 to 22/2, and reopens on Monday 23/2", () => {
    // Arrange
    const block = range("2026-02-14", "2026-02-22");
    // Act
    const working = block.map(isWorkingDay);
    // Assert
    expect(working).toEqual([false, false, false, false, false, false, false, false, false]);
    expect(isWorkingDay("2026-02-13")).toBe(true);
    expect(isWorkingDay("2026-02-23")).toBe(true);
    expect(nextWorkingDay("2026-02-13")).toBe("2026-02-23");
    expect(previousWorkingDay("2026-02-23")).toBe("2026-02-13");
  });

  it("closes the announced Tết 2025 block, 25/1 to 2/2", () => {
    // Act
    const working = range("2025-01-25", "2025-01-31").concat(range("2025-02-01", "2025-02-02")).map(isWorkingDay);
    // Assert
    expect(working.every((day) => day === false)).toBe(true);
    expect(working).toHaveLength(9);
    expect(nextWorkingDay("2025-01-24")).toBe("2025-02-03");
  });

  it("treats the announced make-up Saturday 26/4/2025 as a working day and its swapped Friday 2/5 as off", () => {
    // Act
    const saturday = describeDay("2025-04-26");
    const swapped = describeDay("2025-05-02");
    // Assert
    expect(saturday).toEqual({
      date: "2025-04-26",
      working: true,
      reason: "working_weekend",
      name: "Làm bù cho ngày nghỉ thứ Sáu 02/5/2025",
    });
    expect(swapped.working).toBe(false);
    expect(swapped.kind).toBe("swapped");
    expect(isWorkingDay("2025-04-19")).toBe(false); // an ordinary Saturday stays off
    expect(nextWorkingDay("2025-04-25")).toBe("2025-04-26");
    expect(nextWorkingDay("2025-04-29")).toBe("2025-05-05");
  });

  it("treats Saturday 10/1/2026 as a working day (swap for Friday 2/1/2026)", () => {
    // Act / Assert
    expect(isWorkingDay("2026-01-10")).toBe(true);
    expect(isWorkingDay("2026-01-02")).toBe(false);
    expect(nextWorkingDay("2025-12-31")).toBe("2026-01-05");
    expect(nextWorkingDay("2026-01-09")).toBe("2026-01-10");
  });

  it("gives Hùng Kings' day 2026 (Sunday 26/4) its compensatory Monday and keeps 28–29/4 as working days", () => {
    // Act
    const days = range("2026-04-24", "2026-04-30").map((date) => [date, isWorkingDay(date)]);
    // Assert
    expect(days).toEqual([
      ["2026-04-24", true],
      ["2026-04-25", false],
      ["2026-04-26", false],
      ["2026-04-27", false],
      ["2026-04-28", true],
      ["2026-04-29", true],
      ["2026-04-30", false],
    ]);
    expect(isWorkingDay("2026-05-01")).toBe(false);
    expect(isWorkingDay("2026-05-04")).toBe(true);
  });

  it("closes 2/9 and its adjacent day: 1/9 in 2025 and 2026, 3/9 in 2027", () => {
    // Act / Assert
    expect(["2025-09-01", "2025-09-02", "2025-09-03"].map(isWorkingDay)).toEqual([false, false, true]);
    expect(["2026-09-01", "2026-09-02", "2026-09-03"].map(isWorkingDay)).toEqual([false, false, true]);
    expect(["2027-09-01", "2027-09-02", "2027-09-03", "2027-09-06"].map(isWorkingDay)).toEqual([true, false, false, true]);
  });

  describe("National Day 2026 as the Ministry of Home Affairs scheduled it (October 2025): 29/8–2/9 off, Monday 31/8 swapped with Saturday 22/8", () => {
    it("Friday 21/8 is an ordinary working day", () => {
      expect(describeDay("2026-08-21")).toEqual({ date: "2026-08-21", working: true, reason: "weekday" });
    });

    it("Saturday 22/8 is worked, in place of Monday 31/8", () => {
      expect(describeDay("2026-08-22")).toEqual({
        date: "2026-08-22",
        working: true,
        reason: "working_weekend",
        name: "Làm bù cho ngày nghỉ thứ Hai 31/8/2026",
      });
      expect(holidayCalendar(2026).workingWeekends.find((day) => day.date === "2026-08-22")?.replaces).toBe("2026-08-31");
      expect(nextWorkingDay("2026-08-21")).toBe("2026-08-22");
      expect(isWorkingDay("2026-08-23")).toBe(false); // the Sunday after stays off
    });

    it("Friday 28/8 is the last working day before the break", () => {
      expect(isWorkingDay("2026-08-28")).toBe(true);
      expect(nextWorkingDay("2026-08-28")).toBe("2026-09-03");
    });

    it("Monday 31/8 is off (swapped), inside the 5-day break", () => {
      expect(describeDay("2026-08-31")).toMatchObject({ working: false, reason: "day_off", kind: "swapped" });
      expect(range("2026-08-29", "2026-08-31").map(isWorkingDay)).toEqual([false, false, false]);
    });

    it("Tuesday 1/9 is off, the day adjacent to National Day, and work resumes on Thursday 3/9", () => {
      expect(describeDay("2026-09-01")).toMatchObject({ working: false, kind: "holiday", name: "Quốc khánh (ngày liền kề)" });
      expect(isWorkingDay("2026-09-02")).toBe(false);
      expect(previousWorkingDay("2026-09-03")).toBe("2026-08-28");
    });
  });

  it("the rule-based 2027 file is exactly what the Labour Code rules compute", () => {
    // Act
    const file = holidayCalendar(2027);
    const computed = computeStatutoryCalendar(2027);
    // Assert
    expect(file.daysOff).toEqual(computed.daysOff);
    expect(file.daysOff.filter((day) => day.name === "Tết Nguyên Đán").map((day) => day.date)).toEqual([
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
    ]);
  });

  it("rejects a data file whose make-up day is not a weekend", () => {
    // Arrange
    const file = {
      year: 2031,
      basis: "announced",
      source: "test",
      daysOff: [{ date: "2031-01-01", name: "Tết Dương lịch", kind: "holiday" }],
      workingWeekends: [{ date: "2031-01-08", name: "Làm bù", replaces: "2030-12-31" }], // a Wednesday
    };
    // Act
    const result = HolidayYearFile.safeParse(file);
    // Assert
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["calendar.not_a_weekend"]);
  });

  it("rejects a make-up day that replaces no swapped day of its year", () => {
    // Arrange: Saturday 4/1/2031 said to replace Thursday 2/1, which the file does not list as swapped
    const file = {
      year: 2031,
      basis: "announced",
      source: "test",
      daysOff: [{ date: "2031-01-01", name: "Tết Dương lịch", kind: "holiday" }],
      workingWeekends: [{ date: "2031-01-04", name: "Làm bù", replaces: "2031-01-02" }],
    };
    // Act
    const result = HolidayYearFile.safeParse(file);
    // Assert
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["workingWeekends.0.replaces", "calendar.replaces_not_swapped"],
    ]);
  });
});

describe("computed years (no data file)", () => {
  it("2030: Tết from the Vietnamese lunar calendar (2/2, not the Chinese 3/2), compensation, and 2/9 + 3/9", () => {
    // Arrange: the library's own answer, to show the days come from it and not from hand-rolled astronomy
    const library = new Holidays("VN", { timezone: "Asia/Ho_Chi_Minh" }).getHolidays(2030);
    const lunarNewYear = library.find((holiday) => holiday.rule === "vietnamese 1-0-1")?.date.slice(0, 10);
    // Act
    const calendar = computeStatutoryCalendar(2030);
    // Assert
    expect(lunarNewYear).toBe("2030-02-02");
    expect(holidayCalendar(2030).basis).toBe("computed");
    expect(calendar.daysOff.map((day) => [day.date, day.kind])).toEqual([
      ["2030-01-01", "holiday"],
      ["2030-02-01", "holiday"], // last day of the lunar year (Friday)
      ["2030-02-02", "holiday"], // mùng 1 (Saturday)
      ["2030-02-03", "holiday"], // Sunday
      ["2030-02-04", "holiday"],
      ["2030-02-05", "holiday"],
      ["2030-02-06", "compensatory"], // for Saturday 2/2
      ["2030-02-07", "compensatory"], // for Sunday 3/2
      ["2030-04-12", "holiday"], // 10/3 lunar
      ["2030-04-30", "holiday"],
      ["2030-05-01", "holiday"],
      ["2030-09-02", "holiday"], // Monday
      ["2030-09-03", "holiday"], // adjacent day: a weekday, same 4-day break as 1/9 (a Sunday)
    ]);
    expect(nextWorkingDay("2030-01-31")).toBe("2030-02-08");
  });

  it("2028: 1/1 on a Saturday, 30/4 on a Sunday compensated after 1/5, and 2/9 on a Saturday", () => {
    // Act / Assert
    expect(isWorkingDay("2028-01-03")).toBe(false); // compensates Saturday 1/1
    expect(isWorkingDay("2028-01-04")).toBe(true);
    expect(["2028-05-01", "2028-05-02", "2028-05-03"].map(isWorkingDay)).toEqual([false, false, true]);
    expect(["2028-09-01", "2028-09-04", "2028-09-05"].map(isWorkingDay)).toEqual([false, false, true]);
  });

  it("picks the adjacent National Day as the government did in 2021–2025", () => {
    // Act
    const adjacent = [2021, 2022, 2023, 2024, 2025].map(
      (year) => computeStatutoryCalendar(year).daysOff.find((day) => day.name === "Quốc khánh (ngày liền kề)")?.date,
    );
    // Assert
    expect(adjacent).toEqual(["2021-09-03", "2022-09-01", "2023-09-01", "2024-09-03", "2025-09-01"]);
  });
});

describe("dates and errors", () => {
  it("reads an instant's date in Vietnam time (UTC+7)", () => {
    // Act / Assert
    expect(vietnamDate(new Date("2026-03-08T16:59:59Z"))).toBe("2026-03-08");
    expect(vietnamDate(new Date("2026-03-08T17:00:00Z"))).toBe("2026-03-09");
  });

  it("rejects malformed dates and unsupported years with domain errors", () => {
    // Act / Assert
    expect(() => isWorkingDay("2026-02-30")).toThrowError(
      expect.objectContaining({ code: "calendar.invalid_date", kind: "malformed" }) as Error,
    );
    expect(() => isWorkingDay("26-02-01")).toThrow(DomainError);
    expect(() => vietnamDate(new Date("nope"))).toThrowError(
      expect.objectContaining({ code: "calendar.invalid_date" }) as Error,
    );
    expect(() => isWorkingDay("2200-01-01")).toThrowError(
      expect.objectContaining({ code: "calendar.year_out_of_range", kind: "rule" }) as Error,
    );
  });
});
