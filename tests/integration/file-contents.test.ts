import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkContent, SNIFF_BYTES } from "../../functions/core/content-check";
import { downloadFileName } from "../../functions/core/files";
import { docxBytes } from "../support/office";
import { startLocalStores, type LocalStores } from "../support/local-stores";
import { applicant, pdfBytes, seedCatalogue, startTestPortal, submittedDossier, uploadDocument, type TestPortal } from "../support/portal";

/**
 * Issue #18 item 2, the pieces: the file store's ranged read (against s3rver) feeding the content check, and the
 * download name whose extension follows the media type (over a real socket, through a presigned download).
 */

describe("FileStore.head on s3rver", () => {
  let local: LocalStores;
  const put = (key: string, body: Uint8Array) => local.adapters.s3.send(new PutObjectCommand({ Bucket: local.config.bucketName, Key: key, Body: body }));
  beforeAll(async () => {
    local = await startLocalStores();
  });
  afterAll(async () => local?.close());

  it("reads only the first bytes of a large file, the whole of a short one, nothing of a missing one", async () => {
    const large = pdfBytes(300_000, "lớn");
    large[SNIFF_BYTES] = 0x41; // a byte past the range: must not come back
    await put("drafts/large.pdf", large);
    const head = await local.adapters.files.head("drafts/large.pdf", SNIFF_BYTES);
    expect(head?.byteLength).toBe(SNIFF_BYTES);
    expect(Buffer.from(head!).equals(Buffer.from(large.subarray(0, SNIFF_BYTES)))).toBe(true);

    await put("drafts/short.pdf", pdfBytes(100, "ngắn"));
    expect((await local.adapters.files.head("drafts/short.pdf", SNIFF_BYTES))?.byteLength).toBe(100);
    await put("drafts/empty", new Uint8Array(0));
    expect((await local.adapters.files.head("drafts/empty", SNIFF_BYTES))?.byteLength).toBe(0);
    expect(await local.adapters.files.head("drafts/none", SNIFF_BYTES)).toBeUndefined();
  });

  it("is what the content check reads: a program uploaded as a PDF is caught, a real .docx passes", async () => {
    const exe = Buffer.alloc(200_000);
    exe.write("MZ");
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write("PE\0\0", 0x80, "latin1");
    await put("drafts/hoa-don.pdf.exe", new Uint8Array(exe));
    await put("drafts/to-khai.docx", docxBytes());
    const check = async (key: string, type: Parameters<typeof checkContent>[1]) => checkContent((await local.adapters.files.head(key, SNIFF_BYTES))!, type);
    expect(await check("drafts/hoa-don.pdf.exe", "application/pdf")).toEqual({ ok: false, detected: "application/x-msdownload" });
    expect(await check("drafts/to-khai.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toMatchObject({ ok: true });
  });
});

describe("download names", () => {
  it("end with an extension of the file's media type", () => {
    expect(downloadFileName("hoa-don.pdf.exe", "application/pdf")).toBe("hoa-don.pdf.exe.pdf");
    expect(downloadFileName("report.html", "application/pdf")).toBe("report.html.pdf");
    expect(downloadFileName("Giấy chứng sinh.PDF", "application/pdf")).toBe("Giấy chứng sinh.PDF");
    expect(downloadFileName("anh.jpeg", "image/jpeg")).toBe("anh.jpeg");
    expect(downloadFileName("anh", "image/png")).toBe("anh.png");
    expect(downloadFileName("virus.exe. . ", "application/pdf")).toBe("virus.exe.pdf");
    expect(downloadFileName("...", "application/pdf")).toBe("tep.pdf");
    expect(downloadFileName("to-khai.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toBe("to-khai.docx");
  });

  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
    await seedCatalogue(portal);
  });
  afterAll(async () => portal?.cleanup());

  it("are what the browser is told to save a download as (Content-Disposition of the presigned URL)", async () => {
    const created = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
    const { code, accessToken } = created.body as { code: string; accessToken: string };
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "a"), { fileName: "hoa-don.pdf.exe" });
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(1000, "b"), { fileName: "report.html" });
    const submitted = await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: { authorization: `Bearer ${accessToken}` } });
    expect(submitted.status).toBe(200);
    const full = await portal.api(`/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const links = JSON.stringify(full.body).match(/https?:\/\/[^"]+/g)!.filter((url) => url.includes("response-content-disposition"));
    expect(links.length).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const url of links) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const disposition = res.headers.get("content-disposition") ?? "";
      expect(disposition).toMatch(/^attachment;/);
      names.push(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!));
      expect(res.headers.get("content-type")).toBe("application/pdf");
      await res.arrayBuffer();
    }
    expect(names.sort()).toEqual(["hoa-don.pdf.exe.pdf", "report.html.pdf"]);
  });
});
