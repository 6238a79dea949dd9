import { createHash, randomUUID } from "node:crypto";
import { downloadFileName } from "../../../functions/core/files";
import type { FileStore, StoredObject } from "../../../functions/core/ports";

/**
 * An in-memory file store (core/ports.ts `FileStore`) that behaves like S3 for presigned requests: an upload must
 * carry the signed content type and a body matching its declared SHA-256 (else it is refused, as S3 refuses it),
 * and the store then reports the checksum it verified. Its URLs are not fetchable: `put` and `fetch` stand in for
 * the browser's requests. `putObject` stores a body as a client that ignored the presigned conditions would have
 * (what s3rver lets through), for tests of the verification at submission.
 */
export interface FakeFileStore extends FileStore {
  /** The browser's PUT to a presigned upload URL: 200 when stored, 403 (bad or expired URL, other type), 400 (bad checksum). */
  put(url: string, request: { headers: Record<string, string>; body: Uint8Array }): Promise<{ status: number }>;
  /** The browser's GET of a presigned download URL. */
  fetch(url: string): Promise<{ status: number; headers: Headers; body: Uint8Array }>;
  /** Stores a body with no checks at all. */
  putObject(objectKey: string, body: Uint8Array, mediaType: string): void;
  /** The keys of the stored objects. */
  keys(): string[];
}

const ORIGIN = "https://files.fake.invalid";
const sha256Hex = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");

export function fakeFileStore(options: { presignSeconds?: number; now?: () => number } = {}): FakeFileStore {
  const presignMs = (options.presignSeconds ?? 900) * 1000;
  const now = options.now ?? (() => Date.now());
  const objects = new Map<string, { body: Uint8Array; mediaType: string; sha256?: string }>();
  const uploads = new Map<string, { objectKey: string; mediaType: string; sha256: string; expiresAt: number }>();
  const downloads = new Map<string, { objectKey: string; fileName: string; mediaType: string; expiresAt: number }>();

  return {
    keyFor: (kind, dossierCode, attachmentId) => `fake/${kind}/${dossierCode}/${attachmentId}`,

    locate(objectKey) {
      const [root, kind, dossierCode, attachmentId, ...rest] = objectKey.split("/");
      if (root !== "fake" || !["document", "result"].includes(kind ?? "") || !dossierCode || !attachmentId || rest.length) return undefined;
      return { dossierCode, attachmentId };
    },

    async quarantine(objectKey) {
      const found = objects.get(objectKey);
      if (found) objects.set(`quarantine/${objectKey}`, found);
      objects.delete(objectKey);
    },

    async presignUpload(objectKey, file) {
      const url = `${ORIGIN}/upload/${randomUUID()}`;
      const expiresAt = now() + presignMs;
      uploads.set(url, { objectKey, mediaType: file.mediaType, sha256: file.sha256, expiresAt });
      return {
        method: "PUT",
        url,
        headers: { "content-type": file.mediaType, "x-checksum-sha256": file.sha256 },
        expiresAt: new Date(expiresAt).toISOString(),
      };
    },

    async put(url, { headers, body }) {
      const upload = uploads.get(url);
      const header = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
      if (!upload || now() > upload.expiresAt || header("content-type") !== upload.mediaType) return { status: 403 };
      if (header("x-checksum-sha256") !== upload.sha256 || sha256Hex(body) !== upload.sha256) return { status: 400 };
      objects.set(upload.objectKey, { body: new Uint8Array(body), mediaType: upload.mediaType, sha256: upload.sha256 });
      return { status: 200 };
    },

    putObject(objectKey, body, mediaType) {
      objects.set(objectKey, { body: new Uint8Array(body), mediaType });
    },

    keys: () => [...objects.keys()].sort(),

    async inspect(objectKey): Promise<StoredObject | undefined> {
      const found = objects.get(objectKey);
      if (!found) return undefined;
      return { size: found.body.byteLength, mediaType: found.mediaType, ...(found.sha256 ? { sha256: found.sha256 } : {}) };
    },

    async sha256(objectKey) {
      const found = objects.get(objectKey);
      if (!found) throw new Error(`no object ${objectKey}`);
      return sha256Hex(found.body);
    },

    async head(objectKey, bytes) {
      if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`head: bytes must be a positive integer, got ${bytes}`);
      const found = objects.get(objectKey);
      return found ? found.body.slice(0, bytes) : undefined;
    },

    async remove(objectKeys) {
      for (const key of objectKeys) objects.delete(key);
    },

    async presignDownload(objectKey, fileName, mediaType) {
      const url = `${ORIGIN}/download/${randomUUID()}`;
      // Download links are short-lived (5 minutes at most), as the S3 adapter's.
      const expiresAt = now() + Math.min(presignMs, 300_000);
      downloads.set(url, { objectKey, fileName, mediaType, expiresAt });
      return { url, expiresAt: new Date(expiresAt).toISOString() };
    },

    async fetch(url) {
      const download = downloads.get(url);
      if (!download || now() > download.expiresAt) return { status: 403, headers: new Headers(), body: new Uint8Array() };
      const found = objects.get(download.objectKey);
      if (!found) return { status: 404, headers: new Headers(), body: new Uint8Array() };
      const headers = new Headers({
        "content-type": download.mediaType,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(downloadFileName(download.fileName, download.mediaType))}`,
      });
      return { status: 200, headers, body: new Uint8Array(found.body) };
    },
  };
}
