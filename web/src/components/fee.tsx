import { money } from "../format";
import { t } from "../i18n";
import type { Procedure } from "../types";

/** Kept apart from payment.tsx: the procedure page (main chunk) needs only this; the payment flow loads lazily. */

/** Whether the fee is paid online before the dossier is submitted. */
export const paysBeforeSubmit = (p: Pick<Procedure, "fee" | "paymentTiming">) => p.fee.amount > 0 && p.paymentTiming === "before_submit";

/** The fee as a citizen reads it: the total, phí + lệ phí, the note, and when it is paid online. */
export function FeeDetails({ procedure }: { procedure: Pick<Procedure, "fee" | "paymentTiming"> }) {
  const fee = procedure.fee;
  if (fee.amount === 0) return <>{t("procedure.free")}</>;
  return (
    <>
      <strong data-testid="fee-total">{money(fee.amount)}</strong>
      <span class="hint">
        {t("procedure.fee_breakdown", { serviceFee: money(fee.serviceFee ?? 0), charge: money(fee.charge ?? 0), total: money(fee.amount) })}
      </span>
      {fee.note ? <span class="hint">{fee.note}</span> : null}
      {procedure.paymentTiming ? (
        <span class="hint payment-timing" data-testid="payment-timing">
          {t(`payment.timing.${procedure.paymentTiming}`)}
        </span>
      ) : null}
    </>
  );
}

