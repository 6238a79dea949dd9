import { useEffect, useRef, useState } from "preact/hooks";
import { api, path } from "../api";
import type { Agency, FileView, Procedure } from "../types";
import type { FormAnswers as FormAnswersData, FormDefinition } from "../../../functions/core/forms/definition";
import type { AnswerSection } from "../../../functions/core/forms/lines";
import { ACTION_LABELS_VI } from "../../../functions/core/dossier/action-labels";
import { ACTION_LABELS_EN } from "../../../functions/core/dossier/action-labels-en";
import { act, ApiError, getDossier, getOfficers, getSlip, sha256Hex, uploadResult, type Me, type OfficerDossier } from "./api";
import { ohref } from "./app";
import { lang, t, type OfficerKey } from "./i18n";
import { paperSinceRequest } from "../../../functions/core/dossier/supplement-round";
import { PaperField, usePaperUploads } from "./papers";
import { dateTime, errorMessage, Heading, Link, money, Notice, statusLabel, timeLeft, useDraft, useLoad } from "./ui";

type Action =
  | "receive"
  | "reject_intake"
  | "request_supplement"
  | "transfer"
  | "assign"
  | "upload"
  | "approve"
  | "deny"
  | "return_result"
  | "stop"
  | "apologize"
  | "receive_supplement";

const SLIPS = ["receipt", "supplement", "refusal", "apology", "control"] as const;

/**
 * What the officer's roles may do in this state: the API's own list when the dossier carries one (`actions`), else
 * the authorization matrix of docs/api.md as the web understands it (the API has the last word: 403).
 */
function actionsFor(d: OfficerDossier, me: Me): Action[] {
  const roles = me.roles;
  const has = (...r: string[]) => r.some((x) => roles.includes(x));
  const may = (a: Action) => !me.permissions || me.permissions.includes(a === "upload" ? "upload_result" : a);
  return candidates(d, has).filter(may);
}

function candidates(d: OfficerDossier, has: (...r: string[]) => boolean): Action[] {
  const out: Action[] = [];
  const late = d.dueAt ? Date.parse(d.dueAt) < Date.now() : false;
  if (d.status === "submitted" && has("intake")) out.push("receive", "request_supplement", "reject_intake");
  // Transferred here by another agency: this agency's intake receives it (its clock keeps running).
  if (d.status === "transferred" && has("intake")) out.push("receive");
  // The applicant of a counter or post dossier brings what was asked back to the desk (online, the citizen sends it).
  if (d.status === "supplement_requested" && d.channel !== "online" && has("intake")) out.push("receive_supplement");
  if (d.status === "received") {
    if (has("intake", "specialist")) out.push("request_supplement");
    if (has("leader")) out.push("assign");
    if (has("specialist", "leader")) out.push("upload");
    if (has("leader")) out.push("approve", "deny");
    if (has("specialist", "leader")) out.push("transfer");
  }
  // A leader stops processing (docs/domain.md): most often a dossier whose applicant never brings what was asked.
  if ((d.status === "received" || d.status === "supplement_requested") && has("leader")) out.push("stop");
  if ((d.status === "approved" || d.status === "denied") && has("intake")) out.push("return_result");
  // Once per dossier: after it, the new date shows in the summary.
  if (late && !d.apology && ["received", "transferred", "approved", "denied"].includes(d.status) && has("intake", "leader")) out.push("apologize");
  return out;
}

