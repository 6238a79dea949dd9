import { describe, expect, it } from "vitest";
import { screenAttachments } from "../../functions/core/dossier/attachments";
import type { Attachment } from "../../functions/core/dossier/model";
import type { MalwareScanner, ScanVerdict } from "../../functions/core/ports";
import { pdfBytes } from "../support/portal";

/**
 * The submission's policy on a scanner's answer (functions/core/dossier/attachments.ts screenAttachments): what passes,
 * what is refused as what. The scanners themselves are tested against clamd and the GuardDuty tag in
 * tests/integration/malware-scanners.test.ts, and the whole path through clamd in tests/http/screening.test.ts.
 */

const file = (id: string): Attachment => ({
  id,
  documentKey: `doc-${id}`,
  fileName: `${id}.pdf`,
  mediaType: "application/pdf",
  size: 1000,
  sha256: "0".repeat(64),
  objectKey: `dossiers/X/${id}`,
  state: "declared",
  declaredAt: "2026-11-20T01:00:00.000Z",
  kind: "document",
});

const files = { head: async () => pdfBytes(1000, "ok") };
const scanner = (verdict: ScanVerdict, verdictsGateDownloads: boolean): MalwareScanner => ({
  name: verdictsGateDownloads ? "guardduty" : "clamav",
  verdictsGateDownloads,
  scan: async () => verdict,
});

describe("screenAttachments: the answer a scanner gives, at submission", () => {
  it("passes a clean file, and a file no scanner looked at (a local portal without ClamAV) when its content is right", async () => {
    expect(await screenAttachments({ files, scanner: scanner({ status: "clean" }, false) }, [file("a")])).toEqual([]);
    expect(await screenAttachments({ files }, [file("a")])).toEqual([]);
  });

  it("refuses an infected file whatever the scanner", async () => {
    for (const gates of [true, false]) {
      expect(await screenAttachments({ files, scanner: scanner({ status: "infected", signature: "Eicar" }, gates) }, [file("a")])).toEqual([
        { path: "documents.doc-a", message: "attachment.infected" },
      ]);
    }
  });

  it("passes a file with no verdict yet only where downloads wait for the clean verdict (GuardDuty's tag)", async () => {
    expect(await screenAttachments({ files, scanner: scanner({ status: "pending" }, true) }, [file("a")])).toEqual([]);
    expect(await screenAttachments({ files, scanner: scanner({ status: "pending" }, false) }, [file("a")])).toEqual([
      { path: "documents.doc-a", message: "attachment.scan_pending" },
    ]);
  });

  it("refuses a file the scanner cannot decide about, and answers 'unavailable' (503) when the scanner is not there", async () => {
    expect(await screenAttachments({ files, scanner: scanner({ status: "error", reason: "UNSUPPORTED" }, true) }, [file("a")])).toEqual([
      { path: "documents.doc-a", message: "attachment.scan_failed" },
    ]);
    await expect(
      screenAttachments({ files, scanner: scanner({ status: "error", reason: "ECONNREFUSED", unavailable: true }, false) }, [file("a")]),
    ).rejects.toMatchObject({ kind: "unavailable", code: "storage.unavailable" });
  });

  it("names each bad file at its path, in path order, and checks content before trusting any verdict", async () => {
    const html = { head: async (key: string) => (key.endsWith("/b") ? new TextEncoder().encode("<html>") : pdfBytes(500, "x")) };
    expect(await screenAttachments({ files: html, scanner: scanner({ status: "clean" }, false) }, [file("b"), file("a")], (a) => `results.${a.id}`)).toEqual([
      { path: "results.b", message: "attachment.content_mismatch" },
    ]);
    const missing = { head: async () => undefined };
    expect(await screenAttachments({ files: missing, scanner: scanner({ status: "clean" }, false) }, [file("a")])).toEqual([
      { path: "documents.doc-a", message: "attachment.missing_upload" },
    ]);
  });
});
