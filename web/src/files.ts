import { api, path } from "./api";
import type { ProcedureDocument, UploadTicket } from "./types";

export const MB = 1024 * 1024;
/** The API's cap on a whole dossier (functions/core/catalogue/model.ts MAX_DOSSIER_MB). */
export const MAX_DOSSIER_MB = 30;

const EXTENSIONS: Record<string, string[]> = {
  "application/pdf": [".pdf"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/png": [".png"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
};

/** Short names for media types, shown to citizens. */
export const TYPE_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
};

export const typeNames = (types: string[]) => types.map((type) => TYPE_NAMES[type] ?? type).join(", ");

/** The `accept` attribute of a file input for these media types. */
export const acceptOf = (types: string[]) => [...types, ...types.flatMap((type) => EXTENSIONS[type] ?? [])].join(",");

/** The file's media type: the browser's word, or its extension when the browser has none. */
export function mediaTypeOf(file: File): string {
  if (file.type) return file.type.toLowerCase();
  const name = file.name.toLowerCase();
  for (const [type, extensions] of Object.entries(EXTENSIONS)) if (extensions.some((ext) => name.endsWith(ext))) return type;
  return "";
}

export type FileProblem = { kind: "type"; type: string } | { kind: "size"; maxMB: number } | { kind: "empty" };

/** The checks the API makes at declaration, made before anything is sent. */
export function checkFile(file: File, document: ProcedureDocument): FileProblem | undefined {
  const type = mediaTypeOf(file);
  if (!(document.mediaTypes as readonly string[]).includes(type)) return { kind: "type", type: type || file.name };
  if (file.size === 0) return { kind: "empty" };
  if (file.size > document.maxSizeMB * MB) return { kind: "size", maxMB: document.maxSizeMB };
  return undefined;
}

/** SHA-256 of the file, hex, computed in the browser. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A failed PUT to storage: `status` 0 when the connection failed. */
export class UploadError extends Error {
  constructor(readonly status: number) {
    super(`upload failed (${status})`);
  }
}

/** Headers a page may not set itself (the browser does). */
const FORBIDDEN = new Set(["content-length", "host", "connection", "accept-encoding"]);

/** Uploads a file with the presigned PUT, reporting progress (0..1). XMLHttpRequest, because fetch reports none. */
export function putFile(ticket: UploadTicket["upload"], file: Blob, onProgress: (ratio: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method, ticket.url);
    for (const [name, value] of Object.entries(ticket.headers)) if (!FORBIDDEN.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new UploadError(xhr.status));
    };
    xhr.onerror = () => reject(new UploadError(0));
    xhr.ontimeout = () => reject(new UploadError(0));
    xhr.send(file);
  });
}

/** One file's upload as the citizen sees it: its progress (0..1) and, when it failed, why. */
export interface UploadState {
  status: "waiting" | "uploading" | "done" | "failed";
  progress: number;
  error?: string;
}

export interface ReadyFile {
  documentKey: string;
  file: File;
  mediaType: string;
  sha256: string;
  /** Idempotency-Key of the declaration: the same for every retry of this file, so it lands on one attachment. */
  key: string;
}

/** Declares a file on the dossier, then uploads it straight to storage. */
export async function uploadToDossier(code: string, token: string, ready: ReadyFile, onProgress: (ratio: number) => void) {
  const ticket = await api<UploadTicket>(path`/v1/dossiers/${code}/attachments`, {
    method: "POST",
    token,
    idempotencyKey: ready.key,
    body: {
      documentKey: ready.documentKey,
      fileName: ready.file.name,
      mediaType: ready.mediaType,
      size: ready.file.size,
      sha256: ready.sha256,
    },
  });
  onProgress(0);
  await putFile(ticket.upload, ready.file, onProgress);
  return ticket;
}