export function DossierPage(props: { code: string; me: Me }) {
  const dossier = useLoad(() => getDossier(props.code), [props.code]);
  // The answers as the form version the dossier was created under labels them (a later catalogue version may label
  // them differently); the labelling code is a chunk of its own, loaded only for a dossier with a form.
  const answers = useLoad(async (): Promise<AnswerSection[] | undefined> => {
    const d = dossier.data;
    if (!d?.formVersion) return undefined;
    const [form, { answerSections }] = await Promise.all([
      api<FormDefinition>(path`/v1/procedures/${d.procedureCode}/forms/${String(d.formVersion)}`),
      import("../../../functions/core/forms/lines"),
    ]);
    return answerSections(form, d.formData as FormAnswersData, lang());
  }, [dossier.data?.code, dossier.data?.version]);
  const procedure = useLoad(
    () => (dossier.data ? api<Procedure>(path`/v1/procedures/${dossier.data.procedureCode}`).catch(() => undefined) : Promise.resolve(undefined)),
    [dossier.data?.procedureCode],
  );
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState<string>();
  const d = dossier.data;
  if (dossier.error !== undefined)
    return (
      <>
        <Heading>{t("o.dossier.title", { code: props.code })}</Heading>
        <Notice kind="error" role="alert">
          {errorMessage(dossier.error)}
        </Notice>
      </>
    );
  if (!d) return <p class="loading">{t("o.loading")}</p>;
  const actions = actionsFor(d, props.me);
  const onDone = (next: OfficerDossier | undefined, action: Action) => {
    setConflict(false);
    setDone(t("o.sent", { action: t(`o.act.${action}` as OfficerKey) }));
    if (next && "status" in next && "attachments" in next) dossier.set(next);
    else dossier.reload();
  };
  const onConflict = () => {
    setDone(undefined);
    setConflict(true);
    dossier.reload();
  };
  return (
    <>
      <p>
        <Link href={ohref("/officer/")}>{t("o.dossier.back")}</Link>
      </p>
      <Heading>{t("o.dossier.title", { code: d.code })}</Heading>
      {conflict && (
        <Notice kind="warning" role="alert">
          {t("o.conflict")}
        </Notice>
      )}
      {done && (
        <Notice kind="success" role="status">
          {done}
        </Notice>
      )}
      <h2>{t("o.dossier.summary")}</h2>
      <dl class="summary-list">
        <Row label={t("o.field.procedure")} value={`${d.procedureName} (${d.procedureCode})`} />
        <Row label={t("o.field.status")} value={statusLabel(d.status)} id="dossier-status" />
        <Row label={t("o.field.channel")} value={t(`o.channel.${d.channel}` as OfficerKey)} />
        <Row label={t("o.field.submitted")} value={dateTime(d.submittedAt)} />
        <Row label={t("o.field.received")} value={dateTime(d.receivedAt)} />
        <Row label={t("o.field.due")} value={d.dueAt ? `${dateTime(d.dueAt)} (${timeLeft(d.dueAt, (d as { workingMinutesLeft?: number | null }).workingMinutesLeft)})` : "—"} />
        {d.apology && <Row label={t("o.new_due")} value={dateTime(d.apology.newDueAt)} id="dossier-new-due" />}
        <Row label={t("o.field.assignee")} value={d.assignee?.name ?? "—"} />
        <Row label={t("o.field.version")} value={String(d.version)} />
      </dl>
      <h2>{t("o.dossier.applicant")}</h2>
      <dl class="summary-list">
        <Row label={t("o.field.name")} value={d.applicant.fullName} />
        <Row label={t("o.field.id")} value={d.applicant.idNumber} />
        <Row label={t("o.field.phone")} value={d.applicant.phone} />
        <Row label={t("o.field.email")} value={d.applicant.email ?? "—"} />
        <Row label={t("o.field.address")} value={d.applicant.address ?? "—"} />
      </dl>
      <FormAnswers formData={d.formData} sections={answers.data} />
      <h2>{t("o.dossier.attachments")}</h2>
      <Files files={d.attachments} procedure={procedure.data} />
      <h2>{t("o.dossier.results")}</h2>
      <Files files={d.results} />
      <h2>{t("o.dossier.payment")}</h2>
      {d.payment ? <p>{t("o.payment.line", { amount: money(d.payment.amount), status: d.payment.status })}</p> : <p>{t("o.dossier.payment_none")}</p>}
      <h2>{t("o.dossier.timeline")}</h2>
      <ol class="timeline">
        {d.timeline.map((e, i) => (
          <li key={i}>
            <span class="timeline-time">{dateTime(e.at)}</span> — {(lang() === "en" ? ACTION_LABELS_EN : ACTION_LABELS_VI)[e.action] ?? e.action} — <strong>{statusLabel(e.status)}</strong> —{" "}
            {byName(e.by)}
            {e.action === "attach_document" && e.note ? (
              <p>{t("o.timeline.paper", { name: procedure.data?.documents.find((doc) => doc.key === e.note)?.name ?? e.note })}</p>
            ) : (
              e.note && <p class="pre-line">{e.note}</p>
            )}
          </li>
        ))}
      </ol>
      <h2>{t("o.dossier.slips")}</h2>
      <ul>
        {SLIPS.map((s) => (
          <li key={s}>
            <Link href={ohref(`/officer/dossiers/${encodeURIComponent(d.code)}/slips/${s}`)}>{t(`o.slip.${s}` as OfficerKey)}</Link>
          </li>
        ))}
      </ul>
      <h2>{t("o.dossier.actions")}</h2>
      {actions.length === 0 && <p>{t("o.dossier.no_actions")}</p>}
      {actions.map((a) => (
        // A fresh form for each version, but the desk supplement's: each paper it records is a version of the dossier.
        <ActionForm
          key={a === "receive_supplement" ? a : `${a}-${d.version}`}
          action={a}
          dossier={d}
          procedure={procedure.data}
          onDone={onDone}
          onConflict={onConflict}
          onChanged={(next) => dossier.set(next)}
        />
      ))}
    </>
  );
}

