import { useRef, useState } from "preact/hooks";
import { api, path } from "../api";
import { acceptOf, checkFile, mediaTypeOf, typeNames, UploadError } from "../files";
import type { Procedure, ProcedureDocument } from "../types";
import { ApiError, officerApi, putFile, randomKey, sha256Hex, type Me, type PaperTicket } from "./api";
import { ohref } from "./app";
import { t, type OfficerKey } from "./i18n";
import { errorMessage, Heading, Link, Notice, useDraft } from "./ui";

interface CounterCreated {
  dossier: { code: string; status: string };
  accessToken: string;
}

const FIELDS = ["fullName", "idNumber", "phone", "email", "address"] as const;
const LABELS: Record<(typeof FIELDS)[number], OfficerKey> = {
  fullName: "o.field.name",
  idNumber: "o.field.id",
  phone: "o.field.phone",
  email: "o.field.email",
  address: "o.field.address",
};
const REQUIRED = new Set(["fullName", "idNumber", "phone"]);

/**
 * One paper of the applicant, chosen for one document of the procedure: hashed when chosen, then (once the dossier
 * exists) declared, uploaded with progress and verified by the server (docs/api.md "Officers"). `key` is the
 * declaration's Idempotency-Key: every retry of this file lands on the same paper.
 */
interface Paper {
  file: File;
  mediaType: string;
  sha256?: string;
  key: string;
  status: "hashing" | "chosen" | "uploading" | "verifying" | "verified" | "failed";
  progress: number;
  error?: string;
}

/** The papers by document key, with a ref that async steps read (state updates land after a render). */
function usePapers() {
  const [papers, setPapers] = useState<Record<string, Paper>>({});
  const current = useRef(papers);
  const update = (key: string, change: Partial<Paper> | undefined) => {
    const next = { ...current.current };
    if (change === undefined) delete next[key];
    else next[key] = { ...(next[key] as Paper), ...change };
    current.current = next;
    setPapers(next);
  };
  const reset = () => {
    current.current = {};
    setPapers({});
  };
  return { papers, current, update, reset };
}

function paperError(err: unknown): string {
  if (err instanceof UploadError) return err.status === 0 ? t("o.paper.connection") : t("o.paper.refused", { status: err.status });
  if (err instanceof ApiError && err.problem?.errors?.length) return err.problem.errors.map((e) => e.message).join("; ");
  return errorMessage(err);
}

/**
 * A walk-in applicant's dossier, entered by an intake officer: channel `counter`, received at once; then each paper
 * chosen (a scanner's PDF, a photo) is uploaded to it and verified one by one. A failed paper is retried on its own:
 * the dossier and what was typed stay as they are.
 */
