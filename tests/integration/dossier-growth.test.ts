import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoDossierRepository, GROWTH_ITEM_BYTES, MAX_ITEM_BYTES } from "../../functions/adapters/dynamo/dossier-repository";
import { MAX_FILES_PER_DOSSIER, MAX_RESULT_FILES } from "../../functions/core/dossier/attachments";
import { change } from "../../functions/core/dossier/change";
import { hashToken } from "../../functions/core/dossier/codes";
import type { Command } from "../../functions/core/dossier/decide";
import type { Actor, Attachment, Dossier, Payment } from "../../functions/core/dossier/model";
import { MAX_PAYMENT_ATTEMPTS } from "../../functions/core/payment/service";
import type { DossierRepository } from "../../functions/core/ports";
import { startLocalStores, type LocalStores } from "../support/local-stores";

/**
 * The growth budget of a dossier's record (core/dossier/growth.ts, GROWTH_ITEM_BYTES in the dynamo adapter), on
 * dynalite — which refuses an item past 400 KB as DynamoDB does. A dossier is made as large as anyone can make it:
 * the largest form, every file the citizen may declare with the longest names, then agencies passing it back and
 * forth with the longest notes until the store refuses. Every bounded step that can still follow — a receipt, every
 * payment attempt, the apology, every result file, the decision, the result, the rating — each at its longest, must
 * then still fit: the reserve below the limit is large enough, and no dossier is ever stuck.
 */

let local: LocalStores;
let dossiers: DossierRepository;
const A = "000.00.31.H99";
const B = "000.00.12.H99";
const CITIZEN: Actor = { type: "citizen" };
const SYSTEM: Actor = { type: "system" };
const agency = (agencyCode: string): Actor => ({ type: "agency", agencyCode, keyId: "k" });
/** The longest note an agency may write (4,000 characters), in 3-byte characters. */
const NOTE = "ệ".repeat(4000);
/** The longest file name (255 characters), in 3-byte characters. */
const fileName = (i: number) => `${i}`.padEnd(251, "ệ") + ".pdf";
const later = new Date("2030-01-01T00:00:00Z"); // long past the due date: late, so an apology is due

function file(code: string, id: string, kind: Attachment["kind"], i: number): Attachment {
  return {
    id,
    documentKey: kind === "result" ? "result" : `giay-to-so-${i % 5}`,
    fileName: fileName(i),
    mediaType: "application/pdf",
    size: 1000 + i,
    sha256: "a".repeat(64),
    objectKey: `${kind === "result" ? "results" : "dossiers"}/${code}/${id}`,
    state: "declared",
    declaredAt: new Date().toISOString(),
    kind,
  };
}

/** A VNPay attempt as stored: its signed payment URL is most of it. */
function attempt(i: number): Payment {
  return {
    status: "pending",
    amount: 50_000,
    currency: "VND",
    provider: "vnpay",
    reference: `DVC261120${String(i).padStart(10, "0")}`,
    createdAt: later.toISOString(),
    expiresAt: new Date(later.getTime() + 15 * 60_000).toISOString(),
    paymentUrl: `https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?${"vnp_Param=x&".repeat(60)}vnp_SecureHash=${"f".repeat(128)}`,
    locale: "vi",
  };
}

beforeAll(async () => {
  local = await startLocalStores();
  // Deployed, the stream carries each change's events and the item keeps only the last change's.
  dossiers = dynamoDossierRepository(local.adapters.db, local.config.tableName, { outbox: "stream" });
});
afterAll(async () => local?.close());

