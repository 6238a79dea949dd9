import { useRef, useState } from "preact/hooks";
import { ApiError, randomKey } from "../api";
import { acceptOf, checkFile, MAX_DOSSIER_MB, MB, mediaTypeOf, sha256Hex, typeNames, UploadError, type ReadyFile, type UploadState } from "../files";
import { bytes, percent } from "../format";
import { t } from "../i18n";
import type { ProcedureDocument } from "../types";
import { describedBy, ErrorText, errorText } from "./ui";

/**
 * One upload slot per document of the procedure. A file is checked (type, size) and hashed (SHA-256, in the
 * browser) as soon as it is chosen; nothing is sent before the citizen confirms.
 */

export interface Slot {
  ready?: ReadyFile;
  hashing?: boolean;
  error?: string;
}

export function useSlots() {
  const [slots, setSlots] = useState<Record<string, Slot>>({});
  const current = useRef(slots);
  const update = (key: string, slot: Slot) => {
    current.current = { ...current.current, [key]: slot };
    setSlots(current.current);
  };

  const choose = async (doc: ProcedureDocument, file: File | undefined, otherBytes = 0): Promise<boolean> => {
    if (!file) {
      update(doc.key, {});
      return false;
    }
    const problem = checkFile(file, doc);
    if (problem) {
      const message =
        problem.kind === "type"
          ? t("file.type_not_allowed", { types: typeNames(doc.mediaTypes) })
          : problem.kind === "size"
            ? t("file.too_large", { size: bytes(file.size), max: t("unit.mb", { n: problem.maxMB }) })
            : t("file.empty");
      update(doc.key, { error: message });
      return false;
    }
    const others = Object.entries(current.current)
      .filter(([key]) => key !== doc.key)
      .reduce((sum, [, slot]) => sum + (slot.ready?.file.size ?? 0), otherBytes);
    if (others + file.size > MAX_DOSSIER_MB * MB) {
      update(doc.key, { error: t("file.dossier_too_large", { max: t("unit.mb", { n: MAX_DOSSIER_MB }) }) });
      return false;
    }
    update(doc.key, { hashing: true });
    try {
      const sha256 = await sha256Hex(file);
      const mediaType = mediaTypeOf(file);
      update(doc.key, { ready: { documentKey: doc.key, file, mediaType, sha256, key: randomKey() } });
      return true;
    } catch {
      update(doc.key, { error: t("file.unreadable") });
      return false;
    }
  };

  const setError = (key: string, error: string | undefined) => update(key, { ...current.current[key], error });
  const clear = (key: string) => update(key, {});
  return { slots, current, choose, setError, clear };
}

export const slotId = (key: string) => `doc-${key}`;

export function FileSlot(props: {
  doc: ProcedureDocument;
  slot: Slot;
  required: boolean;
  onChoose: (file: File | undefined) => void;
  onClear: () => void;
}) {
  const { doc, slot } = props;
  const id = slotId(doc.key);
  const input = useRef<HTMLInputElement>(null);
  const hint = t("file.hint", { types: typeNames(doc.mediaTypes), max: t("unit.mb", { n: doc.maxSizeMB }) });
  return (
    <div class={`field file-slot${slot.error ? " field-error" : ""}`}>
      <label for={id}>
        {doc.name}
        <span class="optional"> {props.required ? t("form.required_marker") : t("form.optional")}</span>
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <ErrorText id={`${id}-error`} message={slot.error} />
      <input
        ref={input}
        type="file"
        id={id}
        name={id}
        class="file-input"
        accept={acceptOf(doc.mediaTypes)}
        aria-required={props.required ? "true" : undefined}
        aria-invalid={slot.error ? "true" : undefined}
        aria-describedby={describedBy(`${id}-hint`, slot.error && `${id}-error`, slot.ready && `${id}-chosen`)}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          props.onChoose(file);
        }}
      />
      {slot.hashing ? (
        <p class="hint" role="status">
          {t("file.checking")}
        </p>
      ) : null}
      {slot.ready ? (
        <p class="file-chosen" id={`${id}-chosen`}>
          {t("file.chosen", { name: slot.ready.file.name, size: bytes(slot.ready.file.size) })}{" "}
          <button
            type="button"
            class="button-link"
            onClick={() => {
              if (input.current) input.current.value = "";
              props.onClear();
              input.current?.focus();
            }}
          >
            {t("file.remove")}
            <span class="visually-hidden"> {doc.name}</span>
          </button>
        </p>
      ) : null}
    </div>
  );
}

export function uploadErrorText(err: unknown): string {
  if (err instanceof ApiError) return errorText(err);
  if (err instanceof UploadError) return err.status === 0 ? t("upload.connection") : t("upload.refused", { status: err.status });
  return t("upload.failed");
}

/** One file's upload: a labelled progress bar, its state in words, and a retry button when it failed. */
export function UploadRow(props: { id: string; name: string; fileName: string; state: UploadState; onRetry: () => void }) {
  const { state } = props;
  const progressId = `${props.id}-progress`;
  return (
    <li class={`upload upload-${state.status}`}>
      <label for={progressId} class="upload-label">
        {props.name} <span class="hint">({props.fileName})</span>
      </label>
      <progress id={progressId} max={100} value={Math.round(state.progress * 100)}>
        {percent(state.progress)}
      </progress>
      <p class="upload-status" id={`${props.id}-status`}>
        {state.status === "waiting"
          ? t("upload.waiting")
          : state.status === "uploading"
            ? t("upload.uploading", { percent: percent(state.progress) })
            : state.status === "done"
              ? t("upload.done")
              : t("upload.failed_with", { reason: state.error ?? t("upload.failed") })}
      </p>
      {state.status === "failed" ? (
        <button type="button" class="button button-secondary" aria-describedby={`${props.id}-status`} onClick={props.onRetry}>
          {t("upload.retry")}
          <span class="visually-hidden"> {props.name}</span>
        </button>
      ) : null}
    </li>
  );
}