function byName(by: { type: string; name?: string; officerId?: string }): string {
  if (by.type === "officer") return by.name ?? by.officerId ?? "—";
  if (by.type === "citizen") return t("o.by.citizen");
  if (by.type === "agency") return t("o.by.agency");
  return t("o.by.system");
}

function Row(props: { label: string; value: string; id?: string }) {
  return (
    <div class="summary-row">
      <dt>{props.label}</dt>
      <dd id={props.id}>{props.value}</dd>
    </div>
  );
}

/**
 * The declaration's answers by section, labelled as the dossier's own form version labels them (the one it was
 * created under, fetched by version): the same lines as the citizen's review page and the printed PDF
 * (functions/core/forms/lines.ts). Answers of a procedure without a form are listed as they are.
 */
function FormAnswers(props: { formData: Record<string, unknown>; sections?: AnswerSection[] }) {
  const entries = Object.entries(props.formData ?? {});
  const show = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : typeof v === "boolean" ? (v ? "✓" : "✗") : typeof v === "object" ? JSON.stringify(v) : String(v));
  const sections = props.sections ?? [];
  return (
    <>
      <h2>{t("o.dossier.form")}</h2>
      {entries.length === 0 && <p>{t("o.dossier.form_empty")}</p>}
      {sections.map((s, i) => (
        <section key={i} aria-labelledby={`form-section-${i}`} data-testid="form-section">
          <h3 id={`form-section-${i}`}>{s.title}</h3>
          <dl class="summary-list">
            {s.lines.map((line) => (
              <div class="summary-row" key={line.path} style={line.depth ? { paddingInlineStart: `${line.depth}rem` } : undefined}>
                <dt>{line.label}</dt>
                <dd>{line.value || "—"}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {!props.sections && entries.length > 0 && (
        <dl class="summary-list">
          {entries.map(([k, v]) => (
            <Row key={k} label={k} value={show(v)} />
          ))}
        </dl>
      )}
    </>
  );
}

function Files(props: { files: FileView[]; procedure?: Procedure }) {
  if (!props.files.length) return <p>—</p>;
  const docName = (key: string) => props.procedure?.documents.find((x) => x.key === key)?.name ?? key;
  return (
    <ul class="files">
      {props.files.map((f) => (
        <li key={f.id} data-file={f.id}>
          <p>
            <strong>{docName(f.documentKey)}</strong>: {f.fileName} {f.round ? `(${f.round})` : ""}
          </p>
          <Preview file={f} />
        </li>
      ))}
    </ul>
  );
}

/** Fetches the file from storage, checks its SHA-256 against the declared one and shows it inline. */
function Preview(props: { file: FileView }) {
  const f = props.file;
  const [state, setState] = useState<{ url?: string; ok?: boolean; error?: boolean }>({});
  useEffect(() => {
    if (!f.download) return;
    let url: string | undefined;
    let live = true;
    fetch(f.download.url, { credentials: "omit" })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then(async (blob) => {
        const ok = (await sha256Hex(blob)) === f.sha256.toLowerCase();
        url = URL.createObjectURL(new Blob([blob], { type: f.mediaType }));
        if (live) setState({ url, ok });
      })
      .catch(() => live && setState({ error: true }));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [f.id, f.download?.url]);
  if (f.state !== "verified") return <p>{t("o.file.declared")}</p>;
  if (!f.download || state.error) return <p>{t("o.file.no_link")}</p>;
  if (!state.url) return <p class="loading">{t("o.loading")}</p>;
  const label = t("o.file.preview", { name: f.fileName });
  return (
    <>
      <p class={state.ok ? "officer-verified" : "officer-mismatch"}>
        {state.ok ? "✔ " : "✘ "}
        {state.ok ? t("o.file.verified") : t("o.file.mismatch")}
      </p>
      {f.mediaType.startsWith("image/") ? (
        <img class="officer-preview" src={state.url} alt={label} />
      ) : f.mediaType === "application/pdf" ? (
        <iframe class="officer-preview" src={state.url} title={label} />
      ) : null}
      <p>
        <a href={state.url} download={f.fileName}>
          {t("o.file.open", { name: f.fileName })}
        </a>
      </p>
    </>
  );
}

interface ActionProps {
  action: Action;
  dossier: OfficerDossier;
  procedure?: Procedure;
  onDone: (next: OfficerDossier | undefined, action: Action) => void;
  onConflict: () => void;
  /** The dossier changed without the action being done (a paper of the desk supplement recorded). */
  onChanged: (next: OfficerDossier) => void;
}

/** One action's form. Its fields are drafts in sessionStorage (kept through a conflict or an expired session). */
function ActionForm(props: ActionProps) {
  if (props.action === "upload") return <UploadForm {...props} />;
  if (props.action === "receive_supplement") return <DeskSupplementForm {...props} />;
  const { action, dossier: d } = props;
  const key = `${d.code}.${action}`;
  const [note, setNote, clearNote] = useDraft(`${key}.note`, "");
  const [extra, setExtra, clearExtra] = useDraft<Record<string, string>>(`${key}.extra`, {});
  const [items, setItems, clearItems] = useDraft<Array<{ documentKey: string; reason: string }>>(`${key}.items`, [{ documentKey: "", reason: "" }]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = (name: string) => `${action}-${name}`;
  const docs = props.procedure?.documents ?? [];

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const body: Record<string, unknown> = { action, expectedVersion: d.version };
    if (note.trim()) body.note = note.trim();
    if (action === "request_supplement") body.items = items.filter((i) => i.documentKey && i.reason.trim());
    if (action === "transfer") body.toAgencyCode = extra.toAgencyCode ?? "";
    if (action === "assign") body.officerId = extra.officerId ?? "";
    // The new promised date: the end of that working day, Vietnam time.
    if (action === "apologize" && extra.newDueAt) body.newDueAt = new Date(`${extra.newDueAt}T17:00:00+07:00`).toISOString();
    if (action === "return_result" && d.results.length) body.resultAttachmentIds = d.results.map((r) => r.id);
    setBusy(true);
    try {
      const next = await act(d.code, body);
      clearNote();
      clearExtra();
      clearItems();
      props.onDone(next, action);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) props.onConflict();
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const title = t(`o.act.${action}` as OfficerKey);
  return (
    <form class="officer-action" onSubmit={submit} aria-labelledby={id("title")} data-action={action}>
      <h3 id={id("title")}>{title}</h3>
      {error && (
        <Notice kind="error" role="alert">
          {error}
        </Notice>
      )}
      {action === "request_supplement" &&
        items.map((item, i) => (
          <fieldset key={i} class="officer-row">
            <legend>{t("o.supp.row", { n: i + 1 })}</legend>
            <div class="field">
              <label for={id(`doc-${i}`)}>{t("o.supp.doc")}</label>
              <select
                id={id(`doc-${i}`)}
                class="input"
                value={item.documentKey}
                onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, documentKey: e.currentTarget.value } : x)))}
              >
                <option value="">—</option>
                {docs.map((doc) => (
                  <option key={doc.key} value={doc.key}>
                    {doc.name}
                  </option>
                ))}
                {!docs.length && d.attachments.map((a) => <option value={a.documentKey}>{a.documentKey}</option>)}
              </select>
            </div>
            <div class="field">
              <label for={id(`reason-${i}`)}>{t("o.supp.reason")}</label>
              <input
                id={id(`reason-${i}`)}
                class="input"
                value={item.reason}
                onInput={(e) => setItems(items.map((x, j) => (j === i ? { ...x, reason: e.currentTarget.value } : x)))}
              />
            </div>
            {items.length > 1 && (
              <button type="button" class="button button-secondary" onClick={() => setItems(items.filter((_, j) => j !== i))}>
                {t("o.supp.remove", { n: i + 1 })}
              </button>
            )}
          </fieldset>
        ))}
      {action === "request_supplement" && (
        <button type="button" class="button button-secondary" onClick={() => setItems([...items, { documentKey: "", reason: "" }])}>
          {t("o.supp.add")}
        </button>
      )}
      {action === "transfer" && <AgencyPicker id={id("to")} own={d.agencyCode} value={extra.toAgencyCode ?? ""} onValue={(v) => setExtra({ ...extra, toAgencyCode: v })} />}
      {action === "assign" && <OfficerPicker id={id("officer")} value={extra.officerId ?? ""} onValue={(v) => setExtra({ ...extra, officerId: v })} />}
      {action === "apologize" && (
        <Text id={id("due")} type="date" label={t("o.new_due")} value={extra.newDueAt ?? ""} onValue={(v) => setExtra({ ...extra, newDueAt: v })} min={tomorrow()} required />
      )}
      {action === "return_result" && <p>{t("o.results_to_return", { names: d.results.map((r) => r.fileName).join(", ") || "—" })}</p>}
      <div class="field">
        <label for={id("note")}>{noteLabel(action)}</label>
        {/* The API refuses these without their text (dossier.reason_required, dossier.apology_text_required). */}
        <textarea id={id("note")} class="input" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} required={NOTE_REQUIRED.includes(action)} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        {title}
      </button>
    </form>
  );
}

const NOTE_REQUIRED: readonly Action[] = ["reject_intake", "request_supplement", "stop", "apologize"];

function noteLabel(action: Action): string {
  if (action === "reject_intake" || action === "stop" || action === "deny") return t("o.reasons");
  if (action === "apologize") return t("o.apology_text");
  return t("o.note");
}

/** Tomorrow's date in Vietnam (`YYYY-MM-DD`): the earliest new date an apology may promise. */
function tomorrow(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date(Date.now() + 86_400_000));
}