describe("a dossier made as large as it can be made", () => {
  it("still takes every bounded step that can follow, each at its longest", async () => {
    const code = `${A}-261120-0001`;
    const at = "2026-11-20T01:00:00.000Z";
    // The largest form the API takes (its JSON body is 64 KB at most).
    const formData = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`truong-${i}`, "x".repeat(2000)]));
    let d: Dossier = {
      code,
      procedureCode: "1.001193",
      procedureName: "Đăng ký khai sinh",
      agencyCode: A,
      receivingAgencyCode: A,
      status: "draft",
      version: 1,
      applicant: { fullName: "Nguyễn Văn A", idType: "cccd", idNumber: "079190012345", phone: "0903123456" },
      delivery: "online",
      formData,
      tokenHash: hashToken("t"),
      attachments: {},
      timeline: [{ action: "create", status: "draft", at, by: CITIZEN }],
      createdAt: at,
      channel: "online",
      supplementRequests: 0,
      clock: { processingDays: 2, unit: "working_days", supplement: "pause" },
      round: 0,
    };
    await dossiers.create(d);
    const guard = { statuses: ["draft"] as const, tokenHash: d.tokenHash, maxFiles: MAX_FILES_PER_DOSSIER, maxDocumentBytes: 30 * 1024 * 1024, repeatable: true };
    for (let i = 0; i < MAX_FILES_PER_DOSSIER; i++) d = await dossiers.addAttachment(code, file(code, `doc-${i}`, "document", i), guard);

    const step = async (command: Command, actor: Actor, now = later) => (d = await change({ dossiers }, d, command, { now, actor }));
    await step({ type: "submit", verified: Object.keys(d.attachments) }, CITIZEN, new Date(at));
    await step({ type: "receive", note: NOTE }, agency(A), new Date(at));

    // Agencies pass it back and forth with the longest notes until the store refuses, then with ever shorter ones
    // until not even a short one fits: its growth budget is spent.
    let holder = A;
    const refusals: unknown[] = [];
    for (let length = NOTE.length; length >= 1; length = Math.floor(length / 2)) {
      for (let round = 0; round < 200; round++) {
        const to = holder === A ? B : A;
        try {
          await step({ type: "transfer", toAgencyCode: to, note: NOTE.slice(0, length) }, agency(holder), new Date(at));
        } catch (err) {
          refusals.push(err);
          break;
        }
        holder = to;
        await step({ type: "receive", note: NOTE }, agency(holder), new Date(at));
      }
    }
    expect(refusals.length).toBeGreaterThan(5);
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: "dossier.too_large", kind: "rule" });
    await expect(step({ type: "request_supplement", note: "Bổ sung" }, agency(holder))).rejects.toMatchObject({ code: "dossier.too_large" });
    await expect(step({ type: "assign", officerId: "o1", name: "Cán bộ" }, { type: "officer", agencyCode: holder, officerId: "o1", name: "Cán bộ" })).rejects.toMatchObject({
      code: "dossier.too_large",
    });

    // What can still come, each at its longest.
    for (let i = 0; i < MAX_PAYMENT_ATTEMPTS; i++) await step({ type: "payment_pending", payment: attempt(i) }, CITIZEN);
    const last = attempt(MAX_PAYMENT_ATTEMPTS - 1).reference;
    await step({ type: "payment_paid", reference: last, transactionNo: "14000001", responseCode: "00" }, SYSTEM);
    await step({ type: "apologize", note: NOTE, newDueAt: new Date(later.getTime() + 86_400_000).toISOString() }, agency(holder));
    const resultGuard = { statuses: ["received"] as const, agencyCode: holder, maxFiles: MAX_FILES_PER_DOSSIER + MAX_RESULT_FILES, maxDocumentBytes: 30 * 1024 * 1024, repeatable: false };
    for (let i = 0; i < MAX_RESULT_FILES; i++) d = await dossiers.addAttachment(code, file(code, `result-${i}`, "result", i), resultGuard);
    await step({ type: "approve", note: NOTE }, agency(holder));
    await step({ type: "return_result", results: Object.values(d.attachments).filter((a) => a.kind === "result").map((a) => a.id), note: NOTE }, agency(holder));
    await step({ type: "feedback", rating: 5, comment: "ệ".repeat(2000) }, CITIZEN);

    const stored = await dossiers.get(code);
    expect(stored?.status).toBe("returned");
    expect(stored?.feedback?.rating).toBe(5);
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(MAX_ITEM_BYTES);
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeGreaterThan(GROWTH_ITEM_BYTES);
  }, 120_000);
});
