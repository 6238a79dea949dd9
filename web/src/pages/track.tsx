import { useEffect, useState } from "preact/hooks";
import { api, ApiError, path } from "../api";
import type { PageProps } from "../app";
import { agencyName, loadAgencies, loadProcedure } from "../catalogue";
import { FileSlot, uploadErrorText, UploadRow, useSlots, type UploadState } from "../components/documents";
import {
  announce,
  Checkbox,
  ErrorNotice,
  errorText,
  ErrorText,
  Loading,
  Notice,
  PageHeading,
  TextArea,
  TextField,
  useAsync,
} from "../components/ui";
import { uploadToDossier } from "../files";
import { bytes, dateTime, money } from "../format";
import { paysBeforeSubmit } from "../components/fee";
import { loadStatus, PaymentReceipt, PaymentReturn, PayButton, paymentStateLabel, SubmitAfterPayment } from "../components/payment";
import { t } from "../i18n";
import { actionLabel, deliveryLabel, resolutionLabel, statusLabel } from "../labels";
import { href, navigate } from "../router";
import { forgetToken, getToken, isRemembered, keepToken } from "../session";
import type { Agency, DossierStatus, FileView, FullDossier, Procedure, PublicStatus } from "../types";

const BEFORE_RESULT: DossierStatus[] = ["draft", "submitted", "received", "supplement_requested", "transferred"];

/** `?payment=` on the return from the gateway: pending|paid|failed for a dossier, invalid|unknown otherwise. */
function paymentParam(): string | null {
  return new URLSearchParams(location.search).get("payment");
}
const RETURN_STATES = ["pending", "paid", "failed"];

/** Track a dossier by its code (public status, no personal data); with the access token, the whole dossier. */
export function TrackPage({ route }: PageProps) {
  const code = route.params.code;
  const [value, setValue] = useState(code ?? "");
  const [error, setError] = useState<string>();
  const [payment] = useState(paymentParam);
  const submit = (event: Event) => {
    event.preventDefault();
    const normalized = value.trim().toUpperCase();
    if (!normalized) {
      setError(t("track.code_required"));
      document.getElementById("code")?.focus();
      return;
    }
    setError(undefined);
    navigate(href(`/track/${encodeURIComponent(normalized)}`));
  };
  return (
    <>
      <PageHeading title={code ? t("track.title_code", { code }) : t("track.title")} focus={!route.initial} />
      <form class="track-form" noValidate onSubmit={submit} aria-label={t("track.form_label")}>
        <TextField
          id="code"
          label={t("track.code")}
          hint={t("track.code_hint")}
          value={value}
          onValue={setValue}
          error={error}
          autoComplete="off"
          spellcheck={false}
          maxLength={64}
          width="medium"
        />
        <button type="submit" class="button">
          {t("track.submit")}
        </button>
      </form>
      {payment === "invalid" || payment === "unknown" ? (
        <Notice kind="error" role="alert" title={t("payment.invalid_title")}>
          <p>{t(payment === "invalid" ? "payment.invalid" : "payment.unknown")}</p>
        </Notice>
      ) : null}
      {code ? <DossierView key={code} code={code} returning={payment !== null && RETURN_STATES.includes(payment)} /> : <p>{t("track.lead")}</p>}
    </>
  );
}

