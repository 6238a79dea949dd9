import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashToken } from "../../functions/core/dossier/codes";
import { assertAllowed, commandFrom, decide, RULES, type Command, type CommandType, type DecideContext } from "../../functions/core/dossier/decide";
import { DOSSIER_STATUSES, type Actor, type Dossier, type DossierStatus } from "../../functions/core/dossier/model";
import { DomainError } from "../../functions/core/errors";

/**
 * `decide` (functions/core/dossier/decide.ts): every command against every status, from a table written here from
 * docs/domain.md's lifecycle (not read from the code's own table), and a property over random command sequences.
 */

const A = "000.00.31.H99";
const CITIZEN: Actor = { type: "citizen" };
const AGENCY: Actor = { type: "agency", agencyCode: A, keyId: "k1" };
const OFFICER: Actor = { type: "officer", agencyCode: A, officerId: "o1", name: "Lê Văn Cán Bộ" };
const SYSTEM: Actor = { type: "system" };

const BEFORE_RESULT: DossierStatus[] = ["submitted", "received", "supplement_requested", "transferred"];
const NOT_ENDED: DossierStatus[] = ["draft", ...BEFORE_RESULT, "approved", "denied"];

/** Where each command may start (docs/domain.md "The dossier lifecycle"), and who sends it. */
const EXPECTED: Record<CommandType, { from: DossierStatus[] | "any"; actor: Actor; to: DossierStatus | "same" }> = {
  submit: { from: ["draft"], actor: CITIZEN, to: "submitted" },
  withdraw: { from: ["draft", ...BEFORE_RESULT], actor: CITIZEN, to: "withdrawn" },
  supplement: { from: ["supplement_requested"], actor: CITIZEN, to: "received" },
  feedback: { from: ["returned"], actor: CITIZEN, to: "same" },
  receive: { from: ["submitted", "transferred"], actor: AGENCY, to: "received" },
  // A dossier taken in at the one-stop desk (or by post): submitted and received at once, from the draft just made.
  counter_intake: { from: ["draft"], actor: OFFICER, to: "received" },
  // The applicant's papers of a counter (or post) dossier, scanned at the desk once it is received (and those brought
  // back for a supplement).
  attach_document: { from: ["received", "supplement_requested"], actor: OFFICER, to: "same" },
  // The applicant of a counter (or post) dossier brings what was asked back to the desk.
  receive_supplement: { from: ["supplement_requested"], actor: OFFICER, to: "received" },
  reject_intake: { from: ["submitted"], actor: AGENCY, to: "rejected_intake" },
  request_supplement: { from: ["received"], actor: OFFICER, to: "supplement_requested" },
  transfer: { from: ["received"], actor: AGENCY, to: "transferred" },
  assign: { from: ["received", "supplement_requested"], actor: OFFICER, to: "same" },
  approve: { from: ["received"], actor: AGENCY, to: "approved" },
  deny: { from: ["received"], actor: OFFICER, to: "denied" },
  return_result: { from: ["approved", "denied"], actor: AGENCY, to: "returned" },
  stop: { from: BEFORE_RESULT, actor: AGENCY, to: "stopped" },
  // Not while waiting on the citizen: a paused clock is not late.
  apologize: { from: ["received", "transferred", "approved", "denied"], actor: AGENCY, to: "same" },
  payment_pending: { from: NOT_ENDED, actor: CITIZEN, to: "same" },
  payment_paid: { from: "any", actor: SYSTEM, to: "same" },
  payment_failed: { from: "any", actor: SYSTEM, to: "same" },
  payment_expired: { from: "any", actor: SYSTEM, to: "same" },
  recompute_due: { from: "any", actor: SYSTEM, to: "same" },
  expire_uploads: { from: ["draft"], actor: SYSTEM, to: "same" },
  // Malware found after a file was handed in is recorded whatever the dossier did meanwhile.
  flag_malware: { from: "any", actor: SYSTEM, to: "same" },
};

const NOW = new Date("2026-11-25T10:00:00+07:00");

