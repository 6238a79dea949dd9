import { parseArgs } from "node:util";
import { MAX_YEAR, MIN_YEAR, scheduleStatus, vietnamDate, yearsWithData } from "../core/calendar";
import { applyCalendar } from "../core/calendar/apply";
import type { Command, OpenContext } from "./main";
import { progress, recomputeSince } from "./stats";

const HELP = `usage:
  npm run cli -- calendar check [--from YEAR] [--to YEAR]
      lists every year without the government's announced schedule of days off (default: from the first year with a
      data file to next year, Vietnam time); exit 1 when there is one, 0 when every year is announced.
  npm run cli -- calendar apply --from YYYY-MM-DD [--dry-run] [--no-stats] [--stage NAME]
      after a correction of the days off from that date on (a changed holidays/<year>.json, deployed): recomputes the
      due date of every dossier due on or after it, and the early / on-time / late classification of the resolved
      ones, through the decision path (each move is on the dossier's timeline, with its event); then recomputes
      the statistics from the first affected day to yesterday (--no-stats: not now). Prints what moved; running it
      again moves nothing. --dry-run reports without writing. Exit 1 when a dossier could not be written.
Add a year's schedule as functions/core/calendar/holidays/<year>.json (see docs/operating.md, "The calendar").`;

const YEAR = /^\d{4}$/;

/** `calendar check`: which years' due dates rest on provisional days. Works on the code's data: no store is opened. */
export const calendarCommand: Command = {
  summary: "which years have no announced schedule of days off; recompute due dates after a correction",
  usage: "calendar check [--from Y] [--to Y] | apply --from D",
  async run(args, open) {
    const [sub, ...rest] = args;
    if (sub === "apply") return apply(rest, open);
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

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A Vietnam instant as an operator reads it. */
const local = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "—");

/** `calendar apply --from D`: the stored due dates a calendar correction moves, recomputed. */
async function apply(args: string[], open: OpenContext): Promise<number> {
  let values: { from?: string; "dry-run"?: boolean; "no-stats"?: boolean };
  try {
    values = parseArgs({ args, options: { from: { type: "string" }, "dry-run": { type: "boolean" }, "no-stats": { type: "boolean" } } }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!values.from || !DATE.test(values.from) || Number.isNaN(Date.parse(`${values.from}T00:00:00Z`))) {
    console.error(`calendar apply needs --from YYYY-MM-DD: the first day the correction changes\n\n${HELP}`);
    return 2;
  }
  const ctx = await open();
  try {
    console.error(`recomputing the due dates from ${values.from} on, in ${ctx.target}${values["dry-run"] ? " (dry run: nothing is written)" : ""}…`);
    const report = await applyCalendar(
      { dossiers: ctx.adapters.dossiers, catalogue: ctx.adapters.catalogue, now: () => new Date() },
      values.from,
      { dryRun: values["dry-run"], onAgency: (done, total) => progress(done, total, "agencies") },
    );
    for (const moved of report.moved) {
      const resolution = moved.resolution.from !== moved.resolution.to ? `   ${moved.resolution.from ?? "—"} → ${moved.resolution.to ?? "—"}` : "";
      console.error(`${moved.code}  due ${local(moved.dueAt.from)} → ${local(moved.dueAt.to)}${resolution}`);
    }
    for (const code of report.unexplained) console.error(`${code}: has a due date but no receipt on its timeline; left as it is`);
    for (const failure of report.failed) console.error(`${failure.code}: not written (${failure.error})`);
    console.error(`${report.examined} dossier(s) due on or after ${values.from} checked; ${report.moved.length} ${values["dry-run"] ? "would move" : "moved"}.`);
    const statistics = values["dry-run"] || values["no-stats"] ? null : await recomputeSince(ctx, report.firstAffectedDay);
    console.log(JSON.stringify({ target: ctx.target, ...report, statistics }));
    return report.failed.length ? 1 : 0;
  } finally {
    await ctx.close();
  }
}
