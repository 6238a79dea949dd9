import { useRef, useState } from "preact/hooks";
import { path } from "../api";
import { acceptOf, checkFile, mediaTypeOf, typeNames, UploadError } from "../files";
import type { ProcedureDocument } from "../types";
import { ApiError, officerApi, putFile, randomKey, sha256Hex, type OfficerDossier, type PaperTicket } from "./api";
import { t } from "./i18n";
import { errorMessage } from "./ui";

/**
 * The applicant's papers of a counter (or post) dossier, scanned or photographed at the desk: the counter page's
 * (taken in with the dossier) and the desk supplement's (brought back after a supplement request).
 *
 * One paper, chosen for one document of the procedure: hashed when chosen, then (once the dossier exists) declared,
 * uploaded with progress and verified by the server (docs/api.md "Officers"). `key` is the declaration's
 * Idempotency-Key: every retry of this file lands on the same paper.
 */
export interface Paper {
  file: File;
  mediaType: string;
  sha256?: string;
  key: string;
  status: "hashing" | "chosen" | "uploading" | "verifying" | "verified" | "failed";
  progress: number;
  error?: string;
}

function paperError(err: unknown): string {
  if (err instanceof UploadError) return err.status === 0 ? t("o.paper.connection") : t("o.paper.refused", { status: err.status });
  if (err instanceof ApiError && err.problem?.errors?.length) return err.problem.errors.map((e) => e.message).join("; ");
  return errorMessage(err);
}

/**
 * The papers by document key. A paper goes up as soon as its hash is ready if the dossier exists (`code.current`),
 * else when `send` is called for it. `onRecorded` gets the dossier each recorded paper answers with.
 */
export function usePaperUploads(code: { readonly current: string | undefined }, onRecorded?: (dossier: OfficerDossier) => void) {
  const [papers, setPapers] = useState<Record<string, Paper>>({});
  // What async steps read (state updates land after a render).
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

  /** Declares, uploads and verifies one paper; a failure stays on that paper, with its retry. */
  const send = async (dossierCode: string, documentKey: string) => {
    const paper = current.current[documentKey];
    if (!paper?.sha256 || !paper.key || paper.status === "verified" || paper.status === "uploading" || paper.status === "verifying") return;
    update(documentKey, { status: "uploading", progress: 0, error: undefined });
    try {
      const ticket = await officerApi<PaperTicket>(path`/v1/officer/dossiers/${dossierCode}/documents`, {
        method: "POST",
        idempotencyKey: paper.key,
        body: { documentKey, fileName: paper.file.name, mediaType: paper.mediaType, size: paper.file.size, sha256: paper.sha256 },
      });
      if (ticket.upload) await putFile(ticket.upload, paper.file, (ratio) => update(documentKey, { progress: ratio }));
      update(documentKey, { status: "verifying", progress: 1 });
      if (ticket.state !== "verified") {
        const recorded = await officerApi<OfficerDossier>(path`/v1/officer/dossiers/${dossierCode}/documents/${ticket.attachmentId}/verify`, { method: "POST" });
        onRecorded?.(recorded);
      }
      update(documentKey, { status: "verified" });
    } catch (err) {
      update(documentKey, { status: "failed", error: paperError(err) });
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
      if (code.current) await send(code.current, doc.key);
    } catch {
      update(doc.key, { status: "failed", error: t("o.paper.unreadable") });
    }
  };

  return { papers, current, choose, send, reset };
}

/** One document's file field, with its upload's progress, its verified mark or its error and retry. */
export function PaperField(props: {
  doc: ProcedureDocument;
  paper?: Paper;
  /** The dossier exists: a failed paper can be sent again. */
  created: boolean;
  /** The field's id: `<idPrefix><document key>`. */
  idPrefix: string;
  onChoose: (file: File | undefined) => void;
  onRetry: () => void;
}) {
  const { doc, paper } = props;
  const id = `${props.idPrefix}${doc.key}`;
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
