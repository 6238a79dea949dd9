import { sweepAbandonedUploads } from "../core/dossier/sweep";
import { sweepDay } from "../wiring";
import type { Command } from "./main";
import { dateOption } from "./options";

const HELP = `usage:
  npm run cli -- drafts sweep [--date YYYY-MM-DD] [--stage NAME]

sweep   takes the uploads off the drafts created on --date (default: the day the nightly run handles, eight days
        ago in Vietnam time, whose every upload is a week old) that were never submitted; their files are then
        deleted from storage by the event consumer. Prints JSON {date, drafts, files}. The nightly job does this every
        night; running it again changes nothing.`;

/** `drafts sweep`: the nightly sweep of abandoned uploads, by hand. */
export const draftsCommand: Command = {
  summary: "take the uploads off abandoned drafts (the nightly sweep, by hand)",
  usage: "drafts sweep [--date D]",
  async run(args, open) {
    const [sub, ...rest] = args;
    if (sub !== "sweep") {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    const values = dateOption(rest, HELP);
    if (typeof values === "number") return values;
    const now = new Date();
    const ctx = await open();
    try {
      const result = await sweepAbandonedUploads({ dossiers: ctx.adapters.dossiers, catalogue: ctx.adapters.catalogue, now: () => now }, values.date ?? sweepDay(now));
      console.log(JSON.stringify({ target: ctx.target, ...result }, null, 2));
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
