import { createHash } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { s3FileStore } from "../../functions/adapters/s3/file-store";
import { ATTACHMENT_PREFIXES } from "../../functions/adapters/s3/keys";
import { fakeFileStore } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeFileStoreContract } from "./file-store.contract";
import { newCode } from "./fixtures";

const emulator = useEmulator();

describeFileStoreContract("in-memory fake", async () => {
  const files = fakeFileStore();
  return {
    files,
    upload: async (upload, body) => (await files.put(upload.url, { headers: upload.headers, body })).status,
    download: (url) => files.fetch(url),
  };
});

describeFileStoreContract("S3 adapter on s3rver", async () => {
  const { s3, bucket } = emulator();
  return {
    files: s3FileStore(s3, await bucket(), 900),
    upload: async (upload, body) => (await fetch(upload.url, { method: upload.method, headers: upload.headers, body: Buffer.from(body) })).status,
    download: async (url) => {
      const response = await fetch(url);
      return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
    },
  };
});

describe("S3 adapter: what only S3 shows", () => {
  it("lays keys out under the prefixes the stacks grant and expire: documents under dossiers/, results under results/", () => {
    const files = s3FileStore({} as S3Client, "bucket", 900);
    const code = newCode();

    expect(files.keyFor("document", code, "a1")).toBe(`${ATTACHMENT_PREFIXES.dossiers}${code}/a1`);
    expect(files.keyFor("result", code, "a1")).toBe(`${ATTACHMENT_PREFIXES.results}${code}/a1`);
  });

  it("reports the SHA-256 S3 verified on upload (HeadObject's ChecksumSHA256), and none for a multipart checksum", async () => {
    // s3rver stores no checksums, so this path (the deployed one) is driven by an SDK-level stand-in for HeadObject.
    const body = Buffer.from("%PDF-1.4\n% checksum\n");
    const hex = createHash("sha256").update(body).digest("hex");
    const heads: Record<string, Record<string, unknown>> = {
      whole: { ContentLength: body.byteLength, ContentType: "application/pdf", ChecksumSHA256: Buffer.from(hex, "hex").toString("base64") },
      multipart: { ContentLength: body.byteLength, ContentType: "application/pdf", ChecksumSHA256: "q0Qm3JtBD1J4Zqk2CHyLQPjFHQSdyRbJ7BJm5t1BiNw=-3" },
    };
    const s3 = {
      send: async (command: { input: { Key: string; ChecksumMode?: string } }) => {
        expect(command.input.ChecksumMode).toBe("ENABLED");
        return heads[command.input.Key];
      },
    } as unknown as S3Client;
    const files = s3FileStore(s3, "bucket", 900);

    expect(await files.inspect("whole")).toEqual({ size: body.byteLength, mediaType: "application/pdf", sha256: hex });
    expect(await files.inspect("multipart")).toEqual({ size: body.byteLength, mediaType: "application/pdf", sha256: undefined });
  });
});