/** The agency a dossier is transferred to: every agency of the catalogue but the dossier's own. */
function AgencyPicker(props: { id: string; own: string; value: string; onValue: (v: string) => void }) {
  const agencies = useLoad(() => api<{ items: Agency[] }>("/v1/agencies").then((r) => r.items.filter((a) => a.code !== props.own)), [props.own]);
  const name = (a: Agency) => (lang() === "en" && a.nameEn ? a.nameEn : a.name);
  return (
    <div class="field">
      <label for={props.id}>{t("o.to_agency")}</label>
      <select id={props.id} class="input" value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)} required>
        <option value="">—</option>
        {(agencies.data ?? []).map((a) => (
          <option key={a.code} value={a.code}>
            {name(a)} ({a.code})
          </option>
        ))}
      </select>
    </div>
  );
}

function OfficerPicker(props: { id: string; value: string; onValue: (v: string) => void }) {
  const officers = useLoad(() => getOfficers().then((r) => r.items.filter((o) => !o.disabled && o.roles.includes("specialist"))), []);
  return (
    <div class="field">
      <label for={props.id}>{t("o.officer_id")}</label>
      <select id={props.id} class="input" value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)}>
        <option value="">—</option>
        {(officers.data ?? []).map((o) => (
          <option key={o.officerId} value={o.officerId}>
            {o.name} ({o.username})
          </option>
        ))}
      </select>
    </div>
  );
}

