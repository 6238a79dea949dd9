import { fileTypeFromBuffer } from "file-type";
import type { MediaType } from "./catalogue/model";
import type { FileStore, MalwareScanner, ScanVerdict } from "./ports";

/**
 * Is a file what it says it is? The first bytes of a stored file (its "magic number") against the media type its
 * uploader declared (issue #18 item 2: `hoa-don.pdf.exe` or `report.html` declared as a PDF). Detection is
 * `file-type`'s, which reads signatures and, for Office files, the ZIP container's first entries.
 */

/**
 * How many leading bytes to read for a verdict: enough for file-type to see a .docx's `[Content_Types].xml` and
 * `word/` entries, which Word writes first; a ranged read of this size is one small request.
 */
export const SNIFF_BYTES = 64 * 1024;

/** What the bytes may be detected as, per declared type (an animated PNG is a PNG). */
const ACCEPTED: Record<MediaType, readonly string[]> = {
  "application/pdf": ["application/pdf"],
  "image/jpeg": ["image/jpeg"],
  "image/png": ["image/png", "image/apng"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ],
};

export type ContentCheck =
  | { ok: true; detected: string }
  /** `detected`: the media type the bytes are, or undefined when they match no known signature (text, HTML, junk). */
  | { ok: false; detected: string | undefined };

/**
 * Checks the leading bytes of a file (`head`, ideally SNIFF_BYTES of them) against its declared media type.
 * Throws nothing: bytes that cannot be read as any known type are a mismatch with `detected` undefined.
 */
export async function checkContent(head: Uint8Array, declared: MediaType): Promise<ContentCheck> {
  let detected: string | undefined;
  try {
    detected = (await fileTypeFromBuffer(head))?.mime;
  } catch {
    detected = undefined; // a truncated or malformed container: not the declared type either
  }
  // A type the catalogue does not accept (`ACCEPTED` has no entry) matches nothing.
  if (detected && (ACCEPTED[declared] ?? []).includes(detected)) return { ok: true, detected };
  return { ok: false, detected };
}

/** What screening one stored file found (see `screenFile`). */
export type Screening =
  | { ok: true; detected: string; scan?: ScanVerdict }
  | { ok: false; message: "attachment.infected"; signature: string }
  | { ok: false; message: "attachment.content_mismatch"; detected: string | undefined }
  | { ok: false; message: "attachment.missing_upload" }
  /** The content is right, but the scanner gave no verdict (`pending`, `error`): the caller's policy decides. */
  | { ok: "undecided"; detected: string; scan: ScanVerdict };

/**
 * Screens one stored file before anyone may open it: its first bytes against its declared type, and the malware
 * scanner's verdict when there is a scanner. Malware wins over a type mismatch (an EICAR file "declared as PDF"
 * is malware first). `message` is the code of the field problem to report (core/messages). A scanner's `pending` or
 * `error` comes back as `undecided`, for the caller's policy: a synchronous scanner (ClamAV) that cannot decide
 * should refuse; an asynchronous one (GuardDuty) is pending at first, and its verdict gates every download anyway.
 * Throws what `files.head` and `scanner.scan` throw (a store that does not answer).
 */
export async function screenFile(
  deps: { files: Pick<FileStore, "head">; scanner?: MalwareScanner },
  file: { objectKey: string; mediaType: MediaType },
): Promise<Screening> {
  const head = await deps.files.head(file.objectKey, SNIFF_BYTES);
  if (!head) return { ok: false, message: "attachment.missing_upload" };
  const [content, scan] = await Promise.all([checkContent(head, file.mediaType), deps.scanner?.scan(file.objectKey)]);
  if (scan?.status === "infected") return { ok: false, message: "attachment.infected", signature: scan.signature };
  if (!content.ok) return { ok: false, message: "attachment.content_mismatch", detected: content.detected };
  if (scan && scan.status !== "clean") return { ok: "undecided", detected: content.detected, scan };
  return { ok: true, detected: content.detected, ...(scan ? { scan } : {}) };
}
