import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FileStore, PresignedUpload } from "../../functions/core/ports";
import { newCode } from "./fixtures";

/**
 * The contract of `FileStore` (functions/core/ports.ts): a declared file is uploaded by the browser with a presigned
 * request straight to its key, checked at submission (inspect, sha256), downloaded through a presigned link, and
 * deleted with an abandoned draft.
 */
export interface FileStoreHarness {
  files: FileStore;
  /** The browser's upload: the presigned request sent as given, with `body`; returns the HTTP status. */
  upload(upload: PresignedUpload, body: Uint8Array): Promise<number>;
  /** The browser following a download link. */
  download(url: string): Promise<{ status: number; headers: Headers; body: Uint8Array }>;
}

const sha256 = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");
const pdf = (size: number, seed: string) => {
  const body = Buffer.alloc(size, 0x20);
  Buffer.from(`%PDF-1.4\n% ${seed}\n`).copy(body);
  return new Uint8Array(body);
};
let ids = 0;
const newId = () => `att${Date.now()}${++ids}`;

export function describeFileStoreContract(name: string, makePort: () => Promise<FileStoreHarness>) {
  describe(`FileStore contract: ${name}`, () => {
    /** Declares and uploads a file to a fresh key; returns the key and the body. */
    async function uploaded(port: FileStoreHarness, size = 2048, mediaType = "application/pdf") {
      const body = pdf(size, newId());
      const key = port.files.keyFor("document", newCode(), newId());
      const upload = await port.files.presignUpload(key, { mediaType, size: body.byteLength, sha256: sha256(body) });
      const status = await port.upload(upload, body);
      expect(status).toBe(200);
      return { key, body };
    }

    it("finds the dossier and file a key of its own names, and nothing for any other key", async () => {
      const { files } = await makePort();
      const code = newCode();
      expect(files.locate(files.keyFor("document", code, "a1"))).toEqual({ dossierCode: code, attachmentId: "a1" });
      expect(files.locate(files.keyFor("result", code, "r1"))).toEqual({ dossierCode: code, attachmentId: "r1" });
      for (const other of ["", "a1", `${files.keyFor("document", code, "a1")}/more`, `quarantine/${files.keyFor("document", code, "a1")}`]) {
        expect(files.locate(other), other).toBeUndefined();
      }
    });

    it("quarantines a file: no download link reaches it any more, and doing it again (or for a missing file) is no error", async () => {
      const port = await makePort();
      const { key } = await uploaded(port);
      const before = await port.files.presignDownload(key, "hoa-don.pdf", "application/pdf");
      expect((await port.download(before.url)).status).toBe(200);

      await port.files.quarantine(key);

      expect((await port.download(before.url)).status).not.toBe(200);
      const after = await port.files.presignDownload(key, "hoa-don.pdf", "application/pdf");
      expect((await port.download(after.url)).status).not.toBe(200);
      expect(await port.files.inspect(key)).toBeUndefined();
      await port.files.quarantine(key);
      await port.files.quarantine(port.files.keyFor("document", newCode(), newId()));
    });

    it("gives each dossier's file a key of its own, the same every time, apart for documents and results", async () => {
      const { files } = await makePort();
      const code = newCode();

      const key = files.keyFor("document", code, "a1");

      expect(files.keyFor("document", code, "a1")).toBe(key);
      const others = [files.keyFor("result", code, "a1"), files.keyFor("document", code, "a2"), files.keyFor("document", newCode(), "a1")];
      expect(new Set([key, ...others]).size).toBe(4);
      // A key is a storage key, not a citizen's file name: nothing a browser would take for a path outside its place.
      expect(key).not.toMatch(/\.\.|\\|\s/);
    });

    it("presigns an upload the browser sends with exactly the headers given; inspect then reports its size and type", async () => {
      const port = await makePort();
      const body = pdf(4000, "upload");
      const key = port.files.keyFor("document", newCode(), newId());
      const started = Date.now();

      const upload = await port.files.presignUpload(key, { mediaType: "application/pdf", size: body.byteLength, sha256: sha256(body) });
      const status = await port.upload(upload, body);

      expect(upload.method).toBe("PUT");
      expect(upload.headers["content-type"]).toBe("application/pdf");
      expect(Date.parse(upload.expiresAt)).toBeGreaterThan(started);
      expect(status).toBe(200);
      const stored = await port.files.inspect(key);
      expect(stored).toMatchObject({ size: 4000, mediaType: "application/pdf" });
      // A checksum is reported only when the store verified it: then it is the body's.
      if (stored!.sha256 !== undefined) expect(stored!.sha256).toBe(sha256(body));
    });

    it("reads the SHA-256 of a stored body", async () => {
      const port = await makePort();
      const { key, body } = await uploaded(port, 300_000, "image/png");

      expect(await port.files.sha256(key)).toBe(sha256(body));
      expect(await port.files.inspect(key)).toMatchObject({ size: 300_000, mediaType: "image/png" });
    });

    it("never lets a body that is not the declared one pass as it: refused, or shown by its own checksum", async () => {
      const port = await makePort();
      const declared = pdf(2048, "declared");
      const sent = pdf(2048, "something else");
      const key = port.files.keyFor("document", newCode(), newId());

      const upload = await port.files.presignUpload(key, { mediaType: "application/pdf", size: declared.byteLength, sha256: sha256(declared) });
      const status = await port.upload(upload, sent);

      if (status < 300) {
        const stored = await port.files.inspect(key);
        expect(stored!.sha256 === undefined || stored!.sha256 === sha256(sent)).toBe(true);
        expect(await port.files.sha256(key)).toBe(sha256(sent));
      } else {
        expect(await port.files.inspect(key)).toBeUndefined();
      }
    });

    it("inspects a missing file as undefined", async () => {
      const { files } = await makePort();
      expect(await files.inspect(files.keyFor("document", newCode(), newId()))).toBeUndefined();
    });

    it("reads the first bytes of a file (all of a shorter one), undefined for a missing one", async () => {
      const port = await makePort();
      const { key, body } = await uploaded(port, 5000);

      expect(Buffer.from((await port.files.head(key, 8))!).equals(Buffer.from(body.subarray(0, 8)))).toBe(true);
      expect(Buffer.from((await port.files.head(key, 9000))!).equals(Buffer.from(body))).toBe(true);
      expect(await port.files.head(port.files.keyFor("document", newCode(), newId()), 8)).toBeUndefined();
      await expect(port.files.head(key, 0)).rejects.toThrow(RangeError);
    });

    it("reads the first bytes of an empty file as empty", async () => {
      const port = await makePort();
      const key = port.files.keyFor("document", newCode(), newId());
      const empty = new Uint8Array(0);
      const upload = await port.files.presignUpload(key, { mediaType: "application/pdf", size: 0, sha256: sha256(empty) });
      expect(await port.upload(upload, empty)).toBe(200);

      expect(await port.files.head(key, 8)).toEqual(new Uint8Array(0));
    });

    it("removes the given files, ignoring missing ones, and leaves the others", async () => {
      const port = await makePort();
      const first = await uploaded(port);
      const second = await uploaded(port);
      const kept = await uploaded(port);

      await port.files.remove([first.key, port.files.keyFor("document", newCode(), newId()), second.key]);
      await port.files.remove([first.key]);
      await port.files.remove([]);

      expect(await port.files.inspect(first.key)).toBeUndefined();
      expect(await port.files.inspect(second.key)).toBeUndefined();
      expect(await port.files.inspect(kept.key)).toMatchObject({ size: kept.body.byteLength });
    });

    it("presigns a download that serves the body as the given type, as an attachment named as the citizen named it", async () => {
      const port = await makePort();
      const { key, body } = await uploaded(port);
      const fileName = "Giấy khai sinh – bản sao (1).pdf";
      const started = Date.now();

      const link = await port.files.presignDownload(key, fileName, "application/pdf");
      const response = await port.download(link.url);

      expect(Date.parse(link.expiresAt)).toBeGreaterThan(started);
      expect(response.status).toBe(200);
      expect(Buffer.from(response.body).equals(Buffer.from(body))).toBe(true);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      const disposition = response.headers.get("content-disposition") ?? "";
      expect(disposition).toMatch(/^attachment;/);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(fileName)}`);
    });

    it("names a download so that it opens as its checked type, whatever extension the citizen's name ends with", async () => {
      const port = await makePort();
      const { key } = await uploaded(port);

      const link = await port.files.presignDownload(key, "hoa-don.pdf.exe", "application/pdf");
      const disposition = (await port.download(link.url)).headers.get("content-disposition") ?? "";

      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent("hoa-don.pdf.exe.pdf")}`);
    });
  });
}