function DossierView({ code, returning }: { code: string; returning: boolean }) {
  const [token, setToken] = useState<string | undefined>(() => getToken(code));
  const status = useAsync<PublicStatus>((signal) => loadStatus(code, token, signal), [code, token]);
  const procedure = useAsync<Procedure | undefined>(
    () => (status.data ? loadProcedure(status.data.procedureCode).catch(() => undefined) : Promise.resolve(undefined)),
    [status.data?.procedureCode],
  );
  const agencies = useAsync<Agency[]>(() => loadAgencies().catch(() => []), []);
  const [wrongToken, setWrongToken] = useState(false);
  const [version, setVersion] = useState(0);

  const refresh = () => {
    status.reload();
    setVersion((n) => n + 1);
  };

  // The agencies' names come with the status (one request each, in parallel), not after it: a name in place of the
  // code can take two lines and push the rest of the card down.
  if ((status.loading && !status.data) || (agencies.loading && !agencies.data)) return <Loading />;
  if (status.error instanceof ApiError && status.error.status === 404) {
    return (
      <>
        <Notice kind="error" role="alert" title={t("track.not_found_title")}>
          <p>{t("track.not_found", { code })}</p>
        </Notice>
        {returning && !token ? (
          // A dossier whose fee is paid before submission is still a draft, seen only with its token.
          <section aria-labelledby="holder-title" class="holder">
            <h2 id="holder-title">{t("track.holder_title")}</h2>
            <TokenForm code={code} onToken={setToken} />
          </section>
        ) : null}
      </>
    );
  }
  if (status.error || !status.data) return <ErrorNotice error={status.error} onRetry={status.reload} />;
  const s = status.data;

  return (
    <>
      {returning ? <PaymentReturn code={code} token={token} procedure={procedure.data} onSettled={refresh} /> : null}
      <section aria-labelledby="status-title" class="status-card">
        <h2 id="status-title">{t("track.status_title")}</h2>
        <p class="status-line">
          <span class={`status status-${s.status}`} data-testid="dossier-status" data-status={s.status}>
            {statusLabel(s.status)}
          </span>
        </p>
        {s.overdue ? (
          <Notice kind="warning" title={t("track.overdue_title")}>
            <p>{t("track.overdue")}</p>
          </Notice>
        ) : null}
        {s.apology ? (
          <Notice kind="warning" title={t("track.apology_title")}>
            <p class="pre-line">{s.apology.text}</p>
            <p>
              {t("track.apology_new_date")}: <strong>{dateTime(s.apology.newDueAt)}</strong>
            </p>
          </Notice>
        ) : null}
        <dl class="facts">
          <Fact label={t("track.code")} value={s.code} />
          <Fact label={t("track.procedure")} value={`${s.procedureName} (${s.procedureCode})`} />
          <Fact label={t("track.agency")} value={agencyName(s.agencyCode, agencies.data)} />
          <Fact label={t("track.submitted_at")} value={s.submittedAt ? dateTime(s.submittedAt) : t("common.none")} />
          <Fact label={t("track.received_at")} value={s.receivedAt ? dateTime(s.receivedAt) : t("track.not_yet")} />
          <Fact
            label={t("track.due_at")}
            value={s.dueAt ? dateTime(s.dueAt) : t("track.due_not_started")}
            extra={s.clockPaused ? t("track.clock_paused") : undefined}
            testId="due-at"
          />
          {s.resolvedAt ? <Fact label={t("track.resolved_at")} value={dateTime(s.resolvedAt)} /> : null}
          {s.resolution ? (
            <Fact label={t("track.resolution")} value={resolutionLabel(s.resolution)} testId="resolution" />
          ) : null}
          {s.payment ? (
            <Fact
              label={t("payment.status")}
              value={t("payment.status_value", { state: paymentStateLabel(s.payment.status), amount: money(s.payment.amount) })}
              testId="payment-status"
            />
          ) : null}
        </dl>
        <p class="hint">{t("track.times_note")}</p>
        <h3>{t("track.timeline")}</h3>
        <ol class="timeline">
          {s.timeline.map((entry, i) => (
            <li key={i}>
              <span class="timeline-time">{dateTime(entry.at)}</span>{" "}
              <span class="timeline-action">{actionLabel(entry.action)}</span>
              {" — "}
              <span class="timeline-status">{statusLabel(entry.status)}</span>
            </li>
          ))}
        </ol>
        <button type="button" class="button button-secondary" onClick={refresh}>
          {t("track.refresh")}
        </button>
      </section>

      <section aria-labelledby="holder-title" class="holder">
        <h2 id="holder-title">{t("track.holder_title")}</h2>
        {token ? (
          <HolderView
            key={`${token}-${version}`}
            code={code}
            token={token}
            procedure={procedure.data}
            procedureLoading={procedure.loading}
            returning={returning}
            onWrongToken={() => {
              forgetToken(code);
              setWrongToken(true);
              setToken(undefined);
            }}
            onForget={() => {
              forgetToken(code);
              setToken(undefined);
              announce(t("track.forgotten"));
            }}
            onChanged={refresh}
          />
        ) : (
          <TokenForm
            code={code}
            wrong={wrongToken}
            onToken={(next) => {
              setWrongToken(false);
              setToken(next);
            }}
          />
        )}
      </section>
    </>
  );
}

function Fact(props: { label: string; value: string; extra?: string; testId?: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>
        {props.value}
        {props.extra ? <span class="hint">{props.extra}</span> : null}
      </dd>
    </div>
  );
}

