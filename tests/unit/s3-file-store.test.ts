import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { s3FileStore } from "../../functions/adapters/s3/file-store";
import type { Attachment } from "../../functions/core/dossier/model";
import { verifyAttachments } from "../../functions/core/dossier/attachments";

/**
 * The deployed checksum path. s3rver keeps no checksums, so locally `inspect` never returns one and every submission
 * reads its files back in full. Real S3 answers HeadObject with `x-amz-checksum-sha256` — only when asked with
 * `x-amz-checksum-mode: ENABLED`, and for a multipart upload as a checksum of the parts' checksums suffixed `-N`.
 * Here a real S3Client talks to a stub of S3's HTTP answers (its request handler), so the SDK's own parsing runs.
 */

const BUCKET = "dichvucong-test-attachments";
const sha256Hex = (body: Uint8Array | string) => createHash("sha256").update(body).digest("hex");
const sha256Base64 = (body: Uint8Array | string) => createHash("sha256").update(body).digest("base64");

interface StoredObject {
  body: Buffer;
  contentType: string;
  /** What S3 answers in x-amz-checksum-sha256 (none for an upload made without one). */
  checksum?: string;
  /** User metadata the uploading client wrote: its word, never proof. */
  metaSha256?: string;
}

function stubS3(objects: Record<string, StoredObject>) {
  const requests: { method: string; key: string; checksumMode?: string }[] = [];
  const s3 = new S3Client({
    region: "ap-southeast-1",
    endpoint: "https://s3.ap-southeast-1.amazonaws.com",
    forcePathStyle: true,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { method: string; path: string; headers: Record<string, string> }) {
        const key = decodeURIComponent(request.path.replace(`/${BUCKET}/`, ""));
        requests.push({ method: request.method, key, checksumMode: request.headers["x-amz-checksum-mode"] });
        const object = objects[key];
        if (!object) {
          const body = request.method === "HEAD" ? "" : `<Error><Code>NoSuchKey</Code><Key>${key}</Key></Error>`;
          return { response: { statusCode: 404, headers: { "content-type": "application/xml" }, body: Readable.from([Buffer.from(body)]) } };
        }
        const headers: Record<string, string> = {
          "content-type": object.contentType,
          "content-length": String(object.body.byteLength),
          etag: `"${createHash("md5").update(object.body).digest("hex")}"`,
        };
        if (object.metaSha256) headers["x-amz-meta-sha256"] = object.metaSha256;
        // S3 sends the checksum only to a request that asks for it.
        if (object.checksum && request.headers["x-amz-checksum-mode"] === "ENABLED") {
          headers["x-amz-checksum-sha256"] = object.checksum;
          headers["x-amz-checksum-type"] = object.checksum.includes("-") ? "COMPOSITE" : "FULL_OBJECT";
        }
        const body = request.method === "HEAD" ? Buffer.alloc(0) : object.body;
        return { response: { statusCode: 200, headers, body: Readable.from([body]) } };
      },
    } as never,
  });
  const files = s3FileStore(s3, BUCKET, 900);
  const gets = () => requests.filter((r) => r.method === "GET").map((r) => r.key);
  return { files, requests, gets };
}

const body = Buffer.from("%PDF-1.4\n% to khai dang ky khai sinh\n" + " ".repeat(2000));
const other = Buffer.from("%PDF-1.4\n% some other file\n" + " ".repeat(2000));
/** A multipart upload's SHA-256 as S3 reports it: the SHA-256 of the parts' SHA-256s, then `-<parts>`. */
const composite = (parts: Buffer[]) =>
  `${createHash("sha256").update(Buffer.concat(parts.map((p) => createHash("sha256").update(p).digest()))).digest("base64")}-${parts.length}`;

function attachment(objectKey: string, declared: Buffer): Attachment {
  return {
    id: objectKey.split("/").at(-1)!,
    documentKey: objectKey.split("/").at(-1)!,
    fileName: "to-khai.pdf",
    mediaType: "application/pdf",
    size: declared.byteLength,
    sha256: sha256Hex(declared),
    objectKey,
    state: "declared",
    declaredAt: "2026-11-23T03:00:00.000Z",
    round: 0,
    kind: "document",
  };
}

describe("s3FileStore.inspect against S3's HeadObject answers", () => {
  it("asks for the checksum and trusts a full-object SHA-256, converted from S3's base64 to hex", async () => {
    const { files, requests } = stubS3({ "d/full": { body, contentType: "application/pdf", checksum: sha256Base64(body) } });
    expect(await files.inspect("d/full")).toEqual({ size: body.byteLength, mediaType: "application/pdf", sha256: sha256Hex(body) });
    expect(requests).toEqual([{ method: "HEAD", key: "d/full", checksumMode: "ENABLED" }]);
  });

  it("does not take a multipart (-N) checksum, nor the client's own metadata, for the body's SHA-256", async () => {
    const half = body.byteLength / 2;
    const { files } = stubS3({
      "d/multipart": {
        body,
        contentType: "application/pdf",
        checksum: composite([body.subarray(0, half), body.subarray(half)]),
      },
      "d/none": { body, contentType: "application/pdf", metaSha256: sha256Hex(body) },
    });
    expect(await files.inspect("d/multipart")).toEqual({ size: body.byteLength, mediaType: "application/pdf", sha256: undefined });
    expect(await files.inspect("d/none")).toEqual({ size: body.byteLength, mediaType: "application/pdf", sha256: undefined });
  });

  it("says undefined for a missing object", async () => {
    const { files } = stubS3({});
    expect(await files.inspect("d/missing")).toBeUndefined();
  });
});

describe("verification at submit (verifyAttachments) over S3", () => {
  it("with a full-object checksum, decides from HeadObject alone: no GetObject, a match passes and a mismatch is caught", async () => {
    const { files, gets } = stubS3({
      "d/good": { body, contentType: "application/pdf", checksum: sha256Base64(body) },
      // S3 verified the upload against its own checksum: the body is `other`, whatever the dossier declared.
      "d/swapped": { body: other, contentType: "application/pdf", checksum: sha256Base64(other) },
    });
    expect(await verifyAttachments(files, [attachment("d/good", body)])).toEqual([]);
    const swapped = attachment("d/swapped", body);
    swapped.size = other.byteLength; // same size and type: only the checksum can tell
    expect(await verifyAttachments(files, [swapped])).toEqual([{ path: "documents.swapped", message: "attachment.checksum_mismatch" }]);
    expect(gets()).toEqual([]);
  });

  it("without a full-object checksum, reads the body and hashes it: a lying client's metadata does not pass", async () => {
    const { files, gets } = stubS3({
      "d/multipart": { body, contentType: "application/pdf", checksum: composite([body]) },
      "d/plain": { body, contentType: "application/pdf" },
      // The client claimed `body`'s SHA-256 in its metadata but uploaded `other`.
      "d/liar": { body: other, contentType: "application/pdf", metaSha256: sha256Hex(body) },
    });
    const liar = attachment("d/liar", body);
    liar.size = other.byteLength;
    expect(await verifyAttachments(files, [attachment("d/multipart", body), attachment("d/plain", body), liar])).toEqual([
      { path: "documents.liar", message: "attachment.checksum_mismatch" },
    ]);
    expect(gets().sort()).toEqual(["d/liar", "d/multipart", "d/plain"]);
  });
});