/**
 * A dossier in `status` for which every other rule of every command holds (late, a pending payment, a post delivery,
 * taken in at the counter).
 */
function dossierIn(status: DossierStatus): Dossier {
  return {
    code: `${A}-261120-0001`,
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: A,
    receivingAgencyCode: A,
    status,
    version: 7,
    applicant: { fullName: "Nguyễn Văn A", idType: "cccd", idNumber: "079190012345", phone: "0903123456" },
    delivery: "post",
    formData: {},
    tokenHash: hashToken("t"),
    attachments: {
      d1: {
        id: "d1",
        documentKey: "to-khai",
        fileName: "to-khai.pdf",
        mediaType: "application/pdf",
        size: 10,
        sha256: "0".repeat(64),
        objectKey: `dossiers/x/d1`,
        state: "declared",
        declaredAt: "2026-11-20T01:00:00.000Z",
        kind: "document",
      },
    },
    timeline: [
      { action: "create", status: "draft", at: "2026-11-20T01:00:00.000Z", by: CITIZEN },
      // Waiting for a supplement: asked for, and one paper brought back to the desk since (receive_supplement).
      ...(status === "supplement_requested"
        ? [
            { action: "request_supplement" as const, status, at: "2026-11-21T03:00:00.000Z", by: OFFICER, note: "Thiếu tờ khai" },
            { action: "attach_document" as const, status, at: "2026-11-22T03:00:00.000Z", by: OFFICER, note: "to-khai" },
          ]
        : []),
    ],
    createdAt: "2026-11-20T01:00:00.000Z",
    submittedAt: status === "draft" ? undefined : "2026-11-20T02:00:00.000Z",
    channel: "counter",
    receivedAt: status === "draft" || status === "submitted" ? undefined : "2026-11-20T03:00:00.000Z",
    dueAt: status === "draft" || status === "submitted" ? undefined : "2026-11-23T03:00:00.000Z",
    pausedAt: status === "supplement_requested" ? "2026-11-21T03:00:00.000Z" : undefined,
    supplementRequests: status === "supplement_requested" ? 1 : 0,
    resolvedAt: ["approved", "denied", "returned"].includes(status) ? "2026-11-24T03:00:00.000Z" : undefined,
    resolution: ["approved", "denied", "returned"].includes(status) ? "late" : undefined,
    payment: { status: "pending", amount: 50_000, provider: "vnpay", reference: "REF1", expiresAt: "2026-11-25T02:00:00.000Z" },
    payments: [{ status: "pending", amount: 50_000, provider: "vnpay", reference: "REF1", expiresAt: "2026-11-25T02:00:00.000Z" }],
    clock: { processingDays: 2, unit: "working_days", supplement: "pause" },
    round: status === "supplement_requested" ? 1 : 0,
  };
}

function commandOf(type: CommandType): Command {
  switch (type) {
    case "payment_pending":
      return {
        type,
        payment: { status: "pending", amount: 50_000, provider: "vnpay", reference: "REF2", expiresAt: "2026-11-25T04:00:00.000Z" },
      };
    case "payment_paid":
    case "payment_failed":
      return { type, reference: "REF1", transactionNo: "14000001", responseCode: type === "payment_paid" ? "00" : "24" };
    case "payment_expired":
      return { type, reference: "REF1" };
    default:
      return commandFrom(type, {
        note: "Ghi chú của cán bộ",
        toAgencyCode: "000.00.12.H99",
        newDueAt: "2026-12-01T10:00:00+07:00",
        officerId: "o2",
        officerName: "Trần Thị Chuyên Viên",
        rating: 5,
        verified: type === "supplement" || type === "submit" ? ["d1"] : [],
        dueAt: "2026-11-30T03:00:00.000Z",
        attachmentIds: ["d1"],
      });
  }
}

const context = (actor: Actor): DecideContext => ({ now: NOW, actor });

