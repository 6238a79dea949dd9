import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { checkContent, SNIFF_BYTES } from "../../functions/core/content-check";
import { ESBUILD_OVERRIDES, FUNCTION_BUNDLING } from "../../stacks/bundling";
import { eicarBytes } from "../support/eicar";
import { docxBytes, zipOf } from "../support/office";
import { pdfBytes } from "../support/portal";

/** Issue #18 item 2, the core: a file's first bytes against its declared media type. */

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const bytes = (...parts: (number[] | string)[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF", [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
/** The first bytes of a Windows executable: "MZ", then the PE header. */
const EXE = (() => {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return new Uint8Array(b);
})();

describe("checkContent", () => {
  it("accepts each allowed type when the bytes are that type", async () => {
    expect(await checkContent(pdfBytes(3000), PDF)).toEqual({ ok: true, detected: PDF });
    expect(await checkContent(PNG, "image/png")).toEqual({ ok: true, detected: "image/png" });
    expect(await checkContent(JPEG, "image/jpeg")).toEqual({ ok: true, detected: "image/jpeg" });
    expect(await checkContent(docxBytes(), DOCX)).toEqual({ ok: true, detected: DOCX });
  });

  it("refuses a program, a web page, text or another type declared as a PDF, saying what it is", async () => {
    expect(await checkContent(EXE, PDF)).toEqual({ ok: false, detected: "application/x-msdownload" });
    expect(await checkContent(bytes("<!doctype html><html><script>alert(1)</script></html>"), PDF)).toEqual({ ok: false, detected: undefined });
    expect(await checkContent(eicarBytes(), PDF)).toEqual({ ok: false, detected: undefined });
    expect(await checkContent(PNG, PDF)).toEqual({ ok: false, detected: "image/png" });
    expect(await checkContent(new Uint8Array(0), PDF)).toEqual({ ok: false, detected: undefined });
  });

  it("tells a .docx from any other ZIP, and from a macro-enabled document", async () => {
    expect(await checkContent(zipOf([{ name: "setup.exe", data: EXE }]), DOCX)).toEqual({ ok: false, detected: "application/zip" });
    expect(await checkContent(docxBytes("application/vnd.ms-word.document.macroEnabled.main+xml"), DOCX)).toMatchObject({ ok: false, detected: "application/vnd.ms-word.document.macroenabled.12" });
    expect(await checkContent(docxBytes(), PDF)).toEqual({ ok: false, detected: DOCX });
  });

  it("decides on the first SNIFF_BYTES bytes, what a ranged read returns of a large file", async () => {
    const large = docxBytes();
    expect(await checkContent(large.subarray(0, SNIFF_BYTES), DOCX)).toMatchObject({ ok: true });
    // A truncated container is no valid document: refused, not an exception.
    expect(await checkContent(docxBytes().subarray(0, 40), DOCX)).toMatchObject({ ok: false });
  });
});

describe("checkContent bundled as the Lambda functions are", () => {
  it("runs from an ESM bundle made with the functions' esbuild options (file-type is ESM-only)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dvc-sniff-bundle-"));
    try {
      const entry = join(dir, "entry.ts");
      writeFileSync(
        entry,
        `import { checkContent } from ${JSON.stringify(join(process.cwd(), "functions/core/content-check.ts"))};
         const pdf = new TextEncoder().encode("%PDF-1.7\\n%âãÏÓ\\n1 0 obj\\n");
         const exe = new Uint8Array(512); exe.set([0x4d, 0x5a]); new DataView(exe.buffer).setUint32(0x3c, 0x80, true); exe.set([0x50, 0x45, 0, 0], 0x80);
         console.log(JSON.stringify([await checkContent(pdf, "application/pdf"), await checkContent(exe, "application/pdf")]));`,
      );
      const outfile = join(dir, "out.mjs");
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: "node",
        target: "node22",
        format: FUNCTION_BUNDLING.format,
        minify: FUNCTION_BUNDLING.minify,
        mainFields: ESBUILD_OVERRIDES.mainFields,
        // The banner SST v2 puts on every ESM function bundle (sst/runtime/handlers/node.js): file-type's
        // dependencies require() Node built-ins, which an ESM bundle can only do through it.
        banner: { js: "import { createRequire as topLevelCreateRequire } from 'module';\nconst require = topLevelCreateRequire(import.meta.url);" },
        logLevel: "silent",
      });
      const run = spawnSync(process.execPath, [outfile], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual([
        { ok: true, detected: "application/pdf" },
        { ok: false, detected: "application/x-msdownload" },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
