import { sweepRun } from "../wiring";
import type { Command } from "./main";
import { dateOption } from "./options";

const HELP = `usage:
  npm run cli -- drafts sweep [--date YYYY-MM-DD] [--stage NAME]

sweep   takes the week-old uploads off the drafts that were never submitted: by default what the nightly run
        takes (the drafts created eight days ago in Vietnam time, whose every upload is a week old, and those
        created one to four weeks before them: a draft takes files for its first 28 days); with --date, the drafts
        created that day only. Their files are then deleted from storage by the event consumer. Prints JSON
        {date, drafts, files} (and each day visited). The nightly job does this every night; running it again
        changes nothing.`;

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
      const result = await sweepRun({ dossiers: ctx.adapters.dossiers, catalogue: ctx.adapters.catalogue, now: () => now }, values.date);
      console.log(JSON.stringify({ target: ctx.target, ...result }, null, 2));
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