function Text(props: { id: string; label: string; value: string; onValue: (v: string) => void; type?: "text" | "date"; min?: string; required?: boolean }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        {...({ type: props.type ?? "text" } as { type: "text" })}
        id={props.id}
        class="input input-medium"
        value={props.value}
        min={props.min}
        required={props.required}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </div>
  );
}

function UploadForm(props: ActionProps) {
  const d = props.dossier;
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const files = Array.from(input.current?.files ?? []);
    try {
      for (const file of files) {
        await uploadResult(d.code, file, (ratio) => setProgress((p) => ({ ...p, [file.name]: Math.round(ratio * 100) })));
      }
      props.onDone(undefined, "upload");
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form class="officer-action" onSubmit={submit} aria-labelledby="upload-title" data-action="upload">
      <h3 id="upload-title">{t("o.act.upload")}</h3>
      {error && (
        <Notice kind="error" role="alert">
          {error}
        </Notice>
      )}
      <div class="field">
        <label for="upload-files">{t("o.result_choose")}</label>
        <input id="upload-files" ref={input} type="file" multiple accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg" />
      </div>
      <ul aria-live="polite">
        {Object.entries(progress).map(([name, pct]) => (
          <li key={name}>
            {pct >= 100 ? t("o.uploaded", { name }) : t("o.progress", { name, pct })}
            <progress max={100} value={pct} aria-label={name} />
          </li>
        ))}
      </ul>
      <button type="submit" class="button">
        {t("o.act.upload")}
      </button>
    </form>
  );
}

