import { parseArgs } from "node:util";
import { isDossierCode } from "../core/dossier/codes";
import { rescanDossier } from "../core/dossier/malware";
import { malwareScanner } from "../wiring";
import type { Command } from "./main";

const HELP = `usage:
  npm run cli -- files rescan --code CODE [--stage NAME]

rescan  scans every file handed in with dossier CODE again (documents and results), with the portal's scanner: the
        running local portal's ClamAV (or CLAMD_ADDRESS=host:port), GuardDuty's verdict with --stage. A file found
        infected is moved out of reach of every download link and flagged on the dossier (its timeline says so).
        Prints JSON {code, scanner, files: [{attachmentId, documentKey, fileName, verdict, outcome}]}. Exit 1 when
        malware was found, 0 otherwise; running it again flags nothing twice.`;

/** `files rescan`: a dossier's files scanned again, infected ones quarantined and flagged (core/dossier/malware.ts). */
export const filesCommand: Command = {
  summary: "scan a dossier's files again; quarantine and flag what is infected",
  usage: "files rescan --code CODE",
  async run(args, open) {
    const [sub, ...rest] = args;
    if (sub !== "rescan") {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    let values: { code?: string };
    try {
      values = parseArgs({ args: rest, options: { code: { type: "string" } } }).values;
    } catch (err) {
      console.error(`${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    if (!values.code || !isDossierCode(values.code)) {
      console.error(`--code must be a dossier code (000.00.15.H22-261122-0007)\n\n${HELP}`);
      return 2;
    }
    const ctx = await open();
    try {
      const scanner = malwareScanner(ctx.config, ctx.adapters);
      if (!scanner) {
        console.error("no malware scanner here: start the portal with ClamAV installed (clamav-daemon), or set CLAMD_ADDRESS=host:port");
        return 1;
      }
      const dossier = await ctx.adapters.dossiers.get(values.code);
      if (!dossier) {
        console.error(`no dossier ${values.code} in ${ctx.target}`);
        return 1;
      }
      const files = await rescanDossier({ dossiers: ctx.adapters.dossiers, files: ctx.adapters.files, scanner, now: () => new Date() }, dossier);
      console.log(JSON.stringify({ target: ctx.target, code: dossier.code, scanner: scanner.name, files }, null, 2));
      return files.some((f) => f.verdict.status === "infected") ? 1 : 0;
    } finally {
      await ctx.close();
    }
  },
};
