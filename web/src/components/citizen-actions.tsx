import { useState } from "preact/hooks";
import { api, ApiError, path } from "../api";
import { loadProcedure } from "../catalogue";
import { uploadToDossier, type UploadState } from "../files";
import { citizenActions } from "../flows/track";
import { bytes, money } from "../format";
import { t, type MessageKey } from "../i18n";
import type { FileView, FullDossier, Procedure, TimelineAction } from "../types";
import { FileSlot, uploadErrorText, UploadRow, useSlots } from "./documents";
import { paysBeforeSubmit } from "./fee";
import { PaymentReceipt, PayButton, SubmitAfterPayment } from "./payment";
import { announce, ErrorNotice, ErrorText, errorText, Loading, Notice, TextArea, useAsync } from "./ui";

/**
 * What the holder of a dossier can do on the track page, in one component: pay the fee (or submit once it is paid),
 * download the results and the documents, supply documents when asked, rate a returned dossier, withdraw. Which
 * of these is offered comes from one table (flows/track.ts); each action is sent the same way (`useSend`): one
 * POST with the token, a spoken confirmation, then `onDone` to reload the dossier.
 */
export function CitizenActions(props: {
  dossier: FullDossier;
  token: string;
  /** The procedure (its fee, its documents); undefined while loading or when it could not be loaded. */
  procedure: Procedure | undefined;
  /** Back from the payment gateway: the return panel shows the fee instead. */
  returning: boolean;
  onDone: () => void;
}) {
  const { dossier: d, token, procedure, onDone } = props;
  const actions = citizenActions(d, procedure, props.returning);
  return (
    <>
      {d.payment?.status === "paid" ? <PaymentReceipt payment={d.payment} /> : null}
      {actions.fee && procedure ? <FeeDue action={actions.fee} dossier={d} procedure={procedure} token={token} onDone={onDone} /> : null}

      <h3>{t("track.results")}</h3>
      {d.results.length ? <FileList files={d.results} /> : <p>{t("track.no_results")}</p>}

      <h3>{t("track.documents")}</h3>
      {d.attachments.length ? <FileList files={d.attachments} /> : <p>{t("track.no_documents")}</p>}

      {actions.supplement ? <Supplement dossier={d} token={token} onDone={onDone} /> : null}
      {actions.feedback ? <Feedback dossier={d} given={actions.feedback === "given"} token={token} onDone={onDone} /> : null}
      {actions.withdraw ? <Withdraw code={d.code} token={token} onDone={onDone} /> : null}
    </>
  );
}

type SentAction = Extract<TimelineAction, "withdraw" | "supplement" | "feedback">;

/**
 * Sends one citizen action. On success: the confirmation is announced and `onDone` reloads the dossier. On failure:
 * `claim` may take the error (a field error shown on its field); anything else is kept in `failure` for display.
 */
function useSend(code: string, token: string, action: SentAction, onDone: () => void) {
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const send = async (body: object, confirmation: MessageKey, claim?: (err: unknown) => boolean) => {
    setSending(true);
    try {
      await api(path`/v1/dossiers/${code}/${action}`, { method: "POST", token, body });
      announce(t(confirmation));
      onDone();
    } catch (err) {
      if (!claim?.(err)) setFailure(err);
    } finally {
      setSending(false);
    }
  };
  return { sending, failure, send };
}

/** What stands between the holder and a file, if anything: not checked yet, being scanned, malware, not scannable. */
function fileNote(f: FileView): string {
  if (f.malware) return t("track.file_malware", { signature: f.malware.signature });
  if (f.scan === "infected") return t("track.file_malware", { signature: "GuardDuty" });
  if (f.scan === "failed") return t("track.file_scan_failed");
  if (f.scan === "pending") return t("track.file_scanning");
  return f.state === "declared" ? t("track.file_pending") : "";
}