/**
 * The supplement of a counter (or post) dossier, brought back to the desk: each paper asked for is chosen (scanned or
 * photographed), goes up at once with its progress and is recorded with its verified mark; then the dossier goes
 * back to the agency, its clock running again. A paper that failed is sent again on its own.
 */
function DeskSupplementForm(props: ActionProps) {
  const d = props.dossier;
  const code = useRef<string | undefined>(d.code);
  const { papers, current, choose, send } = usePaperUploads(code, props.onChanged);
  const [note, setNote, clearNote] = useDraft(`${d.code}.receive_supplement.note`, "");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const wanted = new Set((d.supplementItems ?? []).map((i) => i.documentKey));
  // The documents asked for first, with their reasons; the others too (the applicant may bring more than was asked).
  // None is required here: what is missing was said in the request.
  const all = (props.procedure?.documents ?? []).map((doc) => ({ ...doc, required: false }));
  const docs = [...all.filter((doc) => wanted.has(doc.key)), ...all.filter((doc) => !wanted.has(doc.key))];
  const reason = (key: string) => d.supplementItems?.find((i) => i.documentKey === key)?.reason;
  const title = t("o.act.receive_supplement");

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const unready = docs.find((doc) => current.current[doc.key] && current.current[doc.key]!.status !== "verified");
    // What the server asks (a paper since the request), before the papers this form recorded have reached the page.
    const none = !paperSinceRequest(d.timeline) && !docs.some((doc) => current.current[doc.key]?.status === "verified");
    if (unready || none) {
      const first = unready ?? docs[0];
      setError(
        unready
          ? t(current.current[unready.key]!.status === "failed" ? "o.paper.fix" : "o.desk_supplement.wait", { name: unready.name })
          : t("o.desk_supplement.none"),
      );
      if (first) document.getElementById(`supplement-file-${first.key}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const next = await act(d.code, { action: "receive_supplement", expectedVersion: d.version, ...(note.trim() ? { note: note.trim() } : {}) });
      clearNote();
      props.onDone(next, "receive_supplement");
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) props.onConflict();
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="officer-action" onSubmit={submit} aria-labelledby="receive_supplement-title" data-action="receive_supplement">
      <h3 id="receive_supplement-title">{title}</h3>
      <p class="hint">{t("o.desk_supplement.lead")}</p>
      {error && (
        <Notice kind="error" role="alert">
          {error}
        </Notice>
      )}
      {docs.map((doc) => (
        <div key={doc.key}>
          {reason(doc.key) && <p class="hint">{t("o.desk_supplement.asked", { name: doc.name, reason: reason(doc.key)! })}</p>}
          <PaperField
            doc={doc}
            paper={papers[doc.key]}
            created
            idPrefix="supplement-file-"
            onChoose={(file) => {
              setError(undefined);
              void choose(doc, file);
            }}
            onRetry={() => void send(d.code, doc.key)}
          />
        </div>
      ))}
      <div class="field">
        <label for="receive_supplement-note">{t("o.note")}</label>
        <textarea id="receive_supplement-note" class="input" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        {title}
      </button>
    </form>
  );
}

/**
 * Splits the server's slip into its markup and its stylesheet. The page's CSP allows no inline style or script (the
 * frame inherits it), so the markup goes in without them and the stylesheet is adopted through the CSSOM instead;
 * the slip's own print button is dropped for the page's.
 */
function splitSlip(html: string): { markup: string; css: string } {
  // Text, not a DOMParser: Chromium checks a parsed document's inline style against the page's CSP too.
  const styles = /<style[^>]*>([\s\S]*?)<\/style>/gi;
  const css = Array.from(html.matchAll(styles), (m) => m[1]).join("\n");
  const markup = html
    .replace(styles, "")
    .replace(/<script[\s\S]*?<\/script>/gi, "")
    .replace(/<button class="noprint"[\s\S]*?<\/button>/gi, "")
    .replace(/\son[a-z]+="[^"]*"/gi, "");
  return { markup, css };
}

/** A Circular 01/2018 slip, as the server renders it, in a frame with a print button. */
export function SlipPage(props: { code: string; slip: string }) {
  const slip = useLoad(() => getSlip(props.code, props.slip).then(splitSlip), [props.code, props.slip]);
  const frame = useRef<HTMLIFrameElement>(null);
  const name = t(`o.slip.${props.slip}` as OfficerKey);
  const adoptStyle = () => {
    const win = frame.current?.contentWindow as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null | undefined;
    if (!win || !slip.data) return;
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(slip.data.css);
    win.document.adoptedStyleSheets = [sheet];
  };
  return (
    <>
      <p>
        <Link href={ohref(`/officer/dossiers/${encodeURIComponent(props.code)}`)}>{t("o.dossier.title", { code: props.code })}</Link>
      </p>
      <Heading>{name}</Heading>
      {slip.error !== undefined && (
        <Notice kind="error" role="alert">
          {errorMessage(slip.error)}
        </Notice>
      )}
      {slip.loading && <p class="loading">{t("o.loading")}</p>}
      {slip.data && (
        <>
          <button type="button" class="button" onClick={() => frame.current?.contentWindow?.print()}>
            {t("o.print")}
          </button>
          <iframe ref={frame} class="officer-slip" title={name} srcDoc={slip.data.markup} sandbox="allow-same-origin allow-modals" onLoad={adoptStyle} />
        </>
      )}
    </>
  );
}
