import { createHash } from "node:crypto";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { downloadFileName } from "../../core/files";
import type { FileStore } from "../../core/ports";
import { ATTACHMENT_PREFIXES, locateObjectKey, objectKeyFor, quarantineKeyFor } from "./keys";

const hexToBase64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");
const base64ToHex = (b64: string) => Buffer.from(b64, "base64").toString("hex");

/** RFC 6266 / 5987 Content-Disposition that keeps a Vietnamese file name intact and cannot break the header. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const isMissing = (err: unknown) =>
  err instanceof NotFound ||
  err instanceof NoSuchKey ||
  ["NotFound", "NoSuchKey"].includes((err as { name?: string }).name ?? "") ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Files in one bucket. Uploads are presigned PUTs that sign the content type and the SHA-256 checksum: real S3
 * rejects a body that does not match; stores that do not check (s3rver) are caught by `inspect` + `sha256` at submit.
 */
export function s3FileStore(s3: S3Client, bucket: string, presignSeconds: number): FileStore {
  const expiry = () => new Date(Date.now() + presignSeconds * 1000).toISOString();
  return {
    keyFor: objectKeyFor,
    locate: locateObjectKey,

    async presignUpload(objectKey, file) {
      const checksum = hexToBase64(file.sha256);
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: objectKey,
        ContentType: file.mediaType,
        ContentLength: file.size,
        ChecksumSHA256: checksum,
        Metadata: { sha256: file.sha256 },
      });
      const url = await getSignedUrl(s3, command, {
        expiresIn: presignSeconds,
        // These stay headers (signed), so the client must send exactly these values.
        unhoistableHeaders: new Set(["x-amz-checksum-sha256", "x-amz-meta-sha256"]),
        signableHeaders: new Set(["content-type"]),
      });
      return {
        method: "PUT" as const,
        url,
        headers: {
          "content-type": file.mediaType,
          "x-amz-checksum-sha256": checksum,
          "x-amz-meta-sha256": file.sha256,
        },
        expiresAt: expiry(),
      };
    },

    async write(objectKey, body, file) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: objectKey,
          Body: body,
          ContentType: file.mediaType,
          ContentLength: body.byteLength,
          ChecksumSHA256: hexToBase64(file.sha256),
          Metadata: { sha256: file.sha256 },
        }),
      );
    },

    async inspect(objectKey) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey, ChecksumMode: "ENABLED" }));
        // Only a checksum S3 itself verified counts; user metadata is the client's word and is not trusted.
        const verified = out.ChecksumSHA256 && !out.ChecksumSHA256.includes("-") ? base64ToHex(out.ChecksumSHA256) : undefined;
        return { size: out.ContentLength ?? -1, mediaType: out.ContentType ?? "", sha256: verified };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },

    async sha256(objectKey) {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
      const hash = createHash("sha256");
      for await (const chunk of out.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
      return hash.digest("hex");
    },

    async remove(objectKeys) {
      // DeleteObjects takes up to 1,000 keys; missing keys are not errors. Deletes are free of charge on S3.
      for (let i = 0; i < objectKeys.length; i += 1000) {
        const out = await s3.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: objectKeys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
          }),
        );
        if (out.Errors?.length) throw new Error(`S3 refused to delete ${out.Errors.length} object(s): ${out.Errors[0]?.Code ?? "?"}`);
      }
    },

    async head(objectKey, bytes) {
      if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`head: bytes must be a positive integer, got ${bytes}`);
      try {
        // A ranged GET: one request, only the bytes asked for travel (an object shorter than the range comes whole).
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey, Range: `bytes=0-${bytes - 1}` }));
        const body = await out.Body!.transformToByteArray();
        return body.byteLength > bytes ? body.subarray(0, bytes) : body;
      } catch (err) {
        if (isMissing(err)) return undefined;
        // An empty object has no byte 0: S3 answers 416 to any range (and s3rver drops the connection).
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return new Uint8Array(0);
        const stored = await this.inspect(objectKey).catch(() => undefined);
        if (stored?.size === 0) return new Uint8Array(0);
        throw err;
      }
    },

    async quarantine(objectKey) {
      if (objectKey.startsWith(ATTACHMENT_PREFIXES.quarantine)) throw new RangeError(`quarantine: ${objectKey} is in quarantine already`);
      // Copy, then delete: a crash in between leaves the file in both places, and the next attempt (events are
      // delivered at least once) deletes the original. The copy keeps the object's tags (GuardDuty's verdict).
      try {
        await s3.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: quarantineKeyFor(objectKey),
            CopySource: `${bucket}/${encodeURIComponent(objectKey).replace(/%2F/g, "/")}`,
            MetadataDirective: "COPY",
          }),
        );
      } catch (err) {
        if (!isMissing(err)) throw err; // moved already (or never uploaded): nothing left to reach
      }
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey }));
    },

    async presignDownload(objectKey, fileName, mediaType) {
      if (objectKey.startsWith(ATTACHMENT_PREFIXES.quarantine)) throw new RangeError(`presignDownload: ${objectKey} is quarantined`);
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucket,
          Key: objectKey,
          // Saved under a name whose extension follows the (checked) media type: core/files.ts downloadFileName.
          ResponseContentDisposition: contentDisposition(downloadFileName(fileName, mediaType)),
          ResponseContentType: mediaType,
        }),
        { expiresIn: Math.min(presignSeconds, 300) },
      );
      return { url, expiresAt: new Date(Date.now() + Math.min(presignSeconds, 300) * 1000).toISOString() };
    },
  };
}

/**
 * Streams stored objects whole (the local malware scanner's input: adapters/clamav); undefined when missing.
 */
export function s3ObjectReader(s3: S3Client, bucket: string) {
  return {
    async read(objectKey: string): Promise<AsyncIterable<Uint8Array> | undefined> {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
        return out.Body as AsyncIterable<Uint8Array>;
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
  };
}
