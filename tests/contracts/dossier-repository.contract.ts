import { describe, expect, it } from "vitest";
import { atVietnamTime } from "../../functions/core/calendar";
import { codeDay, formatDossierCode } from "../../functions/core/dossier/codes";
import type { DossierEvent } from "../../functions/core/dossier/events";
import type { Dossier } from "../../functions/core/dossier/model";
import type { ShelfQuery } from "../../functions/core/officer/inbox";
import type { DossierRepository } from "../../functions/core/ports";
import {
  act,
  AGENCY,
  attachment,
  citizenGuard,
  draft,
  OTHER_AGENCY,
  rejection,
  result,
  submitted,
} from "./fixtures";

/**
 * The contract of `DossierRepository` (functions/core/ports.ts): what the dossier services rely on, run against the
 * in-memory fake and the DynamoDB adapter on dynalite, in both event modes.
 */
export interface DossierRepositoryHarness {
  dossiers: DossierRepository;
  /** The event source the repository writes for: the store's stream (deployed) or the poller (local). */
  mode: "stream" | "poll";
  /** The events the stored record carries for its event source. */
  carried(code: string): Promise<DossierEvent[]>;
}

const KB = 1024;

export function describeDossierRepositoryContract(name: string, makePort: () => Promise<DossierRepositoryHarness>) {
  describe(`DossierRepository contract: ${name}`, () => {
    /** Creates the dossiers and returns the repository. */
    async function withDossiers(...list: Dossier[]) {
      const port = await makePort();
      for (const dossier of list) await port.dossiers.create(dossier);
      return port;
    }
    const codesOf = (items: Dossier[]) => items.map((d) => d.code);

    describe("nextSequence", () => {
      it("counts each agency's day from 1, one number per call, none given twice under concurrency", async () => {
        const { dossiers } = await makePort();

        const numbers = await Promise.all(Array.from({ length: 12 }, () => dossiers.nextSequence(AGENCY, "260302")));
        const otherDay = await dossiers.nextSequence(AGENCY, "260303");
        const otherAgency = await dossiers.nextSequence(OTHER_AGENCY, "260302");

        expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect(otherDay).toBe(1);
        expect(otherAgency).toBe(1);
      });
    });

    describe("create and get", () => {
      it("gets a dossier as it was created; an unknown code is undefined", async () => {
        const dossier = draft({ formData: { hoTenCha: "Nguyễn Văn Bình", soBanSao: 2, banChinh: true, ghiChu: null } });
        const { dossiers } = await withDossiers(dossier);

        expect(await dossiers.get(dossier.code)).toEqual(dossier);
        expect(await dossiers.get(draft().code)).toBeUndefined();
      });

      it("refuses a taken code with dossier.exists and keeps the first dossier", async () => {
        const first = draft();
        const { dossiers } = await withDossiers(first);

        const refused = await rejection(dossiers.create({ ...first, procedureName: "Another" }));

        expect(refused).toMatchObject({ kind: "conflict", code: "dossier.exists" });
        expect(await dossiers.get(first.code)).toEqual(first);
      });

      it("stores a large dossier, and refuses one too large for one record with dossier.too_large", async () => {
        const { dossiers } = await makePort();
        const large = draft({ formData: { ghiChu: "x".repeat(100 * KB) } });
        const tooLarge = draft({ formData: { ghiChu: "x".repeat(450 * KB) } });

        await dossiers.create(large);
        const refused = await rejection(dossiers.create(tooLarge));

        expect(await dossiers.get(large.code)).toEqual(large);
        expect(refused).toMatchObject({ kind: "rule", code: "dossier.too_large" });
        expect(await dossiers.get(tooLarge.code)).toBeUndefined();
      });
    });

    describe("commit", () => {
      it("stores next: its new version and status, the changed attachments, the timeline grown by the new entry", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const file = attachment();
        await dossiers.addAttachment(dossier.code, file, citizenGuard());
        const read = (await dossiers.get(dossier.code))!;

        const { next, events } = act(read, { type: "submit", verified: [file.id] });
        await dossiers.commit(read, next, events);

        const stored = await dossiers.get(dossier.code);
        expect(stored).toEqual(next);
        expect(stored!.timeline).toHaveLength(read.timeline.length + 1);
        expect(stored!.attachments[file.id]!.state).toBe("verified");
      });

      it("removes the fields a change clears", async () => {
        const dossier = submitted({
          status: "received",
          version: 3,
          receivedAt: "2026-03-02T03:30:00.000Z",
          firstReceivedAt: "2026-03-02T03:30:00.000Z",
          firstReceivedBy: AGENCY,
          dueAt: "2026-03-09T03:30:00.000Z",
        });
        const { dossiers } = await withDossiers(dossier);
        const requested = act(dossier, { type: "request_supplement", note: "Thiếu giấy chứng sinh" });
        await dossiers.commit(dossier, requested.next, requested.events);
        const file = attachment({ documentKey: "giay-chung-sinh" });
        await dossiers.addAttachment(dossier.code, file, citizenGuard());
        const read = (await dossiers.get(dossier.code))!;
        expect(read.pausedAt).toBeDefined();

        const supplemented = act(read, { type: "supplement", verified: [file.id] });
        await dossiers.commit(read, supplemented.next, supplemented.events);

        const stored = await dossiers.get(dossier.code);
        expect(stored).toEqual(supplemented.next);
        expect(stored).not.toHaveProperty("pausedAt");
      });

      it("writes only what changed: what the change leaves alone keeps its stored value, the stored timeline is appended to", async () => {
        const dossier = submitted();
        const { dossiers } = await withDossiers(dossier);
        // A caller's view that differs from the store in what the change does not touch (same version and status).
        const view: Dossier = {
          ...dossier,
          formData: { hoTenCha: "Someone else" },
          timeline: dossier.timeline.map((entry) => ({ ...entry, note: "edited in the caller's copy" })),
        };

        const { next, events } = act(view, { type: "receive" });
        await dossiers.commit(view, next, events);

        const stored = (await dossiers.get(dossier.code))!;
        expect(stored.formData).toEqual(dossier.formData);
        expect(stored.timeline).toEqual([...dossier.timeline, next.timeline.at(-1)]);
        expect(stored).toMatchObject({ status: "received", version: next.version, dueAt: next.dueAt, receivedAt: next.receivedAt });
      });

      it("refuses a stale version with dossier.version_conflict and changes nothing", async () => {
        const dossier = submitted();
        const { dossiers } = await withDossiers(dossier);
        const first = act(dossier, { type: "receive" });
        await dossiers.commit(dossier, first.next, first.events);

        const late = act(dossier, { type: "reject_intake", note: "Sai thẩm quyền" });
        const refused = await rejection(dossiers.commit(dossier, late.next, late.events));

        expect(refused).toMatchObject({ kind: "conflict", code: "dossier.version_conflict" });
        expect(await dossiers.get(dossier.code)).toEqual(first.next);
      });

      it("refuses a previous whose status is not the stored one, even at the stored version", async () => {
        const dossier = submitted();
        const { dossiers } = await withDossiers(dossier);
        const view: Dossier = { ...dossier, status: "received" };

        const approved = act(view, { type: "approve" });
        const refused = await rejection(dossiers.commit(view, approved.next, approved.events));

        expect(refused).toMatchObject({ kind: "conflict", code: "dossier.version_conflict" });
        expect(await dossiers.get(dossier.code)).toEqual(dossier);
      });

      it("refuses when a file was declared, or taken back, since previous was read", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const before = (await dossiers.get(dossier.code))!;
        const file = attachment();
        await dossiers.addAttachment(dossier.code, file, citizenGuard());
        const withFile = (await dossiers.get(dossier.code))!;

        const declaredSince = act(before, { type: "submit", verified: [] });
        const refusedAdded = await rejection(dossiers.commit(before, declaredSince.next, declaredSince.events));
        await dossiers.removeAttachment(dossier.code, file);
        const takenBackSince = act(withFile, { type: "submit", verified: [file.id] });
        const refusedRemoved = await rejection(dossiers.commit(withFile, takenBackSince.next, takenBackSince.events));

        expect(refusedAdded).toMatchObject({ kind: "conflict", code: "dossier.version_conflict" });
        expect(refusedRemoved).toMatchObject({ kind: "conflict", code: "dossier.version_conflict" });
        const stored = (await dossiers.get(dossier.code))!;
        expect(stored.status).toBe("draft");
        expect(stored.attachments).toEqual({});
      });

      it("refuses a change of a dossier that does not exist with dossier.version_conflict", async () => {
        const { dossiers } = await makePort();
        const ghost = submitted();

        const received = act(ghost, { type: "receive" });
        const refused = await rejection(dossiers.commit(ghost, received.next, received.events));

        expect(refused).toMatchObject({ kind: "conflict", code: "dossier.version_conflict" });
        expect(await dossiers.get(ghost.code)).toBeUndefined();
      });

      it("of two changes from the same version, exactly one is committed", async () => {
        const dossier = submitted();
        const { dossiers } = await withDossiers(dossier);
        const received = act(dossier, { type: "receive" });
        const rejected = act(dossier, { type: "reject_intake", note: "Hồ sơ không thuộc thẩm quyền" });

        const outcomes = await Promise.allSettled([
          dossiers.commit(dossier, received.next, received.events),
          dossiers.commit(dossier, rejected.next, rejected.events),
        ]);

        const won = outcomes.map((o) => o.status === "fulfilled");
        expect(won.filter(Boolean)).toHaveLength(1);
        const loser = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
        expect(loser.reason).toMatchObject({ code: "dossier.version_conflict" });
        expect(await dossiers.get(dossier.code)).toEqual(won[0] ? received.next : rejected.next);
      });

      it("writes attachments entry by entry: a declaration that landed meanwhile survives, one taken back stays gone", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const kept = attachment({ size: 100 });
        const takenBack = attachment({ size: 100 });
        await dossiers.addAttachment(dossier.code, kept, citizenGuard());
        await dossiers.addAttachment(dossier.code, takenBack, citizenGuard());
        const read = (await dossiers.get(dossier.code))!;
        // While the submission verifies `read`'s files: another declaration lands, and one is taken back (its
        // procedure's rule refused it): the count is the same as when `read` was taken.
        const landed = attachment({ size: 500 });
        await dossiers.addAttachment(dossier.code, landed, citizenGuard());
        await dossiers.removeAttachment(dossier.code, takenBack);

        const { next, events } = act(read, { type: "submit", verified: [kept.id] });
        await dossiers.commit(read, next, events);

        const stored = (await dossiers.get(dossier.code))!;
        expect(Object.keys(stored.attachments).sort()).toEqual([kept.id, landed.id].sort());
        expect(stored.attachments[kept.id]!.state).toBe("verified");
        expect(stored.attachments[landed.id]).toEqual(landed);
        expect(stored.status).toBe("submitted");
      });

      it("after a change that raced a declaration, the limits count the files the dossier holds", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const kept = attachment({ size: 100 });
        const takenBack = attachment({ size: 100 });
        await dossiers.addAttachment(dossier.code, kept, citizenGuard());
        await dossiers.addAttachment(dossier.code, takenBack, citizenGuard());
        const read = (await dossiers.get(dossier.code))!;
        await dossiers.addAttachment(dossier.code, attachment({ size: 500 }), citizenGuard());
        await dossiers.removeAttachment(dossier.code, takenBack);
        const { next, events } = act(read, { type: "submit", verified: [kept.id] });
        await dossiers.commit(read, next, events);

        // The dossier holds 600 bytes of documents (100 + 500): 300 more break a 700-byte limit.
        const guard = citizenGuard({ statuses: ["submitted"], maxDocumentBytes: 700 });
        const refused = await rejection(dossiers.addAttachment(dossier.code, attachment({ size: 300 }), guard));

        expect(refused).toMatchObject({ kind: "rule", code: "attachment.dossier_too_large" });
      });

      it("removes the attachments next no longer holds, and they no longer count towards the limits", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const first = attachment({ size: 1000 });
        const second = attachment({ size: 1000 });
        await dossiers.addAttachment(dossier.code, first, citizenGuard());
        await dossiers.addAttachment(dossier.code, second, citizenGuard());
        const read = (await dossiers.get(dossier.code))!;

        const { next, events } = act(read, { type: "expire_uploads", attachmentIds: [first.id, second.id] });
        await dossiers.commit(read, next, events);
        const fresh = attachment({ size: 1000 });
        const written = await dossiers.addAttachment(dossier.code, fresh, citizenGuard({ maxFiles: 1, maxDocumentBytes: 1000 }));

        expect(Object.keys(written.attachments)).toEqual([fresh.id]);
        expect((await dossiers.get(dossier.code))!.attachments).toEqual({ [fresh.id]: fresh });
      });

      it("refuses a repeatable change once the record has used its growth budget, and takes a bounded one that fits", async () => {
        // (core/dossier/growth.ts: a transfer, a supplement request or an assignment may come again without end; the
        // steps that end a dossier must always find room.)
        const dossier = submitted();
        const { dossiers } = await withDossiers(dossier);
        const { next, events } = act(dossier, { type: "receive" });
        const grown = { ...next, formData: { ghiChu: "x".repeat(230 * KB) } };

        const refused = await rejection(dossiers.commit(dossier, grown, events, { repeatable: true }));
        expect(refused).toMatchObject({ kind: "rule", code: "dossier.too_large" });
        expect(await dossiers.get(dossier.code)).toEqual(dossier);

        await dossiers.commit(dossier, grown, events, { repeatable: false });
        expect((await dossiers.get(dossier.code))!.formData).toEqual(grown.formData);
      });

      it("refuses a next too large for one record with dossier.too_large and keeps the stored dossier", async () => {
        const dossier = submitted();
        const { dossiers } = await withDossiers(dossier);

        const { next, events } = act(dossier, { type: "receive" });
        const refused = await rejection(dossiers.commit(dossier, { ...next, formData: { ghiChu: "x".repeat(450 * KB) } }, events));

        expect(refused).toMatchObject({ kind: "rule", code: "dossier.too_large" });
        expect(await dossiers.get(dossier.code)).toEqual(dossier);
      });

      it("keeps the events of the change with the record, as its event source needs them", async () => {
        const dossier = submitted();
        const { dossiers, mode, carried } = await withDossiers(dossier);
        const received = act(dossier, { type: "receive" });
        await dossiers.commit(dossier, received.next, received.events);
        const approved = act(received.next, { type: "approve" });
        await dossiers.commit(received.next, approved.next, approved.events);
        // A declared result is no change of the dossier: it brings no events and drops none.
        await dossiers.addAttachment(dossier.code, result(), { statuses: ["approved"], agencyCode: AGENCY, maxFiles: 100, maxDocumentBytes: 1 });

        const events = await carried(dossier.code);

        // Streamed, the stream carries each change: the record holds the last change's events only (it stays small).
        // Polled, the events pile up until the poller acknowledges them (tests/contracts/event-outbox.contract.ts).
        expect(events).toEqual(mode === "stream" ? approved.events : [...received.events, ...approved.events]);
      });
    });

    describe("addAttachment", () => {
      it("adds an attachment and returns the dossier as written, moving no version", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const file = attachment();

        const written = await dossiers.addAttachment(dossier.code, file, citizenGuard());

        expect(written).toEqual(await dossiers.get(dossier.code));
        expect(written).toEqual({ ...dossier, attachments: { [file.id]: file } });
      });

      it("is idempotent: the same declaration again (made later) returns the dossier unchanged", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const file = attachment();
        await dossiers.addAttachment(dossier.code, file, citizenGuard());

        const again = await dossiers.addAttachment(dossier.code, { ...file, declaredAt: "2026-03-02T02:09:00.000Z" }, citizenGuard());
        const concurrent = await Promise.all(Array.from({ length: 4 }, () => dossiers.addAttachment(dossier.code, file, citizenGuard())));

        expect(again.attachments).toEqual({ [file.id]: file });
        for (const written of concurrent) expect(written.attachments).toEqual({ [file.id]: file });
        expect(await dossiers.get(dossier.code)).toEqual({ ...dossier, attachments: { [file.id]: file } });
      });

      it("refuses another declaration under a taken id with attachment.exists", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const file = attachment();
        await dossiers.addAttachment(dossier.code, file, citizenGuard());

        const refused = await rejection(dossiers.addAttachment(dossier.code, { ...file, size: 2000 }, citizenGuard()));

        expect(refused).toMatchObject({ kind: "conflict", code: "attachment.exists" });
        expect((await dossiers.get(dossier.code))!.attachments).toEqual({ [file.id]: file });
      });

      it("refuses an unknown code, or a token hash that does not match, with dossier.not_found", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);

        const wrongToken = await rejection(dossiers.addAttachment(dossier.code, attachment(), citizenGuard({ tokenHash: "b".repeat(64) })));
        const unknown = await rejection(dossiers.addAttachment(draft().code, attachment(), citizenGuard()));
        const unknownForAgency = await rejection(
          dossiers.addAttachment(submitted().code, result(), { statuses: ["received"], agencyCode: AGENCY, maxFiles: 100, maxDocumentBytes: 1 }),
        );

        for (const refused of [wrongToken, unknown, unknownForAgency]) expect(refused).toMatchObject({ kind: "not_found", code: "dossier.not_found" });
        expect(await dossiers.get(dossier.code)).toEqual(dossier);
      });

      it("refuses another agency's dossier with dossier.not_yours, and takes the acting agency's", async () => {
        const dossier = submitted({ status: "received", version: 3 });
        const { dossiers } = await withDossiers(dossier);
        const guard = (agencyCode: string) => ({ statuses: ["received", "approved", "denied"] as const, agencyCode, maxFiles: 100, maxDocumentBytes: 1 });

        const refused = await rejection(dossiers.addAttachment(dossier.code, result(), guard(OTHER_AGENCY)));
        const file = result();
        const written = await dossiers.addAttachment(dossier.code, file, guard(AGENCY));

        expect(refused).toMatchObject({ kind: "forbidden", code: "dossier.not_yours" });
        expect(written.attachments).toEqual({ [file.id]: file });
      });

      it("refuses a dossier outside the guard's statuses with dossier.invalid_transition naming the status", async () => {
        const dossier = submitted();
        const { dossiers } = await withDossiers(dossier);

        const refused = await rejection(dossiers.addAttachment(dossier.code, attachment(), citizenGuard()));

        expect(refused).toMatchObject({ kind: "conflict", code: "dossier.invalid_transition", params: { status: "submitted" } });
        expect(await dossiers.get(dossier.code)).toEqual(dossier);
      });

      it("refuses a file past maxFiles with attachment.too_many, documents and results counted alike", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const guard = citizenGuard({ maxFiles: 2 });
        await dossiers.addAttachment(dossier.code, attachment(), guard);
        await dossiers.addAttachment(dossier.code, result(), guard);

        const refused = await rejection(dossiers.addAttachment(dossier.code, attachment(), guard));

        expect(refused).toMatchObject({ kind: "rule", code: "attachment.too_many" });
        expect(Object.keys((await dossiers.get(dossier.code))!.attachments)).toHaveLength(2);
      });

      it("refuses a repeatable declaration with dossier.too_large once the record has used its growth budget; a result still fits", async () => {
        const dossier = submitted({ status: "received", formData: { ghiChu: "x".repeat(195 * KB) } });
        const { dossiers } = await withDossiers(dossier);
        const heavy = { fileName: `${"ệ".repeat(250)}.pdf` };

        let refused: unknown;
        for (let i = 0; i < 20 && !refused; i++) {
          refused = await dossiers
            .addAttachment(dossier.code, attachment(heavy), citizenGuard({ statuses: ["received"], repeatable: true }))
            .then(() => undefined, (err: unknown) => err);
        }
        expect(refused).toMatchObject({ kind: "rule", code: "dossier.too_large" });

        const written = await dossiers.addAttachment(dossier.code, result(heavy), {
          statuses: ["received"],
          agencyCode: dossier.agencyCode,
          maxFiles: 120,
          maxDocumentBytes: 30 * 1024 * 1024,
          repeatable: false,
        });
        expect(Object.values(written.attachments).filter((a) => a.kind === "result")).toHaveLength(1);
      });

      it("refuses documents past maxDocumentBytes with attachment.dossier_too_large; exactly the limit fits, results do not count", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const guard = citizenGuard({ maxDocumentBytes: 3000 });
        await dossiers.addAttachment(dossier.code, attachment({ size: 1000 }), guard);
        await dossiers.addAttachment(dossier.code, attachment({ size: 2000 }), guard);

        const refused = await rejection(dossiers.addAttachment(dossier.code, attachment({ size: 1 }), guard));
        const bigResult = await dossiers.addAttachment(dossier.code, result({ size: 5000 }), guard);
        const stillRefused = await rejection(dossiers.addAttachment(dossier.code, attachment({ size: 1 }), guard));

        expect(refused).toMatchObject({ kind: "rule", code: "attachment.dossier_too_large" });
        expect(Object.keys(bigResult.attachments)).toHaveLength(3);
        expect(stillRefused).toMatchObject({ code: "attachment.dossier_too_large" });
      });

      it("never lets concurrent declarations past maxFiles", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const guard = citizenGuard({ maxFiles: 3 });

        const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => dossiers.addAttachment(dossier.code, attachment(), guard)));

        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
        for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "attachment.too_many" });
        expect(Object.keys((await dossiers.get(dossier.code))!.attachments)).toHaveLength(3);
      });
    });

    describe("removeAttachment", () => {
      it("takes an attachment back and frees its room under both limits", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);
        const guard = citizenGuard({ maxFiles: 1, maxDocumentBytes: 1000 });
        const first = attachment({ size: 1000 });
        await dossiers.addAttachment(dossier.code, first, guard);
        const second = attachment({ size: 1000 });
        const refused = await rejection(dossiers.addAttachment(dossier.code, second, guard));

        await dossiers.removeAttachment(dossier.code, first);
        const written = await dossiers.addAttachment(dossier.code, second, guard);

        expect(refused).toMatchObject({ code: "attachment.too_many" });
        expect(written.attachments).toEqual({ [second.id]: second });
        expect(written.version).toBe(dossier.version);
      });

      it("is no error for an attachment, or a dossier, that is not there", async () => {
        const dossier = draft();
        const { dossiers } = await withDossiers(dossier);

        await dossiers.removeAttachment(dossier.code, attachment());
        await dossiers.removeAttachment(draft().code, attachment());

        expect(await dossiers.get(dossier.code)).toEqual(dossier);
      });
    });

    describe("inbox", () => {
      it("lists the agency's dossiers past draft, the earliest sort date first (due date, else submission)", async () => {
        const dueFirst = submitted({ status: "received", dueAt: "2026-03-05T03:00:00.000Z", submittedAt: "2026-03-02T05:00:00.000Z" });
        const submittedOnly = submitted({ submittedAt: "2026-03-06T03:00:00.000Z" });
        const dueLast = submitted({ status: "received", dueAt: "2026-03-09T03:00:00.000Z", submittedAt: "2026-03-02T01:00:00.000Z" });
        const stillDraft = draft();
        const others = submitted({ agencyCode: OTHER_AGENCY, submittedAt: "2026-03-02T02:00:00.000Z" });
        const { dossiers } = await withDossiers(dueLast, others, stillDraft, submittedOnly, dueFirst);

        const mine = await dossiers.inbox({ agencyCode: AGENCY, limit: 50 });
        const theirs = await dossiers.inbox({ agencyCode: OTHER_AGENCY, limit: 50 });

        expect(codesOf(mine.items)).toEqual([dueFirst.code, submittedOnly.code, dueLast.code]);
        expect(mine.items[0]).toEqual(dueFirst);
        expect(mine.nextCursor).toBeNull();
        expect(codesOf(theirs.items)).toEqual([others.code]);
      });

      it("filters by status, filling each page with matches only", async () => {
        const list = Array.from({ length: 8 }, (_, i) => {
          const at = new Date(Date.parse("2026-03-03T01:00:00.000Z") + i * 3_600_000).toISOString();
          return i % 2 ? submitted({ status: "received", dueAt: at }) : submitted({ submittedAt: at });
        });
        const { dossiers } = await withDossiers(...list);

        const pages = await allPages(dossiers, { agencyCode: AGENCY, status: "received", limit: 2 });

        expect(pages[0]!.items).toHaveLength(2);
        expect(pages.flatMap((p) => codesOf(p.items))).toEqual(codesOf(list.filter((d) => d.status === "received")));
      });

      it("takes from and to as inclusive Vietnam dates of the sort date", async () => {
        const at = (iso: string) => submitted({ submittedAt: iso });
        const lastOfSecond = at("2026-03-02T16:59:59.999Z"); // 23:59:59.999 on 2 March in Vietnam
        const firstOfThird = at("2026-03-02T17:00:00.000Z"); // 00:00 on 3 March
        const lastOfThird = at("2026-03-03T16:59:59.999Z");
        const firstOfFourth = at("2026-03-03T17:00:00.000Z");
        const { dossiers } = await withDossiers(firstOfFourth, lastOfThird, firstOfThird, lastOfSecond);
        const query = (range: { from?: string; to?: string }) => dossiers.inbox({ agencyCode: AGENCY, limit: 50, ...range }).then((p) => codesOf(p.items));

        expect(await query({ from: "2026-03-03", to: "2026-03-03" })).toEqual([firstOfThird.code, lastOfThird.code]);
        expect(await query({ from: "2026-03-03" })).toEqual([firstOfThird.code, lastOfThird.code, firstOfFourth.code]);
        expect(await query({ to: "2026-03-02" })).toEqual([lastOfSecond.code]);
        expect(await query({ from: "2026-03-05" })).toEqual([]);
      });

      it("pages with limit and cursor: every dossier once, in order, the first page full", async () => {
        const list = Array.from({ length: 7 }, (_, i) => submitted({ submittedAt: new Date(Date.parse("2026-03-03T01:00:00.000Z") + i * 60_000).toISOString() }));
        const { dossiers } = await withDossiers(...[...list].reverse());

        const pages = await allPages(dossiers, { agencyCode: AGENCY, limit: 3 });

        expect(pages[0]!.items).toHaveLength(3);
        expect(pages.flatMap((p) => codesOf(p.items))).toEqual(codesOf(list));
      });

      it("refuses a garbled cursor, or another agency's, with request.invalid_cursor", async () => {
        const { dossiers } = await withDossiers(submitted(), submitted());
        const { nextCursor } = await dossiers.inbox({ agencyCode: AGENCY, limit: 1 });
        expect(nextCursor).toEqual(expect.any(String));

        const garbled = await rejection(dossiers.inbox({ agencyCode: AGENCY, limit: 1, cursor: "not a cursor!" }));
        const forged = await rejection(dossiers.inbox({ agencyCode: AGENCY, limit: 1, cursor: Buffer.from('{"pk":1}').toString("base64url") }));
        const another = await rejection(dossiers.inbox({ agencyCode: OTHER_AGENCY, limit: 1, cursor: nextCursor! }));

        for (const refused of [garbled, forged, another]) expect(refused).toMatchObject({ kind: "malformed", code: "request.invalid_cursor" });
      });

      it("follows commits: a submitted draft comes in, a received one sorts by its due date, a transferred one moves", async () => {
        const dossier = draft();
        const early = submitted({ submittedAt: "2026-03-02T01:00:00.000Z" });
        const { dossiers } = await withDossiers(dossier, early);
        const inbox = (agencyCode: string, status?: Dossier["status"]) =>
          dossiers.inbox({ agencyCode, status, limit: 50 }).then((p) => codesOf(p.items));
        const before = await inbox(AGENCY);

        const submit = act(dossier, { type: "submit", verified: [] });
        await dossiers.commit(dossier, submit.next, submit.events);
        const afterSubmit = await inbox(AGENCY, "submitted");
        const receive = act(submit.next, { type: "receive" });
        await dossiers.commit(submit.next, receive.next, receive.events);
        const afterReceive = await dossiers.inbox({ agencyCode: AGENCY, status: "received", limit: 50 });
        const transfer = act(receive.next, { type: "transfer", toAgencyCode: OTHER_AGENCY });
        await dossiers.commit(receive.next, transfer.next, transfer.events);

        expect(before).toEqual([early.code]);
        expect(afterSubmit).toEqual([early.code, dossier.code]);
        expect(afterReceive.items).toEqual([receive.next]);
        expect(await inbox(AGENCY)).toEqual([early.code]);
        expect(await inbox(OTHER_AGENCY, "transferred")).toEqual([dossier.code]);
      });
    });

    describe("inbox shelves", () => {
      const at = (minutes: number) => new Date(Date.parse("2026-03-03T01:00:00.000Z") + minutes * 60_000).toISOString();
      const shelfCodes = async (dossiers: DossierRepository, query: Omit<ShelfQuery, "agencyCode" | "limit"> & { agencyCode?: string; limit?: number }) =>
        (await dossiers.shelf({ agencyCode: AGENCY, limit: 50, ...query })).rows.map((row) => row.dossier.code);

      it("keeps each dossier past draft on one shelf of its agency, in due order; done ones newest first", async () => {
        const fresh = submitted({ submittedAt: at(5) });
        const transferredIn = submitted({ status: "transferred", submittedAt: at(1) });
        const working = submitted({ status: "received", receivedAt: at(0), dueAt: at(600) });
        const workingSooner = submitted({ status: "received", receivedAt: at(0), dueAt: at(300) });
        const noDue = submitted({ status: "received", receivedAt: at(0) });
        const decided = submitted({ status: "approved", receivedAt: at(0), dueAt: at(100), resolvedAt: at(50), resolution: "early" });
        const supplement = submitted({ status: "supplement_requested", receivedAt: at(0), dueAt: at(200), pausedAt: at(10) });
        const older = submitted({ status: "returned", endedAt: at(20) });
        const newer = submitted({ status: "rejected_intake", endedAt: at(30) });
        const theirs = submitted({ agencyCode: OTHER_AGENCY, submittedAt: at(2) });
        const { dossiers } = await withDossiers(fresh, transferredIn, working, workingSooner, noDue, decided, supplement, older, newer, theirs, draft());

        expect(await shelfCodes(dossiers, { shelf: "new" })).toEqual([transferredIn.code, fresh.code]);
        expect(await shelfCodes(dossiers, { shelf: "working" })).toEqual([workingSooner.code, working.code, noDue.code]);
        expect(await shelfCodes(dossiers, { shelf: "decided" })).toEqual([decided.code]);
        expect(await shelfCodes(dossiers, { shelf: "waiting" })).toEqual([supplement.code]);
        expect(await shelfCodes(dossiers, { shelf: "done" })).toEqual([newer.code, older.code]);
        expect(await shelfCodes(dossiers, { shelf: "new", agencyCode: OTHER_AGENCY })).toEqual([theirs.code]);
        const [row] = (await dossiers.shelf({ agencyCode: AGENCY, shelf: "decided", limit: 1 })).rows;
        expect(row!.dossier).toMatchObject({ code: decided.code, status: "approved", applicant: { fullName: decided.applicant.fullName }, resolvedAt: at(50) });
      });

      it("reads a due-time range of a shelf and counts it, up to a cap", async () => {
        const list = Array.from({ length: 6 }, (_, i) => submitted({ status: "received", receivedAt: at(0), dueAt: at(i * 60) }));
        const noDue = submitted({ status: "received", receivedAt: at(0) });
        const { dossiers } = await withDossiers(...[...list].reverse(), noDue);
        const codes = codesOf(list);

        expect(await shelfCodes(dossiers, { shelf: "working", range: { before: at(120) } })).toEqual(codes.slice(0, 2));
        expect(await shelfCodes(dossiers, { shelf: "working", range: { from: at(120), until: at(240) } })).toEqual(codes.slice(2, 5));
        expect(await dossiers.countShelf({ agencyCode: AGENCY, shelf: "working", cap: 100 })).toBe(7);
        expect(await dossiers.countShelf({ agencyCode: AGENCY, shelf: "working", cap: 4 })).toBe(4);
        expect(await dossiers.countShelf({ agencyCode: AGENCY, shelf: "working", range: { before: at(120) }, cap: 100 })).toBe(2);
        expect(await dossiers.countShelf({ agencyCode: AGENCY, shelf: "working", range: { from: at(120), until: at(240) }, cap: 100 })).toBe(3);
        expect(await dossiers.countShelf({ agencyCode: AGENCY, shelf: "done", cap: 100 })).toBe(0);
      });

      it("pages after a position, filling each page with rows that match status, assignee and search", async () => {
        const list = Array.from({ length: 9 }, (_, i) =>
          submitted({
            status: "received",
            receivedAt: at(0),
            dueAt: at(i * 10),
            assignee: i % 3 === 0 ? { officerId: "officer-1", name: "Trần Thị Bình" } : undefined,
            applicant: { fullName: i % 2 ? "Lê Thị Đào" : "Nguyễn Văn An", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
          }),
        );
        const { dossiers } = await withDossiers(...[...list].reverse());
        async function pages(query: Omit<ShelfQuery, "agencyCode" | "limit" | "after">) {
          const seen: string[][] = [];
          let after: string | undefined;
          for (;;) {
            const page = await dossiers.shelf({ agencyCode: AGENCY, limit: 2, ...query, after });
            seen.push(page.rows.map((row) => row.dossier.code));
            if (!page.more) return seen;
            after = page.rows.at(-1)!.position;
          }
        }

        const everything = await pages({ shelf: "working" });
        const assigned = await pages({ shelf: "working", assigneeId: "officer-1" });
        const dao = await pages({ shelf: "working", search: "le thi dao" });
        const byCode = await shelfCodes(dossiers, { shelf: "working", search: list[4]!.code.toLowerCase() });

        expect(everything[0]).toHaveLength(2);
        expect(everything.flat()).toEqual(codesOf(list));
        expect(assigned.flat()).toEqual(codesOf(list.filter((d) => d.assignee)));
        expect(assigned[0]).toHaveLength(2);
        expect(dao.flat()).toEqual(codesOf(list.filter((_, i) => i % 2)));
        expect(byCode).toEqual([list[4]!.code]);
        expect(await shelfCodes(dossiers, { shelf: "working", status: "submitted" })).toEqual([]);
      });

      it("follows commits: a dossier moves from shelf to shelf as it is received, then sent back for a supplement", async () => {
        const dossier = submitted({ submittedAt: at(0) });
        const { dossiers } = await withDossiers(dossier);
        const where = async () => {
          const found: string[] = [];
          for (const shelf of ["new", "working", "decided", "waiting", "done"] as const) {
            if ((await shelfCodes(dossiers, { shelf })).includes(dossier.code)) found.push(shelf);
          }
          return found;
        };
        const seen = [await where()];
        let current = dossier;
        for (const command of [{ type: "receive" }, { type: "request_supplement", note: "Thiếu giấy khai sinh" }] as const) {
          const step = act(current, command);
          await dossiers.commit(current, step.next, step.events);
          current = step.next;
          seen.push(await where());
        }

        expect(seen).toEqual([["new"], ["working"], ["waiting"]]);
      });
    });

    describe("draftsCreatedOn", () => {
      /** A draft under the next code `agency` gives out on `date` (a Vietnam date), as createDossier makes it. */
      async function draftOn(dossiers: DossierRepository, date: string, agency = AGENCY) {
        const code = formatDossierCode(agency, date, await dossiers.nextSequence(agency, codeDay(date)));
        const dossier = draft({ code, agencyCode: agency, receivingAgencyCode: agency, createdAt: atVietnamTime(date, "09:00").toISOString() });
        await dossiers.create(dossier);
        return dossier;
      }
      const sorted = (codes: string[]) => [...codes].sort();

      it("lists the drafts among the codes the given units gave out on a date; a draft that moves on leaves the list", async () => {
        const { dossiers } = await makePort();
        const kept = await draftOn(dossiers, "2026-03-02");
        const submittedLater = await draftOn(dossiers, "2026-03-02");
        await dossiers.nextSequence(AGENCY, codeDay("2026-03-02")); // a code given out, its dossier never written
        const withdrawnLater = await draftOn(dossiers, "2026-03-02");
        const dayBefore = await draftOn(dossiers, "2026-03-01");
        const otherUnit = await draftOn(dossiers, "2026-03-02", OTHER_AGENCY);
        const notADraft = await draftOn(dossiers, "2026-03-02");
        const submit = act(notADraft, { type: "submit", verified: [] });
        await dossiers.commit(notADraft, submit.next, submit.events);

        const before = await dossiers.draftsCreatedOn("2026-03-02", [AGENCY]);
        const bothUnits = await dossiers.draftsCreatedOn("2026-03-02", [AGENCY, OTHER_AGENCY]);
        const moved = act(submittedLater, { type: "submit", verified: [] });
        await dossiers.commit(submittedLater, moved.next, moved.events);
        const withdraw = act(withdrawnLater, { type: "withdraw", note: "Nộp nhầm thủ tục" });
        await dossiers.commit(withdrawnLater, withdraw.next, withdraw.events);

        expect(sorted(before)).toEqual(sorted([kept.code, submittedLater.code, withdrawnLater.code]));
        expect(sorted(bothUnits)).toEqual(sorted([kept.code, submittedLater.code, withdrawnLater.code, otherUnit.code]));
        expect(await dossiers.draftsCreatedOn("2026-03-02", [AGENCY])).toEqual([kept.code]);
        expect(await dossiers.draftsCreatedOn("2026-03-01", [AGENCY, OTHER_AGENCY])).toEqual([dayBefore.code]);
        expect(await dossiers.draftsCreatedOn("2026-03-03", [AGENCY, OTHER_AGENCY])).toEqual([]);
        expect(await dossiers.draftsCreatedOn("2026-03-02", [])).toEqual([]);
      });

      it("keeps listing a draft after a change that leaves it a draft", async () => {
        const { dossiers } = await makePort();
        const dossier = await draftOn(dossiers, "2026-03-02");
        const file = attachment();
        await dossiers.addAttachment(dossier.code, file, citizenGuard());
        const read = (await dossiers.get(dossier.code))!;

        const expired = act(read, { type: "expire_uploads", attachmentIds: [file.id] });
        await dossiers.commit(read, expired.next, expired.events);

        expect(await dossiers.draftsCreatedOn("2026-03-02", [AGENCY])).toEqual([dossier.code]);
      });
    });
  });
}

/** Every page of an inbox query, following the cursors to the end. */
async function allPages(dossiers: DossierRepository, query: Parameters<DossierRepository["inbox"]>[0]) {
  const pages: Awaited<ReturnType<DossierRepository["inbox"]>>[] = [];
  let cursor: string | undefined;
  do {
    const page = await dossiers.inbox({ ...query, cursor });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
    if (pages.length > 50) throw new Error("the inbox pages never end");
  } while (cursor);
  return pages;
}
