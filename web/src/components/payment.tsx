import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, path } from "../api";
import { dateTime, money } from "../format";
import { lang, t } from "../i18n";
import { holdForPayment, releasePaymentHold } from "../session";
import type { DossierStatus, FullDossier, PaymentDetails, PaymentState, Procedure, PublicStatus, StartedPayment } from "../types";
import { paysBeforeSubmit } from "./fee";
import { announce, ErrorNotice, Notice } from "./ui";

/**
 * A dossier's status. Drafts are not public (`/status` answers 404), and a before_submit dossier is a draft while
 * its fee is being paid: with the access token, the holder's view stands in for it.
 */
export async function loadStatus(code: string, token: string | undefined, signal?: AbortSignal): Promise<PublicStatus> {
  try {
    return await api<PublicStatus>(path`/v1/dossiers/${code}/status`, { signal, timeoutMs: 15_000 });
  } catch (err) {
    if (!token || !(err instanceof ApiError) || err.status !== 404) throw err;
    const d = await api<FullDossier>(path`/v1/dossiers/${code}`, { token, signal, timeoutMs: 15_000 });
    const p = d.payment;
    return {
      ...d,
      payment: p ? { status: p.status, amount: p.amount, currency: "VND", provider: p.provider, paidAt: p.paidAt ?? null, expiresAt: null } : null,
    };
  }
}

export const providerLabel = (provider: string) => (provider === "vnpay" ? t("payment.provider.vnpay") : provider);
export const paymentStateLabel = (state: PaymentState) => t(`payment.state.${state}`);

/**
 * Starts (or resumes) the payment and leaves for the gateway. The dossier's token is held in sessionStorage for
 * the round-trip, so the return page can still act for the citizen (submit a before_submit dossier).
 */