function FileList({ files }: { files: FileView[] }) {
  return (
    <ul class="files">
      {files.map((f) => {
        const note = fileNote(f);
        return (
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
              {note ? `, ${note}` : ""})
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Withdraw({ code, token, onDone }: { code: string; token: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const { sending, failure, send } = useSend(code, token, "withdraw", onDone);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t("track.withdraw_reason_required"));
      document.getElementById("withdraw-reason")?.focus();
      return;
    }
    setError(undefined);
    await send({ reason: reason.trim() }, "track.withdrawn", (err) => {
      const field = err instanceof ApiError ? err.problem?.errors?.find((e) => e.path === "reason") : undefined;
      if (field) setError(field.message);
      return Boolean(field);
    });
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

/** Each file chosen goes up at once (declared on this round); the supplement is sent once one is up. */
function Supplement({ dossier, token, onDone }: { dossier: FullDossier; token: string; onDone: () => void }) {
  const procedure = useAsync<Procedure>(() => loadProcedure(dossier.procedureCode), [dossier.procedureCode]);
  const { slots, current, choose, clear } = useSlots();
  const [uploads, setUploads] = useState<Record<string, UploadState>>({});
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string>();
  const { sending, failure, send } = useSend(dossier.code, token, "supplement", onDone);
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

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!Object.values(uploads).some((u) => u.status === "done")) {
      setMessage(t("track.supplement_nothing"));
      return;
    }
    setMessage(undefined);
    await send(note.trim() ? { note: note.trim() } : {}, "track.supplement_sent");
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
      <form noValidate onSubmit={submit} aria-label={t("track.supplement_title")}>
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
        {failure ? (
          <p class="error-message" role="alert">
            {errorText(failure)}
            {problemList(failure)}
          </p>
        ) : null}
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

function Feedback({ dossier, given, token, onDone }: { dossier: FullDossier; given: boolean; token: string; onDone: () => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const { sending, failure, send } = useSend(dossier.code, token, "feedback", onDone);
  if (given && dossier.feedback) {
    return (
      <section aria-labelledby="feedback-title" class="panel">
        <h3 id="feedback-title">{t("track.feedback_title")}</h3>
        <p>{t("track.feedback_given", { rating: dossier.feedback.rating })}</p>
      </section>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!rating) {
      setError(t("track.feedback_required"));
      (document.querySelector("#rating input") as HTMLInputElement | null)?.focus();
      return;
    }
    setError(undefined);
    await send({ rating, ...(comment.trim() ? { comment: comment.trim() } : {}) }, "track.feedback_thanks");
  };
  return (
    <section aria-labelledby="feedback-title" class="panel">
      <h3 id="feedback-title">{t("track.feedback_title")}</h3>
      <form noValidate onSubmit={submit} aria-label={t("track.feedback_title")}>
        <fieldset id="rating" class={`field stars${error ? " field-error" : ""}`} aria-describedby={error ? "rating-error" : undefined}>
          <legend>{t("track.feedback_legend")}</legend>
          <ErrorText id="rating-error" message={error} />
          <div class="star-row">
            {[1, 2, 3, 4, 5].map((n) => (
              <span class="star" key={n}>
                <input
                  type="radio"
                  id={`rating-${n}`}
                  name="rating"
                  value={n}
                  checked={rating === n}
                  onChange={() => {
                    setRating(n);
                    setError(undefined);
                  }}
                />
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
function FeeDue(props: { action: "pay" | "submit"; dossier: FullDossier; procedure: Procedure; token: string; onDone: () => void }) {
  const { dossier, procedure, token, onDone } = props;
  const beforeSubmit = paysBeforeSubmit(procedure);
  return (
    <section aria-labelledby="payment-due-title" class="panel">
      <h3 id="payment-due-title">{t("payment.due_title")}</h3>
      {props.action === "submit" ? (
        <SubmitAfterPayment code={dossier.code} token={token} onSubmitted={onDone} />
      ) : (
        <>
          <p>{t(beforeSubmit ? "payment.due_before_submit" : "payment.due_before_result", { amount: money(procedure.fee.amount) })}</p>
          {beforeSubmit ? <p class="hint">{t("payment.session_note")}</p> : null}
          <PayButton code={dossier.code} token={token} onSettled={onDone} />
        </>
      )}
    </section>
  );
}
