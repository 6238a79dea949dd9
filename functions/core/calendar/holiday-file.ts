import { z } from "zod";
import { isWeekend, parseDate } from "./dates";
import type { DayOff as DayOffType, HolidayYearFile as HolidayYearFileType, WorkingWeekend as WorkingWeekendType } from "./holidays";

/**
 * The schema of the holiday data files (`holidays/<year>.json`, read by holidays.ts): for the unit test that checks
 * every file, and for whoever writes a new one. Not imported by the calendar itself (see HolidayYearFile there).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a day is off: a statutory holiday, a compensatory day for a holiday on a weekend, a day swapped with a
 * make-up working day, or a weekend day listed only because it belongs to an announced block. */
export const DayOffKind = z.enum(["holiday", "compensatory", "swapped", "weekend"]);

export const DayOff = z.object({
  date: z.string().regex(DATE, { error: "calendar.invalid_date" }),
  name: z.string().trim().min(1).max(200),
  kind: DayOffKind,
});

export const WorkingWeekend = z.object({
  date: z.string().regex(DATE, { error: "calendar.invalid_date" }),
  name: z.string().trim().min(1).max(200),
  /** The weekday off it is worked in place of (a `swapped` day off of this file, or of the next or previous year's). */
  replaces: z.string().regex(DATE, { error: "calendar.invalid_date" }),
});

/** The shape of `holidays/<year>.json`. */
export const HolidayYearFile = z
  .object({
    year: z.number().int().min(1970).max(2199),
    /** `announced`: the government's notice for that year; `labour_code_rule`: no notice known, the rules applied
     * (a provisional file, replaced when the schedule is announced). */
    basis: z.enum(["announced", "labour_code_rule"]),
    /** The decision or announcement the days come from, or why they were derived from the rules. */
    source: z.string().trim().min(1),
    notes: z.array(z.string()).default([]),
    daysOff: z.array(DayOff),
    workingWeekends: z.array(WorkingWeekend).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    const check = (date: string, path: (string | number)[]) => {
      let valid = true;
      try {
        valid = parseDate(date).year === file.year;
      } catch {
        valid = false;
      }
      if (!valid) ctx.addIssue({ code: "custom", path, message: "calendar.date_outside_year" });
      if (seen.has(date)) ctx.addIssue({ code: "custom", path, message: "calendar.duplicate_date" });
      seen.add(date);
      return valid;
    };
    file.daysOff.forEach((day, index) => {
      if (!check(day.date, ["daysOff", index, "date"])) return;
      // `weekend` entries only mark a block's Saturdays and Sundays; a compensatory or swapped day replaces a weekday.
      const onWeekend = isWeekend(day.date);
      if (day.kind === "weekend" ? !onWeekend : day.kind !== "holiday" && onWeekend) {
        ctx.addIssue({ code: "custom", path: ["daysOff", index, "kind"], message: "calendar.kind_mismatch" });
      }
    });
    const swapped = new Set(file.daysOff.filter((day) => day.kind === "swapped").map((day) => day.date));
    file.workingWeekends.forEach((day, index) => {
      if (!check(day.date, ["workingWeekends", index, "date"])) return;
      if (!isWeekend(day.date)) {
        ctx.addIssue({ code: "custom", path: ["workingWeekends", index, "date"], message: "calendar.not_a_weekend" });
      }
      // A swap within the year names a day this file lists as swapped; one across New Year is checked by hand.
      if (day.replaces.startsWith(`${file.year}-`) && !swapped.has(day.replaces)) {
        ctx.addIssue({ code: "custom", path: ["workingWeekends", index, "replaces"], message: "calendar.replaces_not_swapped" });
      }
    });
  });

// The schema and the calendar's types describe the same files: a change to one that the other misses fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const SCHEMA_MATCHES_TYPES: [
  Same<z.infer<typeof DayOff>, DayOffType>,
  Same<z.infer<typeof WorkingWeekend>, WorkingWeekendType>,
  Same<z.input<typeof HolidayYearFile>, HolidayYearFileType>,
] = [true, true, true];
