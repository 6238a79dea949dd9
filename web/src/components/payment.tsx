import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import { api, ApiError, path } from "../api";
import { dateTime, money } from "../format";
import { lang, t } from "../i18n";
import { holdForPayment, releasePaymentHold } from "../session";
import type { DossierStatus, FullDossier, PaymentDetails, PaymentState, Procedure, PublicStatus, StartedPayment } from "../types";
import { initialPay, payFailureEvent, payReducer, type PayEvent, type PayJob, type PayState } from "../flows/pay";
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
      payment: p ? { status: p.status, currency: "VND", provider: p.provider, paidAt: p.paidAt ?? null, expiresAt: null } : null,
    };
  }
}

export const providerLabel = (provider: string) => (provider === "vnpay" ? t("payment.provider.vnpay") : provider);
export const paymentStateLabel = (state: PaymentState) => t(`payment.state.${state}`);

/** Runs `run(job)` once for each new job (by id): the state machines' side effects. */
export function useJob<J extends { id: number }>(job: J | null, run: (job: J) => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (job) latest.current(job);
  }, [job?.id]);
}

/**
 * A payment job (flows/pay.ts): start the payment, or leave for the gateway. The dossier's token is held in
 * sessionStorage for the round-trip, so the return page can still act for the citizen (submit a before_submit
 * dossier).
 */
export async function runPayJob(job: PayJob, dispatch: (event: PayEvent) => void): Promise<void> {
  const { code, accessToken } = job.dossier;
  if (job.kind === "leave") {
    holdForPayment(code, accessToken);
    announce(t("payment.redirecting"));
    location.assign(job.url);
    return;
  }
  try {
    const started = await api<StartedPayment>(path`/v1/dossiers/${code}/payment`, {
      method: "POST",
      token: accessToken,
      body: { language: lang() },
    });
    dispatch({ type: "payment_started", job: job.id, url: started.paymentUrl });
  } catch (err) {
    dispatch(payFailureEvent(job.id, err));
  }
}

/** The pay button and what became of the last press: leaving, a failure to retry, or nothing owed after all. */
export function PayAction(props: { state: PayState; onPay: () => void; label?: string }) {
  const { state } = props;
  const busy = state.phase === "starting" || state.phase === "leaving";
  return (
    <div class="pay-action">
      <button type="button" class="button" onClick={props.onPay} disabled={busy} aria-describedby="pay-gateway-note">
        {props.label ?? t("payment.pay")}
      </button>
      <p class="hint" id="pay-gateway-note">
        {t("payment.gateway_note")}
      </p>
      {busy ? <p role="status">{t("payment.redirecting")}</p> : null}
      {state.phase === "settled" ? <p role="status">{t(state.outcome === "already_paid" ? "payment.already_paid" : "payment.not_required")}</p> : null}
      {state.phase === "failed" ? <ErrorNotice error={state.error} /> : null}
    </div>
  );
}

/** Starts (or resumes) the payment and leaves for the gateway; `onSettled` when the fee turns out to be paid already. */
export function PayButton(props: { code: string; token: string; label?: string; onSettled?: () => void }) {
  const [state, dispatch] = useReducer(payReducer, undefined, () => initialPay({ code: props.code, accessToken: props.token }));
  useJob(state.job, (job) =>
    void runPayJob(job, (event) => {
      dispatch(event);
      if (event.type === "payment_settled" && event.outcome === "already_paid") props.onSettled?.();
    }),
  );
  return <PayAction state={state} onPay={() => dispatch({ type: "pay" })} label={props.label} />;
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
  // The public status says whether the fee is paid, not how much: the amount is the procedure's fee.
  const amount = procedure ? money(procedure.fee.amount) : "";

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
