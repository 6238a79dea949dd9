import { fileTypeFromBuffer } from "file-type";
import type { MediaType } from "./catalogue/model";

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
  if (detected && ACCEPTED[declared].includes(detected)) return { ok: true, detected };
  return { ok: false, detected };
}
