import { parseArgs } from "node:util";
import { vietnamDate } from "../core/calendar";
import { checkDirection, rollUpMonths, runDays, yesterday } from "../core/stats/service";
import type { Command } from "./main";

const HELP = `usage:
  npm run cli -- stats run [--date YYYY-MM-DD]            compute one day (default: yesterday, Vietnam time)
  npm run cli -- stats run --from YYYY-MM-DD [--to YYYY-MM-DD]   back-fill a range (default --to: yesterday), with progress
Recomputing a day replaces its rows exactly, and rewrites the monthly rollups of the months it touches.
A past day's period-end snapshot is rebuilt from the dossiers open now and every dossier ended since that day, so
going far back reads every ending since then.
  npm run cli -- stats rollup --from YYYY-MM-DD [--to YYYY-MM-DD]   rebuild the monthly rollups from the stored days
      (for days computed before rollups existed; recomputes no day). Summaries read whole months from the rollups.
Add --stage NAME to work on a deployed stage.`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A one-line progress bar on stderr (stdout keeps the JSON result). */
function progress(done: number, total: number, label: string) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${label}   `);
  if (done === total) process.stderr.write("\n");
}

/** `stats run`: the daily statistics job, by hand; `stats rollup`: the monthly rollups of stored days. */
export const statsCommand: Command = {
  summary: "compute daily statistics (one day or a back-fill), or rebuild monthly rollups",
  usage: "stats run [--date D | --from D [--to D]] | stats rollup --from D [--to D]",
  async run(args, open) {
    const [sub, ...rest] = args;
    if (sub !== "run" && sub !== "rollup") {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    let values: { date?: string; from?: string; to?: string };
    try {
      values = parseArgs({ args: rest, options: { date: { type: "string" }, from: { type: "string" }, to: { type: "string" } } }).values;
    } catch (err) {
      console.error(`${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    const bad = Object.entries(values).find(([, v]) => v !== undefined && !DATE.test(v));
    if (bad || (values.date && (values.from || values.to)) || (values.to && !values.from) || (sub === "rollup" && !values.from)) {
      console.error(`${bad ? `--${bad[0]} must be YYYY-MM-DD` : "give --date, or --from (and --to)"}\n\n${HELP}`);
      return 2;
    }
    const from = values.from ?? values.date ?? yesterday(new Date());
    const to = values.to ?? values.date ?? (values.from ? yesterday(new Date()) : from);
    try {
      checkDirection(from, to);
    } catch {
      console.error(`the range must run forwards (from ${from} to ${to})\n\n${HELP}`);
      return 2;
    }
    if (to > vietnamDate(new Date())) console.error(`note: ${to} has not ended yet; its rows will change`);
    const ctx = await open();
    try {
      const deps = { source: ctx.adapters.days, store: ctx.adapters.stats, catalogue: ctx.adapters.catalogue, now: () => new Date() };
      if (sub === "rollup") {
        const months = await rollUpMonths(ctx.adapters.stats, from, to, () => new Date());
        console.log(JSON.stringify({ target: ctx.target, months: months.length, days: months.reduce((n, m) => n + m.days.length, 0) }));
        return 0;
      }
      // Days are computed newest first (the snapshot walks back from today): the bar counts them.
      const results = await runDays(deps, from, to, (result, done, total) => progress(done, total, result.date));
      console.log(
        JSON.stringify({
          target: ctx.target,
          days: results.length,
          dossiersRead: results.reduce((s, r) => s + r.dossiersRead, 0),
          rows: results.reduce((s, r) => s + r.rows, 0),
        }),
      );
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
