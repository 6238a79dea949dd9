/** Storage of uploaded files (S3 deployed, s3rver locally); adapters/s3 implements it. */
export interface PresignedUpload {
  method: "PUT";
  url: string;
  /** Headers the client must send with the upload, exactly. */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface StoredObject {
  size: number;
  mediaType: string;
  /** SHA-256 (hex) when the store itself verified the body against a checksum on upload. */
  sha256?: string;
}

export interface FileStore {
  /**
   * Where a dossier's file is stored (the store's own key layout): its final place from the moment it is declared,
   * so nothing is copied at submission; the dossier record, not the key, says whether it was submitted.
   */
  keyFor(kind: "document" | "result", dossierCode: string, attachmentId: string): string;
  presignUpload(objectKey: string, file: { mediaType: string; size: number; sha256: string }): Promise<PresignedUpload>;
  /** Size, type and (where the store verified one) checksum of a stored object; undefined when it is missing. */
  inspect(objectKey: string): Promise<StoredObject | undefined>;
  /** SHA-256 (hex) of the stored body, read in full: the fallback when the store kept no verified checksum. */
  sha256(objectKey: string): Promise<string>;
  /** Deletes files (an abandoned draft's uploads); missing ones are not an error. */
  remove(objectKeys: string[]): Promise<void>;
  presignDownload(objectKey: string, fileName: string, mediaType: string): Promise<{ url: string; expiresAt: string }>;
  /**
   * The first `bytes` bytes of a stored object (fewer when it is shorter), for content sniffing
   * (core/content-check.ts) without reading the whole file; undefined when it is missing.
   */
  head(objectKey: string, bytes: number): Promise<Uint8Array | undefined>;
}

/** The extensions a downloaded file of each accepted media type may end with; the first is the one added. */
export const EXTENSIONS_OF: Record<string, readonly string[]> = {
  "application/pdf": [".pdf"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/png": [".png"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
};

/**
 * The name a file is downloaded under: the uploader's name, ending with an extension of its media type. The
 * browser saves, and the operating system opens, a file by its last extension: `hoa-don.pdf.exe` declared (and
 * checked) as a PDF must not land on an officer's desktop as a program, nor `report.html` as a web page.
 *
 * The right extension is appended (`hoa-don.pdf.exe` → `hoa-don.pdf.exe.pdf`) rather than put in place of the last
 * one (`hoa-don.pdf`): nothing the citizen wrote is taken away, so an officer still sees that the name was odd, and
 * two files never collapse onto one name. A name that already ends right is kept as it is. Trailing dots and
 * spaces go first, since Windows drops them when saving (`x.exe.` would be saved as `x.exe`). Throws nothing.
 */
export function downloadFileName(fileName: string, mediaType: string): string {
  const extensions = EXTENSIONS_OF[mediaType];
  const name = fileName.replace(/[.\s]+$/u, "") || "tep";
  if (!extensions) return name;
  const lower = name.toLowerCase();
  return extensions.some((extension) => lower.endsWith(extension)) ? name : `${name}${extensions[0]}`;
}
