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
  presignUpload(objectKey: string, file: { mediaType: string; size: number; sha256: string }): Promise<PresignedUpload>;
  /** Size, type and (where the store verified one) checksum of a stored object; undefined when it is missing. */
  inspect(objectKey: string): Promise<StoredObject | undefined>;
  /** SHA-256 (hex) of the stored body, read in full: the fallback when the store kept no verified checksum. */
  sha256(objectKey: string): Promise<string>;
  copy(fromKey: string, toKey: string): Promise<void>;
  presignDownload(objectKey: string, fileName: string, mediaType: string): Promise<{ url: string; expiresAt: string }>;
  /**
   * The first `bytes` bytes of a stored object (fewer when it is shorter), for content sniffing
   * (core/content-check.ts) without reading the whole file; undefined when it is missing.
   */
  head(objectKey: string, bytes: number): Promise<Uint8Array | undefined>;
}
