import { describe, expect, it } from "vitest";
import type { DaySource, DossierRepository, StatsStore, StoredDay } from "../../functions/core/ports";
import type { StoredMonth } from "../../functions/core/stats/service";
import { SUBMITTED_FIELDS, type StatsRow, type SubmittedDossier } from "../../functions/core/stats/daily";
import { zeroCounts } from "../../functions/core/stats/indicators";
import { act, AGENCY, draft, OTHER_AGENCY, submitted } from "./fixtures";

/**
 * The contracts of the daily statistics' ports (functions/core/ports.ts): `StatsStore`, which keeps each computed
 * day's rows, and `DaySource`, which hands the job one day's dossiers from the day indexes the repository keeps.
 */
export function describeStatsStoreContract(name: string, makePort: () => Promise<StatsStore>) {
  describe(`StatsStore contract: ${name}`, () => {
    const row = (date: string, key: string, overrides: Partial<StatsRow> = {}): StatsRow => ({
      date,
      scope: "agency",
      key,
      tier: "commune",
      counts: { ...zeroCounts(), received: 3, receivedOnline: 2, processingWorkingDaysTotal: 4.25 },
      ...overrides,
    });
    const day = (date: string, rows: StatsRow[], computedAt = `${date}T17:05:00.000Z`): StoredDay => ({
      date,
      rows,
      catalogue: { procedures: 12, proceduresFullOnline: 5, proceduresOnline: 9, onlineProcedureCodes: ["1.001193", "2.000001"] },
      computedAt,
    });
    const sortRows = (d: StoredDay) => ({ ...d, rows: [...d.rows].sort((a, b) => `${a.scope}#${a.key}`.localeCompare(`${b.scope}#${b.key}`)) });

    it("reads back the computed days of a range, oldest first; days not computed are absent", async () => {
      const store = await makePort();
      const second = day("2026-03-02", [row("2026-03-02", AGENCY), row("2026-03-02", "all", { scope: "province", tier: null })]);
      const fourth = day("2026-03-04", [row("2026-03-04", AGENCY, { tier: "unknown" })]);
      const outside = day("2026-03-06", [row("2026-03-06", AGENCY)]);
      await store.replaceDay(fourth);
      await store.replaceDay(outside);
      await store.replaceDay(second);

      const days = await store.readDays("2026-03-01", "2026-03-05");

      expect(days.map(sortRows)).toEqual([second, fourth].map(sortRows));
      expect(await store.readDays("2026-03-03", "2026-03-03")).toEqual([]);
    });

    it("replaces a day's rows exactly: rows no longer produced are gone, the new computation time is kept", async () => {
      const store = await makePort();
      await store.replaceDay(day("2026-03-02", [row("2026-03-02", AGENCY), row("2026-03-02", OTHER_AGENCY), row("2026-03-02", "commune", { scope: "tier" })]));

      const again = day("2026-03-02", [row("2026-03-02", AGENCY, { counts: { ...zeroCounts(), received: 7 } })], "2026-03-03T01:00:00.000Z");
      await store.replaceDay(again);
      await store.replaceDay(again);

      expect(await store.readDays("2026-03-02", "2026-03-02")).toEqual([again]);
    });

    it("replaces a month's rollup exactly, and reads back only the months rolled up", async () => {
      const store = await makePort();
      const month = (name: string, rows: StatsRow[], days: string[]): StoredMonth => ({
        month: name,
        days,
        rows,
        onlineProcedureCodes: ["1.001193"],
        computedAt: "2026-04-01T17:05:00.000Z",
      });
      await store.replaceMonth(month("2026-03", [row("2026-03", AGENCY), row("2026-03", OTHER_AGENCY)], ["2026-03-01"]));
      const february = month("2026-02", [], ["2026-02-27", "2026-02-28"]);
      await store.replaceMonth(february);

      const march = month("2026-03", [row("2026-03", AGENCY, { counts: { ...zeroCounts(), resolved: 4, resolvedOnTime: 4 } })], ["2026-03-01", "2026-03-02"]);
      await store.replaceMonth(march);
      const read = await store.readMonths(["2026-01", "2026-02", "2026-03"]);

      expect([...read].sort((a, b) => a.month.localeCompare(b.month))).toEqual([february, march]);
      expect(await store.readMonths([])).toEqual([]);
      expect(await store.readDays("2026-02-01", "2026-03-31")).toEqual([]);
    });

    it("keeps a day with no rows as computed", async () => {
      const store = await makePort();
      const quiet = day("2026-03-08", []);

      await store.replaceDay(quiet);

      expect(await store.readDays("2026-03-01", "2026-03-31")).toEqual([quiet]);
    });
  });
}

export interface DaySourceHarness {
  /** The repository whose dossiers the day source reads (the same store). */
  dossiers: DossierRepository;
  days: DaySource;
}