describe("decide: every command × every status", () => {
  const cells = (Object.keys(EXPECTED) as CommandType[]).flatMap((type) => DOSSIER_STATUSES.map((status) => [type, status] as const));

  it("covers every command the code knows, and no other", () => {
    const known = Object.keys(RULES).filter((name) => !["attach", "upload_result", "view"].includes(name));
    expect(new Set(known)).toEqual(new Set(Object.keys(EXPECTED)));
  });

  it.each(cells)("%s from %s", (type, status) => {
    const expected = EXPECTED[type];
    const allowed = expected.from === "any" || expected.from.includes(status);
    const dossier = dossierIn(status);
    const act = () => decide(dossier, commandOf(type), context(expected.actor));
    if (!allowed) {
      expect(act).toThrowError(expect.objectContaining({ code: "dossier.invalid_transition" }));
      return;
    }
    const { next, events } = act();
    expect(next.status).toBe(expected.to === "same" ? status : expected.to);
    expect(next.version).toBe(dossier.version + 1);
    expect(next.timeline.slice(0, -1)).toEqual(dossier.timeline);
    expect(next.timeline.at(-1)).toMatchObject({ action: type, status: next.status, by: expected.actor });
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => `${dossier.code}/${dossier.version + 1}/${i}`));
    for (const event of events) {
      expect(event).toMatchObject({ dossierCode: dossier.code, version: next.version, actor: expected.actor });
      expect(event.data).toMatchObject({ status: next.status, previousStatus: status });
      // No personal data rides in an event.
      expect(JSON.stringify(event)).not.toContain(dossier.applicant.idNumber);
      expect(JSON.stringify(event)).not.toContain(dossier.applicant.phone);
    }
  });
});

describe("decide: who may act", () => {
  it("refuses an agency acting on another agency's dossier, and a citizen sending an agency's command", () => {
    const dossier = dossierIn("submitted");
    const other: Actor = { type: "agency", agencyCode: "000.00.12.H99" };
    expect(() => decide(dossier, commandOf("receive"), context(other))).toThrowError(expect.objectContaining({ code: "dossier.not_yours" }));
    expect(() => decide(dossier, commandOf("receive"), context(CITIZEN))).toThrowError(expect.objectContaining({ code: "dossier.not_yours" }));
    expect(() => decide(dossier, commandOf("payment_paid"), context(CITIZEN))).toThrowError(expect.objectContaining({ kind: "forbidden" }));
    expect(() => assertAllowed(dossier, "attach", CITIZEN)).toThrowError(expect.objectContaining({ code: "dossier.invalid_transition" }));
  });
});

