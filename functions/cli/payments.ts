import { addDays, vietnamDate } from "../core/calendar";
import { reconcileDay } from "../core/payment/reconcile";
import type { Command } from "./main";
import { dateOption } from "./options";

const HELP = `usage:
  npm run cli -- payments reconcile [--date YYYY-MM-DD] [--stage NAME]

reconcile   compares the day's payment log (references created that day, and every verified gateway callback
            received that day) with the dossiers, and prints JSON: {date, clean, references, events, created,
            disagreements: [{kind, reference, dossierCode, detail}]}. Default date: yesterday (Vietnam time).
            Exit 0 when clean, 1 when it finds disagreements, 2 on a usage error.
kinds       gateway_paid_dossier_not_paid · gateway_paid_unknown_reference · dossier_paid_without_notification ·
            pending_past_expiry · notification_missing_after_return · amount_mismatch · refund_due`;

/** `payments reconcile`: what the gateway said against what the dossiers say, one day at a time. */
export const paymentsCommand: Command = {
  summary: "reconcile a day's online payments with the dossiers",
  usage: "payments reconcile [--date D]",
  async run(args, open) {
    const [sub, ...rest] = args;
    if (sub !== "reconcile") {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    const values = dateOption(rest, HELP);
    if (typeof values === "number") return values;
    const now = new Date();
    const date = values.date ?? addDays(vietnamDate(now), -1);
    const ctx = await open();
    try {
      const report = await reconcileDay({ payments: ctx.adapters.payments, dossiers: ctx.adapters.dossiers }, date, now);
      console.log(JSON.stringify({ target: ctx.target, ...report }, null, 2));
      return report.clean ? 0 : 1;
    } finally {
      await ctx.close();
    }
  },
};