export function describeDaySourceContract(name: string, makePort: () => Promise<DaySourceHarness>) {
  describe(`DaySource contract: ${name}`, () => {
    const codes = (list: { code: string }[]) => list.map((d) => d.code).sort();

    it("hands out the dossiers first received on a Vietnam date, once, whatever happened after", async () => {
      const { dossiers, days } = await makePort();
      const receivedLate = submitted({ status: "received", firstReceivedAt: "2026-03-01T16:59:00.000Z", receivedAt: "2026-03-01T16:59:00.000Z" }); // 23:59 on 1 March
      const receivedEarly = submitted({ status: "received", firstReceivedAt: "2026-03-01T17:00:00.000Z", receivedAt: "2026-03-01T17:00:00.000Z" }); // 00:00 on 2 March
      for (const d of [receivedLate, receivedEarly, submitted(), draft()]) await dossiers.create(d);
      // Transferred and received again by the next agency on 2 March: still an intake of 1 March only.
      const transfer = act(receivedLate, { type: "transfer", toAgencyCode: OTHER_AGENCY });
      await dossiers.commit(receivedLate, transfer.next, transfer.events);
      const again = act(transfer.next, { type: "receive" }, { type: "agency", agencyCode: OTHER_AGENCY });
      await dossiers.commit(transfer.next, again.next, again.events);

      const first = await days.receivedOn("2026-03-01");

      expect(again.next.receivedAt!.startsWith("2026-03-02")).toBe(true);
      expect(codes(first)).toEqual([receivedLate.code]);
      expect(first[0]).toEqual(again.next);
      expect(codes(await days.receivedOn("2026-03-02"))).toEqual([receivedEarly.code]);
      expect(await days.receivedOn("2026-03-03")).toEqual([]);
    });

    it("counts a dossier received through a commit on the day of its first receipt", async () => {
      const { dossiers, days } = await makePort();
      const dossier = submitted();
      await dossiers.create(dossier);

      const received = act(dossier, { type: "receive" }); // decided on 2 March (Vietnam time)
      await dossiers.commit(dossier, received.next, received.events);

      expect(await days.receivedOn("2026-03-02")).toEqual([received.next]);
    });

    it("hands out the dossiers ended on a date: by their resolution, else by their end", async () => {
      const { dossiers, days } = await makePort();
      const resolvedThenReturned = submitted({ status: "returned", resolvedAt: "2026-03-03T02:00:00.000Z", endedAt: "2026-03-05T02:00:00.000Z", resolution: "on_time" });
      const approved = submitted({ status: "approved", resolvedAt: "2026-03-03T09:00:00.000Z", resolution: "early" });
      const withdrawn = submitted({ status: "withdrawn", endedAt: "2026-03-03T03:00:00.000Z" });
      const stoppedOnFourth = submitted({ status: "stopped", endedAt: "2026-03-03T17:30:00.000Z" }); // 00:30 on 4 March
      const open = submitted({ status: "received", firstReceivedAt: "2026-03-03T02:00:00.000Z" });
      for (const d of [resolvedThenReturned, approved, withdrawn, stoppedOnFourth, open]) await dossiers.create(d);

      expect(codes(await days.endedOn("2026-03-03"))).toEqual(codes([resolvedThenReturned, approved, withdrawn]));
      expect(codes(await days.endedOn("2026-03-04"))).toEqual([stoppedOnFourth.code]);
      expect(await days.endedOn("2026-03-05")).toEqual([]);
    });

    it("hands out the dossiers open now (past draft, not ended) of the given agencies", async () => {
      const { dossiers, days } = await makePort();
      const open = [
        submitted(),
        submitted({ status: "supplement_requested", pausedAt: "2026-03-03T02:00:00.000Z" }),
        submitted({ status: "approved", resolvedAt: "2026-03-03T09:00:00.000Z", resolution: "early" }),
      ];
      const ended = [
        submitted({ status: "returned", resolvedAt: "2026-03-03T02:00:00.000Z", endedAt: "2026-03-05T02:00:00.000Z" }),
        submitted({ status: "withdrawn", endedAt: "2026-03-03T03:00:00.000Z" }),
      ];
      const theirs = submitted({ agencyCode: OTHER_AGENCY });
      const received = submitted({ status: "received", dueAt: "2026-03-09T03:00:00.000Z" });
      for (const d of [...open, ...ended, theirs, received, draft()]) await dossiers.create(d);
      // Transferred: open at the agency whose turn it is.
      const transfer = act(received, { type: "transfer", toAgencyCode: OTHER_AGENCY });
      await dossiers.commit(received, transfer.next, transfer.events);

      expect(codes(await days.openNow([AGENCY]))).toEqual(codes(open));
      expect(codes(await days.openNow([AGENCY, OTHER_AGENCY]))).toEqual(codes([...open, theirs, transfer.next]));
      expect(await days.openNow([])).toEqual([]);
    });

    it("hands out the dossiers submitted on a date; drafts are on no day", async () => {
      const { dossiers, days } = await makePort();
      const onSecond = submitted({ submittedAt: "2026-03-02T16:00:00.000Z" });
      const onThird = submitted({
        submittedAt: "2026-03-02T17:00:00.000Z",
        channel: "online",
        payment: { status: "paid", amount: 50_000, provider: "vnpay", reference: "DVC1", paidAt: "2026-03-02T16:58:00.000Z" },
      });
      const stillDraft = draft({ createdAt: "2026-03-02T03:00:00.000Z" });
      for (const d of [onSecond, onThird, stillDraft]) await dossiers.create(d);
      const submit = act(stillDraft, { type: "submit", verified: [] });

      const before = await days.submittedOn("2026-03-02");
      await dossiers.commit(stillDraft, submit.next, submit.events);

      expect(codes(before)).toEqual([onSecond.code]);
      expect(codes(await days.submittedOn("2026-03-02"))).toEqual(codes([onSecond, submit.next]));
      const third = await days.submittedOn("2026-03-03");
      expect(codes(third)).toEqual([onThird.code]);
      // What the day's count reads (its payment, its channel) is there as it was written.
      const fieldsOf = (d: SubmittedDossier) => Object.fromEntries(SUBMITTED_FIELDS.map((f) => [f, d[f]]));
      expect(fieldsOf(third[0]!)).toEqual(fieldsOf(onThird));
    });
  });
}
