import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { reindexDossiers } from "../adapters/dynamo/dossier-repository";
import { importCounterRows, planCounterImport } from "../core/intake/counter-import";
import type { Language } from "../core/messages";
import type { Command } from "./main";
import { progress, recomputeSince } from "./stats";

const HELP = `usage:
  npm run cli -- dossiers import-counter FILE.csv [--dry-run] [--lang en|vi] [--no-stats] [--stage NAME]
  npm run cli -- dossiers reindex [--stage NAME]

import-counter   loads counter (and post) dossiers from a province's one-stop system's CSV export. Every row is
                 validated first (columns, codes against the catalogue, identity numbers, Vietnam-time dates,
                 statuses and their dates, duplicates); any problem is printed as "row <n>, <column>: <message>" and
                 nothing is written (exit 1). Otherwise each row becomes a dossier received at the desk at its
                 receipt time (then decided, returned, withdrawn or stopped at the times the file gives), and the
                 statistics from the first receipt day to yesterday are recomputed (--no-stats: not now).
                 Importing the same file again creates nothing: a row is known by its unit and one-stop code; a
                 later export's new steps (a dossier since returned) are applied, nothing is undone.
                 Prints JSON {created, updated, unchanged, failed, statistics}; exit 1 when a row failed.
                 --dry-run validates and counts without writing.
Columns: see docs/operating.md ("Counter dossiers") or functions/core/intake/counter-import.ts.

reindex          writes every dossier's index keys again (after a deployment added an index, such as the inbox
                 shelves, gsi7: dossiers written before it are not in it until then). Safe while the portal runs
                 (each dossier is rewritten on the version it was read at) and to run again. Prints progress, then
                 JSON {scanned, rewritten}.`;

/** `dossiers import-counter`: counter dossiers from a one-stop system's export. */
export const dossiersCommand: Command = {
  summary: "load counter dossiers from a one-stop system's CSV (validated, idempotent); rewrite index keys",
  usage: "dossiers import-counter FILE.csv [--dry-run] | dossiers reindex",
  async run(args, open) {
    const [sub, ...rest] = args;
    if (sub === "reindex") {
      if (rest.length) {
        console.error(`reindex takes no arguments\n\n${HELP}`);
        return 2;
      }
      const ctx = await open();
      try {
        const done = await reindexDossiers(ctx.adapters.db, ctx.config.tableName, (p) => console.error(`  ${p.scanned} dossiers read, ${p.rewritten} rewritten…`));
        console.log(JSON.stringify(done));
        return 0;
      } finally {
        await ctx.close();
      }
    }
    if (sub !== "import-counter") {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { "dry-run": { type: "boolean" }, lang: { type: "string" }, "no-stats": { type: "boolean" } },
      });
    } catch (err) {
      console.error(`${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    const [file, ...extra] = parsed.positionals;
    const language = (parsed.values.lang ?? "en") as Language;
    if (!file || extra.length || !["en", "vi"].includes(language)) {
      console.error(`${!file || extra.length ? "give one CSV file" : "--lang is en or vi"}\n\n${HELP}`);
      return 2;
    }
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      console.error(`cannot read ${file}: ${(err as Error).message}`);
      return 1;
    }
    const ctx = await open();
    try {
      const now = new Date();
      const plan = planCounterImport(text, await ctx.adapters.catalogue.load(), { now, language });
      if (plan.problems.length) {
        for (const p of plan.problems) console.error(`${p.row ? `row ${p.row}, ` : ""}${p.column}: ${p.message}`);
        console.error(`\n${plan.problems.length} problem(s): nothing was imported.`);
        return 1;
      }
      if (parsed.values["dry-run"]) {
        console.log(JSON.stringify({ target: ctx.target, dryRun: true, rows: plan.rows.length }));
        return 0;
      }
      console.error(`importing ${plan.rows.length} dossier(s) into ${ctx.target}…`);
      const report = await importCounterRows(
        {
          dossiers: ctx.adapters.dossiers,
          catalogue: ctx.adapters.catalogue,
          idempotency: ctx.adapters.idempotency,
          receivedOn: (date) => ctx.adapters.days.receivedOn(date),
          now: () => now,
        },
        plan.rows,
        { language, onRow: (done, total) => progress(done, total, "rows") },
      );
      for (const row of report.rows.filter((r) => r.outcome === "failed")) {
        console.error(`row ${row.row} (${row.externalCode}${row.code ? ` → ${row.code}` : ""}): ${row.error!.message} [${row.error!.code}]`);
      }
      const statistics = parsed.values["no-stats"] ? null : await recomputeSince(ctx, report.firstChangedDay);
      const { rows: _rows, ...counts } = report;
      console.log(JSON.stringify({ target: ctx.target, ...counts, statistics }));
      return report.failed ? 1 : 0;
    } finally {
      await ctx.close();
    }
  },
};
