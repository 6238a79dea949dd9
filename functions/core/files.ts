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
}