function TokenForm({ code, onToken, wrong }: { code: string; onToken: (token: string) => void; wrong?: boolean }) {
  const [value, setValue] = useState("");
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | undefined>(wrong ? t("track.token_wrong") : undefined);
  return (
    <form
      noValidate
      aria-label={t("track.token_form")}
      onSubmit={(e) => {
        e.preventDefault();
        const token = value.trim();
        if (!token) {
          setError(t("track.token_required"));
          document.getElementById("token")?.focus();
          return;
        }
        keepToken(code, token, remember);
        onToken(token);
      }}
    >
      <p>{t("track.holder_lead")}</p>
      <TextField
        id="token"
        label={t("track.token")}
        hint={t("track.token_hint")}
        value={value}
        onValue={setValue}
        error={error}
        autoComplete="off"
        spellcheck={false}
      />
      <Checkbox id="remember" label={t("track.remember")} hint={t("track.remember_hint")} checked={remember} onValue={setRemember} />
      <button type="submit" class="button">
        {t("track.open")}
      </button>
    </form>
  );
}

function HolderView(props: {
  code: string;
  token: string;
  procedure: Procedure | undefined;
  /** The procedure (its fee) is still on its way: the fee due would appear mid-view and push the rest down. */
  procedureLoading: boolean;
  returning: boolean;
  onWrongToken: () => void;
  onForget: () => void;
  onChanged: () => void;
}) {
  const { code, token } = props;
  const full = useAsync<FullDossier>((signal) => api<FullDossier>(path`/v1/dossiers/${code}`, { token, signal }), [code, token]);
  const [remember, setRemember] = useState(() => isRemembered(code));
  const wrong = full.error instanceof ApiError && full.error.status === 404;

  useEffect(() => {
    if (wrong) props.onWrongToken();
  }, [wrong]);

  if (wrong || (full.loading && !full.data) || (props.procedureLoading && !props.procedure)) return <Loading />;
  if (full.error || !full.data) return <ErrorNotice error={full.error} onRetry={full.reload} />;
  const d = full.data;
  const changed = () => {
    full.reload();
    props.onChanged();
  };

  return (
    <>
      <div class="holder-tools">
        <Checkbox
          id="remember-now"
          label={t("track.remember")}
          hint={t("track.remember_hint")}
          checked={remember}
          onValue={(checked) => {
            setRemember(checked);
            keepToken(code, token, checked);
            announce(checked ? t("track.remembered") : t("track.not_remembered"));
          }}
        />
        <button type="button" class="button button-secondary" onClick={props.onForget}>
          {t("track.forget")}
        </button>
      </div>

      <h3>{t("track.applicant")}</h3>
      <dl class="facts">
        <Fact label={t("field.full_name")} value={d.applicant.fullName} />
        <Fact label={t(d.applicant.idType === "cmnd" ? "field.id_number_cmnd" : "field.id_number_cccd")} value={d.applicant.idNumber} />
        <Fact label={t("field.phone")} value={d.applicant.phone} />
        <Fact label={t("field.email")} value={d.applicant.email || t("common.not_given")} />
        <Fact label={t("field.address")} value={d.applicant.address || t("common.not_given")} />
        <Fact label={t("procedure.delivery")} value={deliveryLabel(d.delivery)} />
      </dl>

      {d.payment?.status === "paid" ? <PaymentReceipt payment={d.payment} /> : null}
      {props.procedure && !props.returning ? <PaymentDue dossier={d} procedure={props.procedure} token={token} onDone={changed} /> : null}

      <h3>{t("track.results")}</h3>
      {d.results.length ? <FileList files={d.results} /> : <p>{t("track.no_results")}</p>}

      <h3>{t("track.documents")}</h3>
      {d.attachments.length ? <FileList files={d.attachments} /> : <p>{t("track.no_documents")}</p>}

      {d.status === "supplement_requested" ? <Supplement dossier={d} token={token} onDone={changed} /> : null}
      {d.status === "returned" ? <Feedback dossier={d} token={token} onDone={changed} /> : null}
      {BEFORE_RESULT.includes(d.status) ? <Withdraw code={code} token={token} onDone={changed} /> : null}
    </>
  );
}

function FileList({ files }: { files: FileView[] }) {
  return (
    <ul class="files">
      {files.map((f) => (
        <li key={f.id}>
          {f.download ? (
            <a href={f.download.url} download={f.fileName} rel="noopener">
              {f.fileName}
            </a>
          ) : (
            <span>{f.fileName}</span>
          )}{" "}
          <span class="hint">
            ({bytes(f.size)}
            {f.state === "declared" ? `, ${t("track.file_pending")}` : ""})
          </span>
        </li>
      ))}
    </ul>
  );
}

