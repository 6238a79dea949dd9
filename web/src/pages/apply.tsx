import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, path, randomKey, withRetries } from "../api";
import type { PageProps } from "../app";
import { loadProcedure } from "../catalogue";
import { Confirmation } from "../components/confirmation";
import { FeeDetails, paysBeforeSubmit } from "../components/fee";
import { PayButton } from "../components/payment";
import { FileSlot, slotId, uploadErrorText, UploadRow, useSlots, type UploadState } from "../components/documents";
import {
  ErrorNotice,
  ErrorSummary,
  focusControl,
  Loading,
  Notice,
  PageHeading,
  RadioGroup,
  TextField,
  useAsync,
  type SummaryItem,
} from "../components/ui";
import { uploadToDossier, type ReadyFile } from "../files";
import { bytes, money } from "../format";
import { t, tn } from "../i18n";
import { deliveryLabel, levelFull } from "../labels";
import { href } from "../router";
import { keepToken } from "../session";
import type { CreatedDossier, Delivery, IdType, Procedure } from "../types";
import { fieldOfPath, normalizePhone, validateApplicant, type ApplicantForm, type FormField } from "../validate";
import { NotFoundPage } from "./not-found";

export function ApplyPage({ route }: PageProps) {
  const code = route.params.code!;
  const procedure = useAsync<Procedure>(() => loadProcedure(code), [code]);
  if (procedure.loading && !procedure.data) return <Loading />;
  if (procedure.error instanceof ApiError && procedure.error.status === 404) return <NotFoundPage route={route} what="procedure" />;
  if (procedure.error || !procedure.data) {
    return (
      <>
        <PageHeading title={t("apply.title_error")} focus={!route.initial} />
        <ErrorNotice error={procedure.error} onRetry={procedure.reload} />
      </>
    );
  }
  if (procedure.data.level === "info") {
    return (
      <>
        <PageHeading title={procedure.data.name} focus={!route.initial} />
        <Notice kind="info">
          <p>{t("procedure.info_only")}</p>
        </Notice>
      </>
    );
  }
  return <ApplyFlow procedure={procedure.data} focus={!route.initial} />;
}

type Step = "form" | "review" | "send" | "pay" | "done";
type StepState = "waiting" | "running" | "done" | "failed";

const FIELD_ORDER: FormField[] = ["fullName", "idType", "idNumber", "phone", "email", "address", "delivery"];
const fieldId = (field: FormField) => (field === "idType" ? "idType" : field === "delivery" ? "delivery" : field);

/**
 * Applying: the form (applicant, delivery, documents) → a summary to check → sending (create the dossier with an
 * Idempotency-Key, declare and upload each file with a progress bar, submit) → the confirmation with the code and
 * the access token.
 */
