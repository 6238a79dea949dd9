import { paysBeforeSubmit } from "../components/fee";
import type { FullDossier, Procedure } from "../types";

/**
 * What the holder of a dossier is offered on the track page. The API says what the holder may do now (the holder's
 * view carries `actions`, from the server's decision table), so the web keeps no copy of the lifecycle; this only
 * turns those actions into the page's offers (the fee's wording needs the procedure's timing). The results and
 * documents lists (with their downloads) are always shown.
 */
export interface OfferedActions {
  /** The fee: pay it, submit the dossier it was paid for (before_submit), or nothing to do here. */
  fee: "pay" | "submit" | null;
  supplement: boolean;
  /** A returned dossier's rating: the form, or the rating already given. */
  feedback: "open" | "given" | null;
  withdraw: boolean;
}

/**
 * The actions for this dossier. `procedure` (its fee) may still be loading: no fee action until it is known.
 * `returning` (back from the payment gateway): the return panel shows the fee's state and actions instead.
 */
export function citizenActions(
  dossier: Pick<FullDossier, "actions" | "feedback" | "payment">,
  procedure: Pick<Procedure, "fee" | "paymentTiming"> | undefined,
  returning: boolean,
): OfferedActions {
  const can = new Set(dossier.actions ?? []);
  return {
    fee: returning || !procedure ? null : feeAction(can, dossier, procedure),
    supplement: can.has("supplement"),
    feedback: can.has("feedback") ? "open" : dossier.feedback ? "given" : null,
    withdraw: can.has("withdraw"),
  };
}

function feeAction(
  can: Set<string>,
  dossier: Pick<FullDossier, "payment">,
  procedure: Pick<Procedure, "fee" | "paymentTiming">,
): OfferedActions["fee"] {
  if (procedure.fee.amount <= 0 || !procedure.paymentTiming) return null;
  if (can.has("pay")) return "pay";
  // Paid before submission: what is left is to submit.
  return paysBeforeSubmit(procedure) && can.has("submit") && dossier.payment?.status === "paid" ? "submit" : null;
}