function Withdraw({ code, token, onDone }: { code: string; token: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t("track.withdraw_reason_required"));
      document.getElementById("withdraw-reason")?.focus();
      return;
    }
    setError(undefined);
    setSending(true);
    try {
      await api(path`/v1/dossiers/${code}/withdraw`, { method: "POST", token, body: { reason: reason.trim() } });
      announce(t("track.withdrawn"));
      onDone();
    } catch (err) {
      const field = err instanceof ApiError ? err.problem?.errors?.find((e) => e.path === "reason") : undefined;
      if (field) setError(field.message);
      else setFailure(err);
    } finally {
      setSending(false);
    }
  };
  return (
    <section aria-labelledby="withdraw-title" class="panel">
      <h3 id="withdraw-title">{t("track.withdraw_title")}</h3>
      <p>{t("track.withdraw_lead")}</p>
      {!open ? (
        <button type="button" class="button button-warning" aria-expanded="false" aria-controls="withdraw-form" onClick={() => setOpen(true)}>
          {t("track.withdraw_open")}
        </button>
      ) : (
        <form id="withdraw-form" noValidate onSubmit={submit} aria-label={t("track.withdraw_title")}>
          <TextArea id="withdraw-reason" label={t("track.withdraw_reason")} value={reason} onValue={setReason} error={error} maxLength={2000} />
          {failure ? <ErrorNotice error={failure} /> : null}
          <div class="actions">
            <button type="submit" class="button button-warning" disabled={sending}>
              {t("track.withdraw_confirm")}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Supplement({ dossier, token, onDone }: { dossier: FullDossier; token: string; onDone: () => void }) {
  const procedure = useAsync<Procedure>(() => loadProcedure(dossier.procedureCode), [dossier.procedureCode]);
  const { slots, current, choose, clear } = useSlots();
  const [uploads, setUploads] = useState<Record<string, UploadState>>({});
  const [note, setNote] = useState("");
  const [failure, setFailure] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [sending, setSending] = useState(false);
  const requestNote =
    dossier.supplementNote ?? [...dossier.timeline].reverse().find((e) => e.action === "request_supplement")?.note;

  const upload = async (key: string) => {
    const ready = current.current[key]?.ready;
    if (!ready) return;
    setUploads((u) => ({ ...u, [key]: { status: "uploading", progress: 0 } }));
    try {
      await uploadToDossier(dossier.code, token, ready, (progress) =>
        setUploads((u) => ({ ...u, [key]: { status: "uploading", progress } })),
      );
      setUploads((u) => ({ ...u, [key]: { status: "done", progress: 1 } }));
    } catch (err) {
      setUploads((u) => ({ ...u, [key]: { status: "failed", progress: 0, error: uploadErrorText(err) } }));
    }
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (!Object.values(uploads).some((u) => u.status === "done")) {
      setMessage(t("track.supplement_nothing"));
      return;
    }
    setMessage(undefined);
    setSending(true);
    try {
      await api(path`/v1/dossiers/${dossier.code}/supplement`, { method: "POST", token, body: note.trim() ? { note: note.trim() } : {} });
      announce(t("track.supplement_sent"));
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="supplement-title" class="panel">
      <h3 id="supplement-title">{t("track.supplement_title")}</h3>
      <Notice kind="warning" title={t("track.supplement_request")}>
        <p class="pre-line">{requestNote || t("track.supplement_no_note")}</p>
      </Notice>
      <p>{t("track.supplement_lead")}</p>
      {procedure.loading && !procedure.data ? <Loading /> : null}
      {procedure.error ? <ErrorNotice error={procedure.error} onRetry={procedure.reload} /> : null}
      <form noValidate onSubmit={send} aria-label={t("track.supplement_title")}>
        {procedure.data?.documents.map((doc) => (
          <div key={doc.key} class="supplement-doc">
            <FileSlot
              doc={doc}
              required={false}
              slot={slots[doc.key] ?? {}}
              onChoose={async (file) => {
                if (await choose(doc, file)) void upload(doc.key);
              }}
              onClear={() => clear(doc.key)}
            />
            {uploads[doc.key] && current.current[doc.key]?.ready ? (
              <ul class="uploads">
                <UploadRow
                  id={`supplement-${doc.key}`}
                  name={doc.name}
                  fileName={current.current[doc.key]!.ready!.file.name}
                  state={uploads[doc.key]!}
                  onRetry={() => void upload(doc.key)}
                />
              </ul>
            ) : null}
          </div>
        ))}
        <TextArea id="supplement-note" label={t("track.supplement_note")} value={note} onValue={setNote} optional maxLength={2000} />
        <ErrorText id="supplement-message" message={message} />
        {failure ? <p class="error-message" role="alert">{errorText(failure)}{problemList(failure)}</p> : null}
        <button type="submit" class="button" disabled={sending}>
          {t("track.supplement_send")}
        </button>
      </form>
    </section>
  );
}

function problemList(err: unknown): string {
  if (!(err instanceof ApiError) || !err.problem?.errors?.length) return "";
  return `: ${err.problem.errors.map((e) => e.message).join("; ")}`;
}

function Feedback({ dossier, token, onDone }: { dossier: FullDossier; token: string; onDone: () => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  if (dossier.feedback) {
    return (
      <section aria-labelledby="feedback-title" class="panel">
        <h3 id="feedback-title">{t("track.feedback_title")}</h3>
        <p>{t("track.feedback_given", { rating: dossier.feedback.rating })}</p>
      </section>
    );
  }
  const send = async (event: Event) => {
    event.preventDefault();
    if (!rating) {
      setError(t("track.feedback_required"));
      (document.querySelector("#rating input") as HTMLInputElement | null)?.focus();
      return;
    }
    setError(undefined);
    setSending(true);
    try {
      await api(path`/v1/dossiers/${dossier.code}/feedback`, {
        method: "POST",
        token,
        body: { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      announce(t("track.feedback_thanks"));
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setSending(false);
    }
  };
  return (
    <section aria-labelledby="feedback-title" class="panel">
      <h3 id="feedback-title">{t("track.feedback_title")}</h3>
      <form noValidate onSubmit={send} aria-label={t("track.feedback_title")}>
        <fieldset id="rating" class={`field stars${error ? " field-error" : ""}`} aria-describedby={error ? "rating-error" : undefined}>
          <legend>{t("track.feedback_legend")}</legend>
          <ErrorText id="rating-error" message={error} />
          <div class="star-row">
            {[1, 2, 3, 4, 5].map((n) => (
              <span class="star" key={n}>
                <input type="radio" id={`rating-${n}`} name="rating" value={n} checked={rating === n} onChange={() => {
                    setRating(n);
                    setError(undefined);
                  }} />
                <label for={`rating-${n}`} class={n <= rating ? "on" : ""}>
                  <span aria-hidden="true">★</span>
                  <span class="visually-hidden">{t(`rating.${n as 1 | 2 | 3 | 4 | 5}`)}</span>
                </label>
              </span>
            ))}
          </div>
          <p class="hint" aria-live="polite">
            {rating ? t(`rating.${rating as 1 | 2 | 3 | 4 | 5}`) : t("track.feedback_hint")}
          </p>
        </fieldset>
        <TextArea id="feedback-comment" label={t("track.feedback_comment")} value={comment} onValue={setComment} optional maxLength={2000} />
        {failure ? <ErrorNotice error={failure} /> : null}
        <button type="submit" class="button" disabled={sending}>
          {t("track.feedback_send")}
        </button>
      </form>
    </section>
  );
}

/**
 * The fee still due on the holder's view: a before_result fee once the dossier is decided, or a before_submit fee
 * on a draft (and the submit button once it is paid). The return page from the gateway shows its own.
 */
function PaymentDue({ dossier, procedure, token, onDone }: { dossier: FullDossier; procedure: Procedure; token: string; onDone: () => void }) {
  if (procedure.fee.amount <= 0 || !procedure.paymentTiming) return null;
  const paid = dossier.payment?.status === "paid";
  const beforeSubmit = paysBeforeSubmit(procedure);
  if (beforeSubmit && dossier.status === "draft" && paid) {
    return (
      <section aria-labelledby="payment-due-title" class="panel">
        <h3 id="payment-due-title">{t("payment.due_title")}</h3>
        <SubmitAfterPayment code={dossier.code} token={token} onSubmitted={onDone} />
      </section>
    );
  }
  const due = !paid && (beforeSubmit ? dossier.status === "draft" : dossier.status === "approved" || dossier.status === "denied");
  if (!due) return null;
  return (
    <section aria-labelledby="payment-due-title" class="panel">
      <h3 id="payment-due-title">{t("payment.due_title")}</h3>
      <p>{t(beforeSubmit ? "payment.due_before_submit" : "payment.due_before_result", { amount: money(procedure.fee.amount) })}</p>
      {beforeSubmit ? <p class="hint">{t("payment.session_note")}</p> : null}
      <PayButton code={dossier.code} token={token} onSettled={onDone} />
    </section>
  );
}
