import type { Procedure } from "../catalogue/model";
import type { Dossier } from "../dossier/model";
import { RuleError } from "../errors";

/**
 * When a procedure's fee must be paid online (its `paymentTiming`): before the dossier is submitted, or before
 * the agency returns the result. A procedure without a fee, or without a timing, never blocks.
 */
export type PaymentMoment = "before_submit" | "before_result";

/**
 * Refuses a step that the procedure allows only once the fee is paid.
 * @throws RuleError `payment.required` (422) naming the amount due
 */
export function requirePayment(procedure: Pick<Procedure, "fee" | "paymentTiming"> | undefined, dossier: Dossier, moment: PaymentMoment): void {
  if (!procedure || procedure.paymentTiming !== moment || procedure.fee.amount <= 0) return;
  if (dossier.payment?.status === "paid") return;
  throw new RuleError("payment.required", {
    params: { amount: procedure.fee.amount.toLocaleString("vi-VN"), currency: "VND" },
    errors: [{ path: "payment", message: "payment.required" }],
  });
}

/** What anyone may see of a dossier's payment (the public status): no reference, no transaction number. */
export function publicPayment(dossier: Dossier) {
  const p = dossier.payment;
  if (!p) return null;
  return {
    status: p.status,
    amount: p.amount,
    currency: "VND" as const,
    provider: p.provider,
    paidAt: p.paidAt ?? null,
    expiresAt: p.status === "pending" ? (p.expiresAt ?? null) : null,
  };
}
