import { parseArgs } from "node:util";
import { MAX_YEAR, MIN_YEAR, scheduleStatus, vietnamDate, yearsWithData } from "../core/calendar";
import type { Command } from "./main";

const HELP = `usage:
  npm run cli -- calendar check [--from YEAR] [--to YEAR]
      lists every year without the government's announced schedule of days off (default: from the first year with a
      data file to next year, Vietnam time); exit 1 when there is one, 0 when every year is announced.
Add a year's schedule as functions/core/calendar/holidays/<year>.json (see docs/operating.md, "The calendar").`;

const YEAR = /^\d{4}$/;

/** `calendar check`: which years' due dates rest on provisional days. Works on the code's data: no store is opened. */
export const calendarCommand: Command = {
  summary: "which years have no announced schedule of days off",
  usage: "calendar check [--from YEAR] [--to YEAR]",
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== "check") {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    let values: { from?: string; to?: string };
    try {
      values = parseArgs({ args: rest, options: { from: { type: "string" }, to: { type: "string" } } }).values;
    } catch (err) {
      console.error(`${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    const bad = Object.entries(values).find(([, v]) => v !== undefined && (!YEAR.test(v) || Number(v) < MIN_YEAR || Number(v) > MAX_YEAR));
    if (bad) {
      console.error(`--${bad[0]} must be a year from ${MIN_YEAR} to ${MAX_YEAR}\n\n${HELP}`);
      return 2;
    }
    const thisYear = Number(vietnamDate(new Date()).slice(0, 4));
    const from = Number(values.from ?? yearsWithData()[0] ?? thisYear);
    const to = Number(values.to ?? Math.min(MAX_YEAR, thisYear + 1));
    if (to < from) {
      console.error(`--to ${to} is before --from ${from}\n\n${HELP}`);
      return 2;
    }
    const years = scheduleStatus(from, to);
    const missing = years.filter((year) => year.status !== "announced");
    for (const year of years) {
      const label = year.status === "announced" ? "announced  " : year.status === "provisional" ? "PROVISIONAL" : "COMPUTED   ";
      console.error(`${year.year}  ${label}  ${year.source}`);
    }
    if (missing.length) {
      console.error(
        `\n${missing.length} year(s) without an announced schedule: ${missing.map((y) => y.year).join(", ")}. Due dates in them use the Labour Code rules and move when the schedule is announced.`,
      );
    }
    console.log(JSON.stringify({ from, to, withoutAnnouncedSchedule: missing.map((y) => y.year), years }));
    return missing.length ? 1 : 0;
  },
};
