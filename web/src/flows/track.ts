import { paysBeforeSubmit } from "../components/fee";
import type { DossierStatus, FullDossier, Procedure } from "../types";

/**
 * What the holder of a dossier is offered on the track page, decided in one place from the dossier's status. The
 * API stays the judge (it refuses an action the status does not allow); this only spares the citizen a form that
 * cannot succeed. The results and documents lists (with their downloads) are always shown.
 */
export interface OfferedActions {
  /** The fee: pay it, submit the dossier it was paid for (before_submit), or nothing to do here. */
  fee: "pay" | "submit" | null;
  supplement: boolean;
  /** A returned dossier's rating: the form, or the rating already given. */
  feedback: "open" | "given" | null;
  withdraw: boolean;
}

/** Per status, what the citizen may do (the API's rules, functions/core/dossier/lifecycle.ts); every status decided. */
const BY_STATUS: Record<DossierStatus, { withdraw: boolean; supplement: boolean; feedback: boolean; feeBeforeResult: boolean }> = {
  draft: { withdraw: true, supplement: false, feedback: false, feeBeforeResult: false },
  submitted: { withdraw: true, supplement: false, feedback: false, feeBeforeResult: false },
  received: { withdraw: true, supplement: false, feedback: false, feeBeforeResult: false },
  supplement_requested: { withdraw: true, supplement: true, feedback: false, feeBeforeResult: false },
  transferred: { withdraw: true, supplement: false, feedback: false, feeBeforeResult: false },
  approved: { withdraw: false, supplement: false, feedback: false, feeBeforeResult: true },
  denied: { withdraw: false, supplement: false, feedback: false, feeBeforeResult: true },
  returned: { withdraw: false, supplement: false, feedback: true, feeBeforeResult: false },
  rejected_intake: { withdraw: false, supplement: false, feedback: false, feeBeforeResult: false },
  withdrawn: { withdraw: false, supplement: false, feedback: false, feeBeforeResult: false },
  stopped: { withdraw: false, supplement: false, feedback: false, feeBeforeResult: false },
};

/**
 * The actions for this dossier. `procedure` (its fee) may still be loading: no fee action until it is known.
 * `returning` (back from the payment gateway): the return panel shows the fee's state and actions instead.
 */
export function citizenActions(
  dossier: Pick<FullDossier, "status" | "feedback" | "payment">,
  procedure: Pick<Procedure, "fee" | "paymentTiming"> | undefined,
  returning: boolean,
): OfferedActions {
  const rules = BY_STATUS[dossier.status];
  return {
    fee: returning || !procedure ? null : feeAction(dossier, procedure, rules.feeBeforeResult),
    supplement: rules.supplement,
    feedback: rules.feedback ? (dossier.feedback ? "given" : "open") : null,
    withdraw: rules.withdraw,
  };
}

function feeAction(
  dossier: Pick<FullDossier, "status" | "payment">,
  procedure: Pick<Procedure, "fee" | "paymentTiming">,
  beforeResultDue: boolean,
): OfferedActions["fee"] {
  if (procedure.fee.amount <= 0 || !procedure.paymentTiming) return null;
  const paid = dossier.payment?.status === "paid";
  if (paysBeforeSubmit(procedure)) return dossier.status !== "draft" ? null : paid ? "submit" : "pay";
  return beforeResultDue && !paid ? "pay" : null;
}