export function PayButton(props: { code: string; token: string; label?: string; onSettled?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [info, setInfo] = useState<string>();
  const pay = async () => {
    setBusy(true);
    setError(undefined);
    setInfo(undefined);
    try {
      const started = await api<StartedPayment>(path`/v1/dossiers/${props.code}/payment`, {
        method: "POST",
        token: props.token,
        body: { language: lang() },
      });
      holdForPayment(props.code, props.token);
      announce(t("payment.redirecting"));
      location.assign(started.paymentUrl);
    } catch (err) {
      setBusy(false);
      const code = err instanceof ApiError ? err.problem?.code : undefined;
      if (code === "payment.already_paid") {
        setInfo(t("payment.already_paid"));
        props.onSettled?.();
      } else if (code === "payment.not_required") setInfo(t("payment.not_required"));
      else setError(err);
    }
  };
  return (
    <div class="pay-action">
      <button type="button" class="button" onClick={() => void pay()} disabled={busy} aria-describedby="pay-gateway-note">
        {props.label ?? t("payment.pay")}
      </button>
      <p class="hint" id="pay-gateway-note">
        {t("payment.gateway_note")}
      </p>
      {busy ? <p role="status">{t("payment.redirecting")}</p> : null}
      {info ? <p role="status">{info}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** Submits a before_submit dossier once paid; the held token is released right after. */
export function SubmitAfterPayment(props: { code: string; token: string; onSubmitted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(path`/v1/dossiers/${props.code}/submit`, { method: "POST", token: props.token });
      releasePaymentHold(props.code);
      setDone(true);
      announce(t("payment.submitted"));
      props.onSubmitted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <Notice kind="success" role="status">
        <p>{t("payment.submitted")}</p>
      </Notice>
    );
  }
  return (
    <div class="pay-action">
      <p>{t("payment.submit_now")}</p>
      <button type="button" class="button" onClick={() => void submit()} disabled={busy}>
        {t("payment.submit")}
      </button>
      {error ? <ErrorNotice error={error} title="apply.submit_failed" /> : null}
    </div>
  );
}

type ReturnState = "polling" | "paid" | "failed" | "timeout";
const POLL_MS = 2_000;
const POLL_FOR_MS = 60_000;

/**
 * The page the gateway sends the citizen back to (`/track/{code}?payment=…`). The query string is only a hint
 * that a payment just happened: what is shown comes from the dossier's status, polled every 2 s for up to a
 * minute until the bank's notification has marked the payment paid or failed.
 */
export function PaymentReturn(props: { code: string; token: string | undefined; procedure: Procedure | undefined; onSettled: () => void }) {
  const { code, token, procedure } = props;
  const [state, setState] = useState<ReturnState>("polling");
  const [status, setStatus] = useState<PublicStatus>();
  const [round, setRound] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const settled = useRef(props.onSettled);
  settled.current = props.onSettled;
  const tokenNow = useRef(token);
  tokenNow.current = token;

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const started = Date.now();
    setState("polling");
    const tick = async () => {
      try {
        const s = await loadStatus(code, tokenNow.current);
        if (stopped) return;
        setStatus(s);
        const p = s.payment?.status;
        if (p === "paid" || p === "failed" || p === "refunded") {
          setState(p === "paid" ? "paid" : "failed");
          settled.current();
          return;
        }
      } catch {
        // a failed poll is retried with the next one
      }
      if (stopped) return;
      if (Date.now() - started + POLL_MS > POLL_FOR_MS) {
        setState("timeout");
        return;
      }
      timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [code, round]);

  const beforeSubmit = procedure ? paysBeforeSubmit(procedure) : false;
  const dossierStatus: DossierStatus | undefined = status?.status;
  const amount = status?.payment ? money(status.payment.amount) : procedure ? money(procedure.fee.amount) : "";

  // A before_result payment needs nothing more from the citizen: the held token can go.
  useEffect(() => {
    if (state === "paid" && procedure && !beforeSubmit) releasePaymentHold(code);
  }, [state, procedure, beforeSubmit]);

  return (
    <section aria-labelledby="payment-return-title" class="panel payment-return">
      <h2 id="payment-return-title">{t("payment.return_title")}</h2>
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="payment-state" data-state={state}>
        {state === "polling" ? (
          <Notice kind="info">
            <p class="notice-title">{t("payment.waiting")}</p>
            <p>{t("payment.waiting_hint")}</p>
          </Notice>
        ) : state === "paid" ? (
          <Notice kind="success" title={t("payment.paid_title")}>
            <p>{t("payment.paid", { amount })}</p>
          </Notice>
        ) : state === "failed" ? (
          <Notice kind="error" title={t("payment.failed_title")}>
            <p>{t("payment.failed")}</p>
          </Notice>
        ) : (
          <Notice kind="warning" title={t("payment.timeout_title")}>
            <p>{t("payment.timeout")}</p>
          </Notice>
        )}
      </div>
      {state === "timeout" ? (
        <button type="button" class="button button-secondary" onClick={() => setRound((n) => n + 1)}>
          {t("payment.check_again")}
        </button>
      ) : null}
      {state === "failed" ? (
        token ? (
          <PayButton code={code} token={token} label={t("payment.retry")} onSettled={() => setRound((n) => n + 1)} />
        ) : (
          <p>{t("payment.need_token")}</p>
        )
      ) : null}
      {state === "paid" && beforeSubmit && (dossierStatus === "draft" || submitted) ? (
        token ? (
          <SubmitAfterPayment
            code={code}
            token={token}
            onSubmitted={() => {
              setSubmitted(true);
              settled.current();
            }}
          />
        ) : (
          <p>{t("payment.need_token")}</p>
        )
      ) : null}
      {beforeSubmit && token && state !== "paid" ? <p class="hint">{t("payment.session_note")}</p> : null}
    </section>
  );
}

/** The receipt of a paid fee, on the holder's view; printing is the browser's. */
export function PaymentReceipt({ payment }: { payment: PaymentDetails }) {
  return (
    <section aria-labelledby="payment-receipt-title" class="panel payment-receipt" data-testid="payment-receipt">
      <h3 id="payment-receipt-title">{t("payment.receipt_title")}</h3>
      <dl class="facts">
        <div>
          <dt>{t("payment.reference")}</dt>
          <dd data-testid="payment-reference">{payment.reference}</dd>
        </div>
        <div>
          <dt>{t("payment.transaction_no")}</dt>
          <dd data-testid="payment-transaction">{payment.transactionNo || t("common.none")}</dd>
        </div>
        <div>
          <dt>{t("payment.amount")}</dt>
          <dd data-testid="payment-amount">{money(payment.amount)}</dd>
        </div>
        <div>
          <dt>{t("payment.paid_at")}</dt>
          <dd>
            {dateTime(payment.paidAt)} <span class="hint">({t("common.vietnam_time")})</span>
          </dd>
        </div>
        <div>
          <dt>{t("payment.provider")}</dt>
          <dd>{providerLabel(payment.provider)}</dd>
        </div>
      </dl>
      <button type="button" class="button button-secondary no-print" onClick={() => window.print()}>
        {t("payment.print")}
      </button>
    </section>
  );
}
