import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import { api, ApiError, path, randomKey, withRetries, type FieldProblem } from "../api";
import type { PageProps } from "../app";
import { loadProcedure } from "../catalogue";
import { Confirmation } from "../components/confirmation";
import { FeeDetails, paysBeforeSubmit } from "../components/fee";
import { PayAction, runPayJob, useJob } from "../components/payment";
import { FileSlot, slotId, uploadErrorText, UploadRow, useSlots } from "../components/documents";
import {
  ErrorNotice,
  ErrorSummary,
  focusControl,
  Loading,
  Notice,
  PageHeading,
  Checkbox,
  RadioGroup,
  TextField,
  useAsync,
  type SummaryItem,
} from "../components/ui";
import { putFile, uploadToDossier, type ReadyFile } from "../files";
import { applyReducer, currentJob, documentProblems, initialApply, refusedFields, type ApplyJob, type CreateBody } from "../flows/apply";
import { bytes, money } from "../format";
import { lang, t, tn } from "../i18n";
import type { FormAnswers } from "../../../functions/core/forms/definition";
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

type StepState = "waiting" | "running" | "done" | "failed";

/** The declaration form's renderer and validator: a chunk of its own, loaded only for a procedure with a form. */
type FormModule = typeof import("../forms/renderer");
function useFormModule(needed: boolean): FormModule | null {
  const [module, setModule] = useState<FormModule | null>(null);
  useEffect(() => {
    if (needed && !module) void import("../forms/renderer").then((m) => setModule(() => m));
  }, [needed]);
  return module;
}

/** The declaration kept in this browser, only when the citizen ticked the box (localStorage, per procedure). */
const draftKey = (code: string) => `dvc.form-draft.${code}`;
function loadDraft(code: string): FormAnswers | undefined {
  try {
    const text = localStorage.getItem(draftKey(code));
    return text ? (JSON.parse(text) as FormAnswers) : undefined;
  } catch {
    return undefined;
  }
}
function saveDraft(code: string, answers: FormAnswers | undefined) {
  try {
    if (answers) localStorage.setItem(draftKey(code), JSON.stringify(answers));
    else localStorage.removeItem(draftKey(code));
  } catch {
    // Storage full or refused: the draft is simply not kept.
  }
}
const FORM_WORDS = {
  vi: {
    keep: "Lưu bản nháp tờ khai trên trình duyệt này",
    keepHint: "Chỉ chọn trên máy của riêng bạn. Bản nháp bị xóa khi nộp hồ sơ hoặc bỏ chọn.",
    declaration: "Tờ khai",
    change: "Sửa tờ khai",
    loading: "Đang tải tờ khai…",
  },
  en: {
    keep: "Keep a draft of the declaration in this browser",
    keepHint: "Only on your own device. The draft is deleted when you submit or untick this box.",
    declaration: "Declaration",
    change: "Change the declaration",
    loading: "Loading the declaration…",
  },
};

const FIELD_ORDER: FormField[] = ["fullName", "idType", "idNumber", "phone", "email", "address", "delivery"];
const fieldId = (field: FormField) => (field === "idType" ? "idType" : field === "delivery" ? "delivery" : field);

/**
 * Applying: the form (applicant, delivery, documents) → a summary to check → sending (create the dossier with an
 * Idempotency-Key, declare and upload each file with a progress bar, submit) → the confirmation with the code and
 * the access token. The steps are one state machine (flows/apply.ts); this component holds the form, renders the
 * state and runs the machine's jobs.
 */