export function CounterPage(_props: { me: Me }) {
  const [procedureCode, setProcedureCode] = useDraft("counter.procedure", "");
  const [applicant, setApplicant, clearApplicant] = useDraft<Record<string, string>>("counter.applicant", {});
  const [delivery, setDelivery, clearDelivery] = useDraft("counter.delivery", "in_person");
  // Kept through a reload or an expired session: the dossier exists, its papers can still be attached.
  const [created, setCreated, clearCreated] = useDraft<{ code: string } | null>("counter.created", null);
  // The same, for the async steps (a paper whose hash is ready only after the dossier was made goes up then).
  const createdCode = useRef(created?.code);
  const [procedure, setProcedure] = useState<Procedure>();
  const { papers, current, update, reset } = usePapers();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The Idempotency-Key of taking this applicant in: the same while the body is the same, so a retry after a lost
  // answer finds the dossier made instead of making another.
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);

  const load = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      setProcedure(await api<Procedure>(path`/v1/procedures/${procedureCode.trim()}`));
    } catch {
      setProcedure(undefined);
      setError(t("o.counter.unknown"));
    }
  };

  const choose = async (doc: ProcedureDocument, file: File | undefined) => {
    if (!file) return update(doc.key, undefined);
    const problem = checkFile(file, doc);
    if (problem) {
      update(doc.key, undefined); // nothing of an earlier choice stays
      update(doc.key, {
        file,
        mediaType: "",
        key: "",
        status: "failed",
        progress: 0,
        error:
          problem.kind === "type"
            ? t("o.paper.type", { types: typeNames(doc.mediaTypes) })
            : problem.kind === "size"
              ? t("o.paper.size", { max: problem.maxMB })
              : t("o.paper.empty"),
      });
      return;
    }
    update(doc.key, { file, mediaType: mediaTypeOf(file), sha256: undefined, key: randomKey(), status: "hashing", progress: 0, error: undefined });
    try {
      const sha256 = await sha256Hex(file);
      if (current.current[doc.key]?.file !== file) return; // another file was chosen meanwhile
      update(doc.key, { sha256, status: "chosen" });
      if (createdCode.current) await send(createdCode.current, doc.key);
    } catch {
      update(doc.key, { status: "failed", error: t("o.paper.unreadable") });
    }
  };

  /** Declares, uploads and verifies one paper; a failure stays on that paper, with its retry. */
  const send = async (code: string, documentKey: string) => {
    const paper = current.current[documentKey];
    if (!paper?.sha256 || !paper.key || paper.status === "verified" || paper.status === "uploading" || paper.status === "verifying") return;
    update(documentKey, { status: "uploading", progress: 0, error: undefined });
    try {
      const ticket = await officerApi<PaperTicket>(path`/v1/officer/dossiers/${code}/documents`, {
        method: "POST",
        idempotencyKey: paper.key,
        body: { documentKey, fileName: paper.file.name, mediaType: paper.mediaType, size: paper.file.size, sha256: paper.sha256 },
      });
      if (ticket.upload) await putFile(ticket.upload, paper.file, (ratio) => update(documentKey, { progress: ratio }));
      update(documentKey, { status: "verifying", progress: 1 });
      if (ticket.state !== "verified") {
        await officerApi(path`/v1/officer/dossiers/${code}/documents/${ticket.attachmentId}/verify`, { method: "POST" });
      }
      update(documentKey, { status: "verified" });
    } catch (err) {
      update(documentKey, { status: "failed", error: paperError(err) });
    }
  };

  const sendAll = async (code: string) => {
    for (const doc of procedure?.documents ?? []) await send(code, doc.key);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!procedure || busy) return;
    setError(undefined);
    setBusy(true);
    try {
      if (created) return await sendAll(created.code);
      const missing = FIELDS.find((f) => REQUIRED.has(f) && !applicant[f]?.trim());
      if (missing) {
        setError(t("o.missing", { field: t(LABELS[missing]) }));
        document.getElementById(`counter-${missing}`)?.focus();
        return;
      }
      const unready = procedure.documents.find((doc) => (doc.required && !current.current[doc.key]) || current.current[doc.key]?.status === "failed");
      if (unready) {
        setError(current.current[unready.key] ? t("o.paper.fix", { name: unready.name }) : t("o.paper.required", { name: unready.name }));
        document.getElementById(`counter-file-${unready.key}`)?.focus();
        return;
      }
      const person = Object.fromEntries(Object.entries(applicant).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
      const body = { procedureCode: procedure.code, applicant: person, delivery };
      const json = JSON.stringify(body);
      if (attempt.current?.body !== json) attempt.current = { body: json, key: randomKey() };
      const made = await officerApi<CounterCreated>("/v1/officer/counter-dossiers", { method: "POST", idempotencyKey: attempt.current.key, body });
      createdCode.current = made.dossier.code;
      setCreated({ code: made.dossier.code });
      // The papers go on the dossier one by one (still hashing ones follow when ready, from `choose`).
      await sendAll(made.dossier.code);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  /** The next applicant: everything cleared, nothing of the dossier just taken in is lost (it is on the server). */
  const next = () => {
    clearApplicant();
    clearDelivery();
    clearCreated();
    createdCode.current = undefined;
    reset();
    attempt.current = undefined;
    setError(undefined);
    document.getElementById("counter-fullName")?.focus();
  };

  const docs = procedure?.documents ?? [];
  const pending = docs.some((doc) => papers[doc.key] && papers[doc.key]!.status !== "verified");
  return (
    <>
      <Heading>{t("o.counter.title")}</Heading>
      <p>{t("o.counter.lead")}</p>
      {created && (
        <Notice kind="success" role="status">
          {t("o.counter.done", { code: created.code })}{" "}
          <Link href={ohref(`/officer/dossiers/${encodeURIComponent(created.code)}`)}>{t("o.counter.open", { code: created.code })}</Link>
        </Notice>
      )}
      {error && (
        <Notice kind="error" role="alert">
          {error}
        </Notice>
      )}
      <form onSubmit={load} class="officer-row">
        <div class="field">
          <label for="counter-procedure">{t("o.counter.procedure")}</label>
          <input id="counter-procedure" class="input" value={procedureCode} readOnly={Boolean(created)} onInput={(e) => setProcedureCode(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button button-secondary">
          {t("o.counter.find")}
        </button>
      </form>
      {procedure && (
        <form onSubmit={submit} aria-labelledby="counter-form-title">
          <h2 id="counter-form-title">{procedure.name}</h2>
          {FIELDS.map((f) => (
            <div class="field" key={f}>
              <label for={`counter-${f}`}>
                {t(LABELS[f])} {REQUIRED.has(f) && <span class="optional">{t("o.required")}</span>}
              </label>
              <input
                id={`counter-${f}`}
                class="input"
                required={REQUIRED.has(f)}
                readOnly={Boolean(created)}
                value={applicant[f] ?? ""}
                onInput={(e) => setApplicant({ ...applicant, [f]: e.currentTarget.value })}
              />
            </div>
          ))}
          <fieldset class="field">
            <legend>{t("o.counter.delivery")}</legend>
            {(["in_person", "post", "online"] as const)
              .filter((x) => procedure.resultDelivery.includes(x))
              .map((x) => (
                <div class="radio" key={x}>
                  <input
                    type="radio"
                    id={`counter-delivery-${x}`}
                    name="delivery"
                    checked={delivery === x}
                    disabled={Boolean(created) && delivery !== x}
                    onChange={() => setDelivery(x)}
                  />
                  <label for={`counter-delivery-${x}`}>{t(`o.counter.delivery.${x}` as OfficerKey)}</label>
                </div>
              ))}
          </fieldset>
          <h3>{t("o.counter.papers")}</h3>
          <p class="hint">{t("o.counter.papers_lead")}</p>
          {docs.map((doc) => (
            <PaperField
              key={doc.key}
              doc={doc}
              paper={papers[doc.key]}
              created={Boolean(created)}
              onChoose={(file) => void choose(doc, file)}
              onRetry={() => created && void send(created.code, doc.key)}
            />
          ))}
          {!created && (
            <button type="submit" class="button" disabled={busy}>
              {t("o.counter.submit")}
            </button>
          )}
          {created && pending && (
            <button type="submit" class="button" disabled={busy}>
              {t("o.counter.send_papers")}
            </button>
          )}
          {created && (
            <button type="button" class="button button-secondary" onClick={next}>
              {t("o.counter.next")}
            </button>
          )}
        </form>
      )}
    </>
  );
}

function PaperField(props: { doc: ProcedureDocument; paper?: Paper; created: boolean; onChoose: (file: File | undefined) => void; onRetry: () => void }) {
  const { doc, paper } = props;
  const id = `counter-file-${doc.key}`;
  const described = [`${id}-hint`, paper ? `${id}-status` : ""].filter(Boolean).join(" ");
  const pct = Math.round((paper?.progress ?? 0) * 100);
  const status = !paper
    ? ""
    : paper.status === "hashing"
      ? t("o.paper.hashing")
      : paper.status === "chosen"
        ? t("o.paper.chosen", { name: paper.file.name })
        : paper.status === "uploading"
          ? t("o.paper.uploading", { name: paper.file.name, pct })
          : paper.status === "verifying"
            ? t("o.paper.verifying", { name: paper.file.name })
            : paper.status === "verified"
              ? t("o.paper.verified", { name: paper.file.name })
              : t("o.paper.failed", { name: paper.file.name, error: paper.error ?? "" });
  return (
    <div class={`field upload upload-${paper?.status === "verified" ? "done" : paper?.status ?? "none"}`} data-paper={doc.key}>
      <label for={id}>
        {doc.name} {doc.required && <span class="optional">{t("o.required")}</span>}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {t("o.paper.hint", { types: typeNames(doc.mediaTypes), max: doc.maxSizeMB })}
      </p>
      <input
        id={id}
        type="file"
        accept={acceptOf(doc.mediaTypes)}
        aria-describedby={described}
        aria-invalid={paper?.status === "failed" ? "true" : undefined}
        disabled={paper?.status === "uploading" || paper?.status === "verifying" || paper?.status === "verified"}
        onChange={(e) => props.onChoose(e.currentTarget.files?.[0])}
      />
      {paper && (paper.status === "uploading" || paper.status === "verifying" || paper.status === "verified") && (
        <progress id={`${id}-progress`} max={100} value={pct} aria-label={doc.name}>
          {pct}%
        </progress>
      )}
      {paper && (
        <p id={`${id}-status`} class={paper.status === "verified" ? "upload-status officer-verified" : paper.status === "failed" ? "upload-status error-message" : "upload-status"} aria-live="polite">
          {paper.status === "verified" ? "✔ " : paper.status === "failed" ? "✘ " : ""}
          {status}
        </p>
      )}
      {paper?.status === "failed" && props.created && paper.sha256 && (
        <button type="button" class="button button-secondary" onClick={props.onRetry}>
          {t("o.paper.retry")} <span class="visually-hidden">{doc.name}</span>
        </button>
      )}
    </div>
  );
}