describe("decide: the rules besides status", () => {
  it("records an officer's paper on a counter or post dossier once, naming the document; never on an online dossier", () => {
    const received = dossierIn("received");
    const { next, events } = decide(received, commandOf("attach_document"), context(OFFICER));
    expect(next.attachments.d1).toMatchObject({ state: "verified", round: 0 });
    expect(next.timeline.at(-1)).toMatchObject({ action: "attach_document", note: "to-khai", by: OFFICER });
    expect(events.map((e) => [e.type, e.data.attachmentIds])).toEqual([["dossier.document_attached", ["d1"]]]);
    expect(() => decide(next, commandOf("attach_document"), context(OFFICER))).toThrowError(expect.objectContaining({ code: "attachment.already_attached" }));
    expect(() => decide(received, { type: "attach_document", attachmentId: "nope" }, context(OFFICER))).toThrowError(
      expect.objectContaining({ code: "attachment.not_found" }),
    );
    expect(decide({ ...received, channel: "post" }, commandOf("attach_document"), context(OFFICER)).next.attachments.d1?.state).toBe("verified");
    expect(() => decide({ ...received, channel: "online" }, commandOf("attach_document"), context(OFFICER))).toThrowError(
      expect.objectContaining({ code: "attachment.counter_only", kind: "rule" }),
    );
    // An agency's system has no desk: the papers are an officer's.
    expect(() => decide(received, commandOf("attach_document"), context(AGENCY))).toThrowError(expect.objectContaining({ code: "dossier.not_yours" }));
  });

  it("takes a supplement brought to the desk: papers attached while waiting, then the clock runs again; never online, never empty", () => {
    const waiting = dossierIn("supplement_requested");
    const fresh: Dossier = { ...waiting, timeline: waiting.timeline.filter((e) => e.action !== "attach_document") };
    // The paper goes on while the dossier waits.
    const attached = decide(fresh, commandOf("attach_document"), context(OFFICER)).next;
    expect(attached).toMatchObject({ status: "supplement_requested", attachments: { d1: { state: "verified" } } });
    // Nothing brought since the request: refused as the citizen's empty supplement is.
    expect(() => decide(fresh, commandOf("receive_supplement"), context(OFFICER))).toThrowError(
      expect.objectContaining({ code: "dossier.supplement_empty", kind: "rule" }),
    );
    const { next, events } = decide(attached, commandOf("receive_supplement"), context(OFFICER));
    expect(next).toMatchObject({ status: "received", pausedAt: undefined });
    // The due date moves by the time the dossier waited, as for the citizen's own supplement.
    expect(next.dueAt).toBe(decide(waiting, commandOf("supplement"), context(CITIZEN)).next.dueAt);
    expect(Date.parse(next.dueAt!)).toBeGreaterThan(Date.parse(waiting.dueAt!));
    expect(next.timeline.at(-1)).toMatchObject({ action: "receive_supplement", status: "received", by: OFFICER });
    expect(events.map((e) => [e.type, e.actor])).toEqual([["dossier.supplemented", OFFICER]]);
    // An online dossier's citizen supplements online; an agency's system may record a desk supplement too.
    expect(() => decide({ ...attached, channel: "online" }, commandOf("receive_supplement"), context(OFFICER))).toThrowError(
      expect.objectContaining({ code: "attachment.counter_only" }),
    );
    expect(decide(attached, commandOf("receive_supplement"), context(AGENCY)).next.status).toBe("received");
  });

  it("sets the due date at the first receipt only: a transferred dossier keeps its clock", () => {
    const submitted = dossierIn("submitted");
    const { next: received } = decide({ ...submitted, dueAt: undefined }, commandOf("receive"), context(AGENCY));
    expect(received.dueAt).toBeDefined();
    expect(received.firstReceivedAt).toBe(NOW.toISOString());
    const { next: transferred } = decide(received, commandOf("transfer"), context(AGENCY));
    const other: Actor = { type: "agency", agencyCode: "000.00.12.H99" };
    const later = new Date(NOW.getTime() + 86_400_000);
    const { next: again } = decide(transferred, commandOf("receive"), { now: later, actor: other });
    expect(again.dueAt).toBe(received.dueAt);
    expect(again.firstReceivedAt).toBe(received.firstReceivedAt);
    expect(again.firstReceivedBy).toBe(A);
  });

  it("requires reasons, refuses a second apology or rating, and an apology that is not due", () => {
    const received = dossierIn("received");
    expect(() => decide(received, { type: "stop", note: " " }, context(AGENCY))).toThrowError(
      expect.objectContaining({ code: "dossier.reason_required" }),
    );
    const onTime = { ...received, dueAt: "2026-12-30T03:00:00.000Z" };
    expect(() => decide(onTime, commandOf("apologize"), context(AGENCY))).toThrowError(expect.objectContaining({ code: "dossier.apology_not_due" }));
    const { next } = decide(received, commandOf("apologize"), context(AGENCY));
    expect(() => decide(next, commandOf("apologize"), context(AGENCY))).toThrowError(expect.objectContaining({ code: "dossier.apology_exists" }));
    const returned = dossierIn("returned");
    const { next: rated } = decide(returned, commandOf("feedback"), context(CITIZEN));
    expect(() => decide(rated, commandOf("feedback"), context(CITIZEN))).toThrowError(expect.objectContaining({ code: "dossier.feedback_exists" }));
  });

  it("records a default apology, and its event, when a late dossier is approved without one", () => {
    const { next, events } = decide(dossierIn("received"), commandOf("approve"), context(AGENCY));
    expect(next.resolution).toBe("late");
    expect(next.apology?.text).toContain(next.code);
    expect(events.map((e) => e.type)).toEqual(["dossier.approved", "dossier.apologized"]);
  });

  it("refuses an online result without documents, and a paid procedure's result before payment", () => {
    const approved = { ...dossierIn("approved"), delivery: "online" as const };
    expect(() => decide(approved, { type: "return_result", results: [] }, context(AGENCY))).toThrowError(
      expect.objectContaining({ code: "dossier.result_required" }),
    );
    const procedure = { fee: { amount: 50_000, currency: "VND" as const, serviceFee: 0, charge: 0 }, paymentTiming: "before_result" as const };
    expect(() => decide(dossierIn("approved"), { type: "return_result", results: [] }, { ...context(AGENCY), procedure })).toThrowError(
      expect.objectContaining({ code: "payment.required" }),
    );
  });

  it("confirms a pending attempt once: a second notice for it is refused", () => {
    const { next } = decide(dossierIn("received"), commandOf("payment_paid"), context(SYSTEM));
    expect(next.payment).toMatchObject({ status: "paid", transactionNo: "14000001" });
    expect(() => decide(next, commandOf("payment_paid"), context(SYSTEM))).toThrowError(expect.objectContaining({ code: "payment.not_pending" }));
    expect(() => decide(next, commandOf("payment_pending"), context(CITIZEN))).toThrowError(expect.objectContaining({ code: "payment.already_paid" }));
  });

  it("ends an expired pending attempt when a new one starts, with a payment.expired event", () => {
    const { next, events } = decide(dossierIn("draft"), commandOf("payment_pending"), context(CITIZEN));
    expect(next.payment?.reference).toBe("REF2");
    expect(next.payments?.find((p) => p.reference === "REF1")).toMatchObject({ status: "failed", failure: "expired" });
    expect(events.map((e) => e.type)).toEqual(["payment.pending", "payment.expired"]);
  });
});