function ApplyFlow({ procedure, focus }: { procedure: Procedure; focus: boolean }) {
  const [step, setStep] = useState<Step>("form");
  const [form, setForm] = useState<ApplicantForm>(() => ({
    fullName: "",
    idType: "cccd",
    idNumber: "",
    phone: "",
    email: "",
    address: "",
    delivery: procedure.resultDelivery.includes("online") ? "online" : procedure.resultDelivery[0] ?? "",
  }));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [summaryKey, setSummaryKey] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const { slots, current: slotsNow, choose, setError: setSlotError, clear } = useSlots();
  const focusAfterStep = useRef<string | null>(null);
  const [cameBack, setCameBack] = useState(false);

  // sending
  const attempt = useRef<{ body: string; key: string; created?: CreatedDossier } | null>(null);
  const [createState, setCreateState] = useState<StepState>("waiting");
  const [createError, setCreateError] = useState<unknown>();
  const [uploads, setUploads] = useState<Record<string, UploadState>>({});
  const uploadsNow = useRef<Record<string, UploadState>>({});
  const [submitState, setSubmitState] = useState<StepState>("waiting");
  const [submitError, setSubmitError] = useState<unknown>();
  const [done, setDone] = useState<{ code: string; accessToken: string; submittedAt: string } | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    if (step !== "form") setCameBack(true);
    if (step !== "form" || !focusAfterStep.current) return;
    focusControl(focusAfterStep.current);
    focusAfterStep.current = null;
  }, [step]);

  // Leaving the page while files are being sent loses the dossier's token: ask first.
  useEffect(() => {
    if (step !== "send") return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [step]);

  const setField = (field: FormField) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    // Once the citizen has tried to continue, errors follow the typing (a fixed field clears at once).
    if (submitted) {
      const next = validateApplicant({ ...form, [field]: value });
      setErrors((e) => {
        const copy = { ...e };
        for (const f of field === "delivery" ? (["delivery", "address"] as FormField[]) : [field]) {
          const key = next[f];
          if (key) copy[f] = t(key);
          else delete copy[f];
        }
        return copy;
      });
    }
  };

  const requiredMissing = () =>
    procedure.documents.filter((d) => d.required && !slotsNow.current[d.key]?.ready && !slotsNow.current[d.key]?.hashing);

  const summaryItems = (): SummaryItem[] => {
    const items: SummaryItem[] = [];
    for (const field of FIELD_ORDER) {
      const message = errors[field];
      if (message) items.push({ target: fieldId(field), message });
    }
    for (const doc of procedure.documents) {
      const message = slots[doc.key]?.error;
      if (message) items.push({ target: slotId(doc.key), message: `${doc.name}: ${message}` });
    }
    for (const message of otherErrors) items.push({ target: "fullName", message });
    return items;
  };

  const toReview = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    setOtherErrors([]);
    const keys = validateApplicant(form);
    const next: Partial<Record<FormField, string>> = {};
    for (const [field, key] of Object.entries(keys)) next[field as FormField] = t(key!);
    setErrors(next);
    let docsOk = true;
    for (const doc of requiredMissing()) {
      if (!slotsNow.current[doc.key]?.error) setSlotError(doc.key, t("file.required"));
      docsOk = false;
    }
    if (procedure.documents.some((d) => slotsNow.current[d.key]?.error || slotsNow.current[d.key]?.hashing)) docsOk = false;
    if (Object.keys(next).length || !docsOk) {
      setSummaryKey((n) => n + 1);
      return;
    }
    setStep("review");
  };

  const body = () => ({
    procedureCode: procedure.code,
    applicant: {
      fullName: form.fullName.trim(),
      idType: form.idType,
      idNumber: form.idNumber.trim(),
      phone: normalizePhone(form.phone),
      ...(form.email.trim() ? { email: form.email.trim() } : {}),
      ...(form.address.trim() ? { address: form.address.trim() } : {}),
    },
    delivery: form.delivery as Delivery,
  });

  const readyFiles = (): ReadyFile[] =>
    procedure.documents.map((d) => slotsNow.current[d.key]?.ready).filter((r): r is ReadyFile => Boolean(r));

  const setUpload = (key: string, state: UploadState) => {
    uploadsNow.current = { ...uploadsNow.current, [key]: state };
    setUploads(uploadsNow.current);
  };

  /** Back to the form with the API's field errors on their fields. */
  const backWithProblems = (err: ApiError): boolean => {
    const problems = err.problem?.errors ?? [];
    if (!problems.length || (err.status !== 400 && err.status !== 422)) return false;
    const fieldErrors: Partial<Record<FormField, string>> = {};
    const others: string[] = [];
    for (const problem of problems) {
      const target = fieldOfPath(problem.path);
      if (!target) others.push(problem.message);
      else if (target.startsWith("doc:")) setSlotError(target.slice(4), problem.message);
      else fieldErrors[target as FormField] ??= problem.message;
    }
    setErrors(fieldErrors);
    setOtherErrors(others);
    setSubmitted(true);
    attempt.current = null;
    setCreateState("waiting");
    setStep("form");
    setSummaryKey((n) => n + 1);
    return true;
  };

  const uploadOne = async (created: CreatedDossier, ready: ReadyFile) => {
    setUpload(ready.documentKey, { status: "uploading", progress: 0 });
    try {
      await withRetries(() =>
        uploadToDossier(created.code, created.accessToken, ready, (progress) =>
          setUpload(ready.documentKey, { status: "uploading", progress }),
        ),
        2,
      );
      setUpload(ready.documentKey, { status: "done", progress: 1 });
    } catch (err) {
      setUpload(ready.documentKey, { status: "failed", progress: uploadsNow.current[ready.documentKey]?.progress ?? 0, error: uploadErrorText(err) });
    }
  };

  const submit = async (created: CreatedDossier) => {
    setSubmitState("running");
    setSubmitError(undefined);
    try {
      const answer = await withRetries(() =>
        api<{ code: string; submittedAt: string }>(path`/v1/dossiers/${created.code}/submit`, { method: "POST", token: created.accessToken }),
      );
      setSubmitState("done");
      setDone({ code: created.code, accessToken: created.accessToken, submittedAt: answer.submittedAt });
      setStep("done");
    } catch (err) {
      setSubmitState("failed");
      setSubmitError(err);
      // A document the API found missing or bad: its row fails, with the reason, and can be sent again.
      if (err instanceof ApiError) {
        for (const problem of err.problem?.errors ?? []) {
          const target = fieldOfPath(problem.path);
          if (target?.startsWith("doc:")) {
            const key = target.slice(4);
            if (uploadsNow.current[key]) setUpload(key, { status: "failed", progress: 0, error: problem.message });
          }
        }
      }
    }
  };

  const continueSending = async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      const payload = body();
      const json = JSON.stringify(payload);
      // One Idempotency-Key per attempt (this exact content): retrying a create that timed out is safe.
      if (!attempt.current || attempt.current.body !== json) attempt.current = { body: json, key: randomKey() };
      let created = attempt.current.created;
      if (!created) {
        setCreateState("running");
        setCreateError(undefined);
        const key = attempt.current.key;
        try {
          created = await withRetries(() => api<CreatedDossier>("/v1/dossiers", { method: "POST", body: payload, idempotencyKey: key, timeoutMs: 20_000 }));
        } catch (err) {
          if (err instanceof ApiError && backWithProblems(err)) return;
          setCreateState("failed");
          setCreateError(err);
          return;
        }
        attempt.current.created = created;
        keepToken(created.code, created.accessToken, false);
        setCreateState("done");
      }
      for (const ready of readyFiles()) {
        if (uploadsNow.current[ready.documentKey]?.status === "done") continue;
        await uploadOne(created, ready);
      }
      const all = readyFiles().every((r) => uploadsNow.current[r.documentKey]?.status === "done");
      if (all) await submitOrPay(created);
    } finally {
      busy.current = false;
    }
  };

  /** A fee paid before submission: show the code and token, then the payment step; otherwise submit now. */
  const submitOrPay = async (created: CreatedDossier) => {
    if (!paysBeforeSubmit(procedure)) return submit(created);
    setSubmitState("waiting");
    setStep("pay");
  };

  const send = () => {
    uploadsNow.current = {};
    for (const ready of readyFiles()) uploadsNow.current[ready.documentKey] = { status: "waiting", progress: 0 };
    setUploads(uploadsNow.current);
    setSubmitState("waiting");
    setStep("send");
    void continueSending();
  };

  const retryUpload = async (ready: ReadyFile) => {
    const created = attempt.current?.created;
    if (!created || busy.current) return;
    busy.current = true;
    try {
      await uploadOne(created, ready);
      const all = readyFiles().every((r) => uploadsNow.current[r.documentKey]?.status === "done");
      if (all) await submitOrPay(created);
    } finally {
      busy.current = false;
    }
  };

  if (step === "done" && done) return <Confirmation procedure={procedure} {...done} />;
  const created = attempt.current?.created;
  if (step === "pay" && created) {
    return (
      <Confirmation procedure={procedure} code={created.code} accessToken={created.accessToken} createdAt={created.createdAt} awaitingPayment>
        <section aria-labelledby="pay-title" class="panel pay-step">
          <h2 id="pay-title">{t("payment.step_title")}</h2>
          <p>{t("payment.step_lead", { amount: money(procedure.fee.amount) })}</p>
          <p class="hint">{t("payment.session_note")}</p>
          <PayButton code={created.code} token={created.accessToken} />
        </section>
      </Confirmation>
    );
  }

  const title = t("apply.title", { name: procedure.name });

  if (step === "review") {
    const files = readyFiles();
    return (
      <>
        <PageHeading title={t("apply.review_title")} focus />
        <p>{t("apply.review_lead", { name: procedure.name })}</p>
        <section aria-labelledby="review-applicant">
          <h2 id="review-applicant">{t("apply.applicant")}</h2>
          <dl class="summary-list">
            <SummaryRow label={t("field.full_name")} value={form.fullName.trim()} />
            <SummaryRow label={t("field.id_type")} value={t(`id_type.${form.idType}`)} />
            <SummaryRow label={t("field.id_number")} value={form.idNumber.trim()} />
            <SummaryRow label={t("field.phone")} value={normalizePhone(form.phone)} />
            <SummaryRow label={t("field.email")} value={form.email.trim() || t("common.not_given")} />
            <SummaryRow label={t("field.address")} value={form.address.trim() || t("common.not_given")} />
            <SummaryRow label={t("procedure.delivery")} value={form.delivery ? deliveryLabel(form.delivery) : ""} />
          </dl>
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              focusAfterStep.current = "fullName";
              setStep("form");
            }}
          >
            {t("apply.change_applicant")}
          </button>
        </section>
        <section aria-labelledby="review-documents">
          <h2 id="review-documents">{t("apply.documents")}</h2>
          <dl class="summary-list">
            {procedure.documents.map((doc) => {
              const ready = slots[doc.key]?.ready;
              return (
                <SummaryRow
                  key={doc.key}
                  label={doc.name}
                  value={ready ? t("file.chosen", { name: ready.file.name, size: bytes(ready.file.size) }) : t("apply.no_file")}
                />
              );
            })}
          </dl>
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              focusAfterStep.current = procedure.documents[0] ? slotId(procedure.documents[0].key) : null;
              setStep("form");
            }}
          >
            {t("apply.change_documents")}
          </button>
        </section>
        <section aria-labelledby="review-procedure">
          <h2 id="review-procedure">{t("apply.about_procedure")}</h2>
          <dl class="summary-list">
            <SummaryRow label={t("procedure.title_short")} value={`${procedure.name} (${procedure.code})`} />
            <SummaryRow label={t("procedure.level")} value={levelFull(procedure.level)} />
            <SummaryRow
              label={t("procedure.processing_time")}
              value={
                procedure.clockUnit === "calendar_days"
                  ? tn("procedure.calendar_days", procedure.processingDays)
                  : tn("procedure.working_days", procedure.processingDays)
              }
            />
            <div class="summary-row">
              <dt>{t("procedure.fee")}</dt>
              <dd class="fee-details">
                <FeeDetails procedure={procedure} />
              </dd>
            </div>
            <SummaryRow label={t("apply.files_total")} value={tn("apply.files_count", files.length, { size: bytes(files.reduce((s, r) => s + r.file.size, 0)) })} />
          </dl>
        </section>
        <Notice kind="info">
          <p>{t("apply.review_notice")}</p>
        </Notice>
        <div class="actions">
          <button type="button" class="button" onClick={send}>
            {t("apply.send")}
          </button>
          <button type="button" class="button button-secondary" onClick={() => setStep("form")}>
            {t("apply.back")}
          </button>
        </div>
      </>
    );
  }

  if (step === "send") {
    const files = readyFiles();
    const failedUploads = files.some((r) => uploads[r.documentKey]?.status === "failed");
    return (
      <>
        <PageHeading title={t("apply.sending_title")} focus />
        <p>{t("apply.sending_lead")}</p>
        <ol class="send-steps">
          <li class={`send-step send-${createState}`}>
            <h2 class="send-step-title">{t("apply.step_create")}</h2>
            <p role="status">{stepStateText(createState)}</p>
            {createState === "failed" ? (
              <ErrorNotice error={createError} onRetry={() => void continueSending()} title="apply.create_failed" />
            ) : null}
          </li>
          <li class="send-step">
            <h2 class="send-step-title">{t("apply.step_upload")}</h2>
            {files.length === 0 ? <p>{t("apply.no_files")}</p> : null}
            <ul class="uploads">
              {files.map((ready) => {
                const doc = procedure.documents.find((d) => d.key === ready.documentKey)!;
                return (
                  <UploadRow
                    key={ready.documentKey}
                    id={`upload-${ready.documentKey}`}
                    name={doc.name}
                    fileName={ready.file.name}
                    state={uploads[ready.documentKey] ?? { status: "waiting", progress: 0 }}
                    onRetry={() => void retryUpload(ready)}
                  />
                );
              })}
            </ul>
            {failedUploads ? (
              <p class="error-message" role="alert">
                {t("apply.uploads_failed")}
              </p>
            ) : null}
          </li>
          <li class={`send-step send-${submitState}`}>
            <h2 class="send-step-title">{t("apply.step_submit")}</h2>
            <p role="status">{stepStateText(submitState)}</p>
            {submitState === "failed" ? (
              <ErrorNotice
                error={submitError}
                title="apply.submit_failed"
                onRetry={failedUploads ? undefined : () => attempt.current?.created && void submit(attempt.current.created)}
              />
            ) : null}
          </li>
        </ol>
      </>
    );
  }

  // the form
  const idHint = form.idType === "cccd" ? t("field.id_number_hint_cccd") : t("field.id_number_hint_cmnd");
  return (
    <>
      <p class="breadcrumb">
        <a href={href(`/procedures/${encodeURIComponent(procedure.code)}`)}>{t("apply.back_to_procedure")}</a>
      </p>
      <PageHeading title={title} focus={focus || cameBack || summaryKey > 0} />
      <p>{t("apply.lead")}</p>
      <ErrorSummary items={summaryItems()} focusKey={summaryKey} />
      <form noValidate onSubmit={toReview} aria-label={t("apply.form_label")}>
        <section aria-labelledby="applicant-title">
          <h2 id="applicant-title">{t("apply.applicant")}</h2>
          <TextField
            id="fullName"
            label={t("field.full_name")}
            hint={t("field.full_name_hint")}
            value={form.fullName}
            onValue={setField("fullName")}
            error={errors.fullName}
            autoComplete="name"
            maxLength={200}
            spellcheck={false}
          />
          <RadioGroup
            id="idType"
            name="idType"
            label={t("field.id_type")}
            value={form.idType}
            onValue={(v) => setField("idType")(v as IdType)}
            error={errors.idType}
            inline
            options={[
              { value: "cccd", label: t("id_type.cccd") },
              { value: "cmnd", label: t("id_type.cmnd") },
            ]}
          />
          <TextField
            id="idNumber"
            label={form.idType === "cccd" ? t("field.id_number_cccd") : t("field.id_number_cmnd")}
            hint={idHint}
            value={form.idNumber}
            onValue={setField("idNumber")}
            error={errors.idNumber}
            inputMode="numeric"
            autoComplete="off"
            maxLength={form.idType === "cccd" ? 12 : 9}
            width="medium"
          />
          <TextField
            id="phone"
            label={t("field.phone")}
            hint={t("field.phone_hint")}
            value={form.phone}
            onValue={setField("phone")}
            error={errors.phone}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            width="medium"
          />
          <TextField
            id="email"
            label={t("field.email")}
            hint={t("field.email_hint")}
            value={form.email}
            onValue={setField("email")}
            error={errors.email}
            type="email"
            inputMode="email"
            autoComplete="email"
            maxLength={254}
            optional
            spellcheck={false}
          />
          <TextField
            id="address"
            label={t("field.address")}
            hint={form.delivery === "post" ? t("field.address_hint_post") : t("field.address_hint")}
            value={form.address}
            onValue={setField("address")}
            error={errors.address}
            autoComplete="street-address"
            maxLength={500}
            optional={form.delivery !== "post"}
          />
        </section>
        <section aria-labelledby="delivery-title">
          <h2 id="delivery-title">{t("apply.delivery")}</h2>
          <RadioGroup
            id="delivery"
            name="delivery"
            label={t("field.delivery")}
            value={form.delivery}
            onValue={(v) => setField("delivery")(v)}
            error={errors.delivery}
            options={procedure.resultDelivery.map((d) => ({ value: d, label: deliveryLabel(d), hint: t(`delivery.${d}.hint`) }))}
          />
        </section>
        <section aria-labelledby="documents-title">
          <h2 id="documents-title">{t("apply.documents")}</h2>
          <p class="hint">{t("apply.documents_hint")}</p>
          {procedure.documents.length === 0 ? <p>{t("procedure.no_documents")}</p> : null}
          {procedure.documents.map((doc) => (
            <FileSlot
              key={doc.key}
              doc={doc}
              required={doc.required}
              slot={slots[doc.key] ?? {}}
              onChoose={(file) => void choose(doc, file)}
              onClear={() => clear(doc.key)}
            />
          ))}
        </section>
        <p>
          {t("procedure.fee")}: <strong>{procedure.fee.amount === 0 ? t("procedure.free") : money(procedure.fee.amount)}</strong>
          {procedure.fee.amount > 0 && procedure.paymentTiming ? <> ({t(`payment.timing.${procedure.paymentTiming}`)})</> : null}
        </p>
        <button type="submit" class="button">
          {t("apply.continue")}
        </button>
      </form>
    </>
  );
}

function stepStateText(state: StepState): string {
  return state === "waiting" ? t("step.waiting") : state === "running" ? t("step.running") : state === "done" ? t("step.done") : t("step.failed");
}

function SummaryRow(props: { label: string; value: string }) {
  return (
    <div class="summary-row">
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}