function ApplyFlow({ procedure, focus }: { procedure: Procedure; focus: boolean }) {
  const [flow, dispatch] = useReducer(applyReducer, initialApply);
  const step = flow.step;
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
  const declaration = procedure.form;
  const forms = useFormModule(Boolean(declaration));
  const [keepDraft, setKeepDraft] = useState(() => Boolean(declaration && loadDraft(procedure.code)));
  const [answers, setAnswersState] = useState<FormAnswers>(() => (declaration && loadDraft(procedure.code)) || {});
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const words = FORM_WORDS[lang()];
  const documentKeys = procedure.documents.map((d) => d.key);
  const problemsOf = (next: FormAnswers) => {
    if (!declaration || !forms) return {};
    const out: Record<string, string> = {};
    for (const p of forms.formProblems(declaration, next, lang(), true, documentKeys)) out[p.path] ??= p.message;
    return out;
  };
  const setAnswers = (next: FormAnswers) => {
    setAnswersState(next);
    if (keepDraft) saveDraft(procedure.code, next);
    // As with the applicant: once the citizen has tried to continue, the messages follow the typing.
    if (submitted) setFormErrors(problemsOf(next));
  };

  useEffect(() => {
    if (step !== "form") setCameBack(true);
    if (step !== "form" || !focusAfterStep.current) return;
    focusControl(focusAfterStep.current);
    focusAfterStep.current = null;
  }, [step]);

  // Leaving the page while files are being sent loses the dossier's token: ask first.
  useEffect(() => {
    if (step !== "sending") return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [step]);

  useJob(currentJob(flow), (job) => void run(job));

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
    if (forms) for (const [path, message] of Object.entries(formErrors)) items.push({ target: forms.controlId(path), message });
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
    const answerProblems = problemsOf(answers);
    setFormErrors(answerProblems);
    let docsOk = true;
    for (const doc of requiredMissing()) {
      if (!slotsNow.current[doc.key]?.error) setSlotError(doc.key, t("file.required"));
      docsOk = false;
    }
    if (procedure.documents.some((d) => slotsNow.current[d.key]?.error || slotsNow.current[d.key]?.hashing)) docsOk = false;
    if (declaration && !forms) return; // the form is still loading
    if (Object.keys(next).length || Object.keys(answerProblems).length || !docsOk) {
      setSummaryKey((n) => n + 1);
      return;
    }
    dispatch({ type: "review" });
  };

  const body = (): CreateBody => ({
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
    ...(declaration && forms ? { formData: forms.visibleOnly(declaration, answers) } : {}),
  });

  const readyFiles = (): ReadyFile[] =>
    procedure.documents.map((d) => slotsNow.current[d.key]?.ready).filter((r): r is ReadyFile => Boolean(r));

  /** The API's field errors of a refused create, on their fields in the form (the machine goes back to it). */
  const showRefusal = (problems: FieldProblem[]) => {
    const fieldErrors: Partial<Record<FormField, string>> = {};
    const others: string[] = [];
    const answerErrors: Record<string, string> = {};
    for (const problem of problems) {
      if (problem.path.startsWith("formData.") && forms) {
        answerErrors[problem.path.slice("formData.".length)] ??= problem.message;
        continue;
      }
      const target = fieldOfPath(problem.path);
      if (!target) others.push(problem.message);
      else if (target.startsWith("doc:")) setSlotError(target.slice(4), problem.message);
      else fieldErrors[target as FormField] ??= problem.message;
    }
    setErrors(fieldErrors);
    setFormErrors(answerErrors);
    setOtherErrors(others);
    setSubmitted(true);
    setSummaryKey((n) => n + 1);
  };

  /** Runs one job of the machine and answers it with its outcome. */
  const run = async (job: ApplyJob) => {
    switch (job.kind) {
      case "create":
        try {
          const created = await withRetries(() =>
            api<CreatedDossier>("/v1/dossiers", { method: "POST", body: job.body, idempotencyKey: job.idempotencyKey, timeoutMs: 20_000 }),
          );
          keepToken(created.code, created.accessToken, false);
          dispatch({ type: "created", job: job.id, dossier: created });
        } catch (err) {
          const problems = refusedFields(err);
          if (problems) showRefusal(problems);
          dispatch(problems ? { type: "create_refused", job: job.id } : { type: "create_failed", job: job.id, error: err });
        }
        return;
      case "upload":
        try {
          const progress = (ratio: number) => dispatch({ type: "upload_progress", job: job.id, progress: ratio });
          // The ticket the create answered, the first time; a retry asks for a fresh one (the same attachment).
          if (job.ticket) await putFile(job.ticket.upload, job.file.file, progress);
          else await withRetries(() => uploadToDossier(job.dossier.code, job.dossier.accessToken, job.file, progress), 2);
          dispatch({ type: "uploaded", job: job.id });
        } catch (err) {
          dispatch({ type: "upload_failed", job: job.id, reason: uploadErrorText(err) });
        }
        return;
      case "submit":
        try {
          const answer = await withRetries(() =>
            api<{ code: string; submittedAt: string }>(path`/v1/dossiers/${job.dossier.code}/submit`, {
              method: "POST",
              token: job.dossier.accessToken,
            }),
          );
          saveDraft(procedure.code, undefined); // submitted: the draft has served
          dispatch({ type: "submitted", job: job.id, submittedAt: answer.submittedAt });
        } catch (err) {
          dispatch({ type: "submit_failed", job: job.id, error: err, documents: documentProblems(err) });
        }
        return;
      default:
        return runPayJob(job, dispatch);
    }
  };

  const send = () => {
    const files = readyFiles();
    // The chosen files go with the dossier: one request declares them all and answers an upload ticket for each.
    // (The media type was checked against the document's list when the file was chosen.)
    const attachments = files.map((f) => ({
      documentKey: f.documentKey,
      fileName: f.file.name,
      mediaType: f.mediaType as NonNullable<CreateBody["attachments"]>[number]["mediaType"],
      size: f.file.size,
      sha256: f.sha256,
    }));
    dispatch({ type: "send", body: { ...body(), attachments }, idempotencyKey: randomKey(), files, paysFirst: paysBeforeSubmit(procedure) });
  };

  if (flow.step === "done") {
    return (
      <Confirmation
        procedure={procedure}
        code={flow.dossier.code}
        accessToken={flow.dossier.accessToken}
        submittedAt={flow.submittedAt}
      />
    );
  }
  if (flow.step === "pay") {
    const created = flow.dossier;
    return (
      <Confirmation procedure={procedure} code={created.code} accessToken={created.accessToken} createdAt={created.createdAt} awaitingPayment>
        <section aria-labelledby="pay-title" class="panel pay-step">
          <h2 id="pay-title">{t("payment.step_title")}</h2>
          <p>{t("payment.step_lead", { amount: money(procedure.fee.amount) })}</p>
          <p class="hint">{t("payment.session_note")}</p>
          <PayAction state={flow.payment} onPay={() => dispatch({ type: "pay" })} />
        </section>
      </Confirmation>
    );
  }

  const title = t("apply.title", { name: procedure.name });

  if (flow.step === "review") {
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
              dispatch({ type: "edit" });
            }}
          >
            {t("apply.change_applicant")}
          </button>
        </section>
        {declaration && forms ? (
          <section aria-labelledby="review-declaration">
            <h2 id="review-declaration">{words.declaration}</h2>
            {forms.answerSections(declaration, forms.visibleOnly(declaration, answers), lang()).map((section, i) => (
              <div key={i}>
                <h3>{section.title}</h3>
                <dl class="summary-list">
                  {section.lines.map((line) => (
                    <SummaryRow key={line.path} label={`${"\u2003".repeat(line.depth)}${line.label}`} value={line.value} />
                  ))}
                </dl>
              </div>
            ))}
            <button
              type="button"
              class="button button-secondary"
              onClick={() => {
                focusAfterStep.current = `s-${declaration.ui.sections[0]!.id}`;
                dispatch({ type: "edit" });
              }}
            >
              {words.change}
            </button>
          </section>
        ) : null}
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
              dispatch({ type: "edit" });
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
          <button type="button" class="button button-secondary" onClick={() => dispatch({ type: "edit" })}>
            {t("apply.back")}
          </button>
        </div>
      </>
    );
  }

  if (flow.step === "sending") {
    const files = flow.files;
    const uploads = flow.uploads;
    const failedUploads = files.some((r) => uploads[r.documentKey]?.status === "failed");
    const createState: StepState = flow.create.phase;
    const submitState: StepState = flow.submit.phase;
    return (
      <>
        <PageHeading title={t("apply.sending_title")} focus />
        <p>{t("apply.sending_lead")}</p>
        <ol class="send-steps">
          <li class={`send-step send-${createState}`}>
            <h2 class="send-step-title">{t("apply.step_create")}</h2>
            <p role="status">{stepStateText(createState)}</p>
            {flow.create.phase === "failed" ? (
              <ErrorNotice error={flow.create.error} onRetry={() => dispatch({ type: "retry_create" })} title="apply.create_failed" />
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
                    onRetry={() => dispatch({ type: "retry_upload", documentKey: ready.documentKey })}
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
            {flow.submit.phase === "failed" ? (
              <ErrorNotice
                error={flow.submit.error}
                title="apply.submit_failed"
                onRetry={failedUploads ? undefined : () => dispatch({ type: "retry_submit" })}
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
        {declaration ? (
          forms ? (
            <>
              <forms.FormSections
                form={declaration}
                answers={answers}
                errors={formErrors}
                lang={lang()}
                documents={procedure.documents}
                onChange={setAnswers}
              />
              <Checkbox
                id="keepDraft"
                label={words.keep}
                hint={words.keepHint}
                checked={keepDraft}
                onValue={(checked) => {
                  setKeepDraft(checked);
                  saveDraft(procedure.code, checked ? answers : undefined);
                }}
              />
            </>
          ) : (
            <p role="status">{words.loading}</p>
          )
        ) : null}
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