describe("decide: any sequence of commands", () => {
  const TYPES = Object.keys(EXPECTED) as CommandType[];
  const ENDED: DossierStatus[] = ["rejected_intake", "withdrawn", "stopped", "returned"];
  const actors: Actor[] = [CITIZEN, AGENCY, OFFICER, SYSTEM, { type: "agency", agencyCode: "000.00.12.H99" }];

  it("moves the version by one per change, only appends to the timeline, never leaves an ended status, and sets the due date once", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.constantFrom(...TYPES), actor: fc.constantFrom(...actors), minutes: fc.integer({ min: 1, max: 5_000 }) }), {
          maxLength: 40,
        }),
        (steps) => {
          let dossier: Dossier = { ...dossierIn("draft"), dueAt: undefined, payment: undefined, payments: undefined, version: 1 };
          let now = NOW.getTime();
          let dueSetBy: CommandType | undefined;
          for (const step of steps) {
            now += step.minutes * 60_000;
            let decided;
            try {
              decided = decide(dossier, commandOf(step.type), { now: new Date(now), actor: step.actor });
            } catch (err) {
              if (!(err instanceof DomainError)) throw err;
              continue; // refused: nothing changes
            }
            const { next } = decided;
            expect(next.version).toBe(dossier.version + 1);
            expect(next.timeline.slice(0, dossier.timeline.length)).toEqual(dossier.timeline);
            expect(next.timeline).toHaveLength(dossier.timeline.length + 1);
            if (ENDED.includes(dossier.status)) expect(next.status).toBe(dossier.status);
            if (dossier.dueAt === undefined && next.dueAt !== undefined) {
              expect(["receive", "counter_intake", "recompute_due"]).toContain(step.type);
              dueSetBy ??= step.type;
            }
            if (dossier.dueAt !== undefined && next.dueAt !== dossier.dueAt) {
              // After the first receipt the due date moves only when the citizen's supplement resumes the clock or a
              // corrected calendar recomputes it; a transfer and the next receipt keep it.
              expect(["supplement", "recompute_due"]).toContain(step.type);
            }
            dossier = next;
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
