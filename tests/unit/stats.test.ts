import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../functions/core/calendar";
import type { Dossier, TimelineEntry } from "../../functions/core/dossier/model";
import { computeDay, presentRow, type StatsRow } from "../../functions/core/stats/daily";
import { DECISION_766, decision766 } from "../../functions/core/stats/decision-766";
import { zeroCounts, zeroSnapshot } from "../../functions/core/stats/indicators";
import { planRange } from "../../functions/core/stats/rollup";
import { rollUpMonth, rollUpMonths, runDay, summary } from "../../functions/core/stats/service";
import { openStateAt } from "../../functions/core/stats/snapshot";
import { DB_AGENCY, memoryDaySource, memoryStatsStore, statsDossier } from "./stats-support";

const DAY = "2019-10-15";
const RECEIVED = "2019-10-01T02:00:00.000Z"; // Tue 1/10/2019 09:00 Vietnam time
const agency = { type: "agency" as const, agencyCode: DB_AGENCY.code };
const entry = (action: TimelineEntry["action"], status: Dossier["status"], at: string): TimelineEntry => ({ action, status, at, by: agency });
const received = (fields: Partial<Dossier> = {}): Dossier =>
  statsDossier({
    status: "received",
    firstReceivedAt: RECEIVED,
    receivedAt: RECEIVED,
    dueAt: "2019-10-04T02:00:00.000Z",
    timeline: [entry("submit", "submitted", "2019-10-01T01:00:00.000Z"), entry("receive", "received", RECEIVED)],
    ...fields,
  });
const catalogue = { load: async () => ({ version: "1", agencies: [DB_AGENCY], procedures: [] }) };
const deps = (dossiers: Dossier[], store = memoryStatsStore()) => ({
  source: memoryDaySource(() => dossiers),
  store,
  catalogue,
  now: () => new Date("2019-10-16T01:00:00Z"),
});

/** The seeds' Điện Biên outcomes (docs/domain.md), all decided on DAY 10:00, plus `open` dossiers still open at its end. */
function dienBien(open: { withinTime: number; overdue: number }): Dossier[] {
  const at = "2019-10-15T03:00:00.000Z";
  const dossiers: Dossier[] = [];
  const add = (count: number, make: () => Dossier) => {
    for (let i = 0; i < count; i++) dossiers.push(make());
  };
  const decided = (status: Dossier["status"], resolution: Dossier["resolution"]) => () =>
    received({ status, resolvedAt: at, resolution, timeline: [...received().timeline, entry("approve", status, at)] });
  const ended = (status: Dossier["status"], action: TimelineEntry["action"]) => () =>
    received({ status, endedAt: at, timeline: [...received().timeline, entry(action, status, at)] });
  add(313, decided("approved", "early"));
  add(68, decided("approved", "on_time"));
  add(11, decided("denied", "late"));
  add(17, ended("withdrawn", "withdraw"));
  add(5, ended("stopped", "stop"));
  add(open.withinTime, () => received({ dueAt: "2019-10-18T02:00:00.000Z" })); // due Friday after
  add(open.overdue, () => received({ dueAt: "2019-10-14T02:00:00.000Z" })); // was due Monday
  return dossiers;
}

describe("daily statistics shaped like the seeds' figures (Điện Biên 2019, department tier)", () => {
  it("counts 313 early, 68 on time, 11 late, 17 withdrawn, 5 stopped: on-time rate 97.2%, early share 79.8%", async () => {
    // Act
    const store = memoryStatsStore();
    await runDay(deps(dienBien({ withinTime: 0, overdue: 0 }), store), DAY);
    const rows = store.days.get(DAY)!.rows;
    // Assert: one agency row, its tier row and the province row, all the same counts.
    expect(rows.map((r) => `${r.scope}:${r.key}`)).toEqual([`agency:${DB_AGENCY.code}`, "tier:department", "province:all"]);
    const row = presentRow(rows[0]!);
    expect(row).toMatchObject({ resolved: 392, resolvedEarly: 313, resolvedOnTime: 68, resolvedLate: 11, withdrawn: 17, stopped: 5 });
    expect(Math.round(row.onTimeRate! * 1000) / 10).toBe(97.2);
    expect(Math.round(row.earlyShare! * 1000) / 10).toBe(79.8);
    expect(presentRow(rows[1]!).resolved).toBe(392);
    expect(presentRow(rows[2]!).withdrawn).toBe(17);
  });

  it("item 3: with 85 dossiers still open at the end of the day, 10 of them overdue, progress reads 95.6% beside the 97.2% on-time rate", async () => {
    // Arrange: (313 + 68 + 75) / (392 + 85) = 456 / 477 = 95.597%
    const store = memoryStatsStore();
    // Act
    await runDay(deps(dienBien({ withinTime: 75, overdue: 10 }), store), DAY);
    const row = presentRow(store.days.get(DAY)!.rows[0]!);
    const figures = await summary(store, catalogue, { from: DAY, to: DAY });
    // Assert
    expect(row).toMatchObject({ inProgress: 75, inProgressOverdue: 10, waitingForCitizen: 0 });
    // Open at the start of the day: the 85, plus the 392 decided and 22 withdrawn or stopped during it.
    expect(row.carriedOver).toBe(499);
    expect(Math.round(row.onTimeRate! * 1000) / 10).toBe(97.2);
    expect(Math.round(row.progressRate! * 1000) / 10).toBe(95.6);
    expect(row.progressRate).toBeCloseTo(456 / 477, 6);
    expect(figures.snapshot).toEqual({ inProgress: 75, inProgressOverdue: 10, waitingForCitizen: 0, waitingForCitizenWithinTime: 0, carriedOver: 499 });
    const progress = figures.decision766.groups.find((g) => g.key === "progress")!.indicators[0]!;
    expect(progress.rate).toBeCloseTo(0.955975, 6);
    expect(progress.score).toBeCloseTo(0.955975 * 20, 5);
  });

  it("gives no rate, not 0%, when nothing was resolved, and zero rows for an empty day", () => {
    const { rows } = computeDay({
      date: DAY,
      receivedOn: [statsDossier({ firstReceivedAt: "2019-10-15T02:00:00.000Z" })],
      endedOn: [],
      submittedOn: [],
      agencies: [DB_AGENCY],
      procedures: [],
    });
    expect(presentRow(rows[0]!)).toMatchObject({ received: 1, resolved: 0, onTimeRate: null, progressRate: null });
    expect(computeDay({ date: DAY, receivedOn: [], endedOn: [], submittedOn: [], agencies: [DB_AGENCY], procedures: [] }).rows).toEqual([]);
  });
});

describe("item 4: a dossier waiting for the citizen (clock paused) is not overdue", () => {
  const endOfDay = new Date("2019-10-15T17:00:00.000Z"); // 16/10 00:00 Vietnam time
  const waiting = (requestedAt: string) =>
    received({
      status: "supplement_requested",
      pausedAt: requestedAt,
      supplementRequests: 1,
      timeline: [...received().timeline, entry("request_supplement", "supplement_requested", requestedAt)],
    });

  it("counts a paused dossier past its original due date as waiting, within time when the request came before the due time", () => {
    // due Fri 4/10 09:00; asked Thu 3/10, still waiting on 15/10
    expect(openStateAt(waiting("2019-10-03T02:00:00.000Z"), endOfDay)).toEqual({ agency: DB_AGENCY.code, state: "waiting_within_time" });
    // asked Mon 7/10, after the due time: waiting, and late by the National Portal's rule, but still not "overdue"
    expect(openStateAt(waiting("2019-10-07T02:00:00.000Z"), endOfDay)).toEqual({ agency: DB_AGENCY.code, state: "waiting" });
  });

  it("keeps a resumed dossier in progress until its extended due time, replaying the pause for a past instant", () => {
    // asked Wed 2/10 09:00 with 16 h left; answered Mon 14/10 09:00 → due Wed 16/10 09:00
    const resumed = received({
      dueAt: "2019-10-16T02:00:00.000Z",
      supplementRequests: 1,
      timeline: [
        ...received().timeline,
        entry("request_supplement", "supplement_requested", "2019-10-02T02:00:00.000Z"),
        { action: "supplement", status: "received", at: "2019-10-14T02:00:00.000Z", by: { type: "citizen" } },
      ],
    });
    expect(openStateAt(resumed, endOfDay)?.state).toBe("in_progress"); // 15/10: before 16/10 09:00
    expect(openStateAt(resumed, new Date("2019-10-16T17:00:00.000Z"))?.state).toBe("overdue");
    expect(openStateAt(resumed, new Date("2019-10-08T17:00:00.000Z"))?.state).toBe("waiting_within_time"); // during the pause
  });

  it("reports the waiting dossier in the day's snapshot and progress, not among the overdue", async () => {
    const store = memoryStatsStore();
    await runDay(deps([waiting("2019-10-03T02:00:00.000Z"), waiting("2019-10-07T02:00:00.000Z"), received()], store), DAY);
    const row = presentRow(store.days.get(DAY)!.rows[0]!);
    expect(row).toMatchObject({ inProgress: 0, inProgressOverdue: 1, waitingForCitizen: 2, carriedOver: 3 });
    // (0 + 0 + 1 waiting in time) / (0 + 0 + 1 + 2)
    expect(row.progressRate).toBeCloseTo(1 / 3, 6);
  });
});

describe("item 5: intake channels", () => {
  it("counts received dossiers by channel, and online uptake over all of them", () => {
    const on = "2019-10-15T02:00:00.000Z";
    const dossiers = [
      ...Array.from({ length: 3 }, () => statsDossier({ firstReceivedAt: on, channel: "online" })),
      ...Array.from({ length: 2 }, () => statsDossier({ firstReceivedAt: on, channel: "counter" })),
      statsDossier({ firstReceivedAt: on, channel: "post" }),
    ];
    const { rows } = computeDay({ date: DAY, receivedOn: dossiers, endedOn: [], submittedOn: [], agencies: [DB_AGENCY], procedures: [] });
    expect(presentRow(rows[0]!)).toMatchObject({ received: 6, receivedOnline: 3, receivedCounter: 2, receivedPost: 1, onlineUptakeRate: 0.5 });
  });
});

describe("item 6: a summary over any range, from monthly rollups plus the edge days", () => {
  /** One row a day for 3 years: 1 received, 1 resolved on time every 4th day; the snapshot numbers from the date. */
  async function threeYears() {
    const store = memoryStatsStore();
    for (let date = "2025-01-01"; date <= "2027-12-31"; date = addDays(date, 1)) {
      const n = daysBetween("2025-01-01", date);
      const counts = { ...zeroCounts(), received: 1, receivedOnline: 1 };
      if (n % 4 === 0) Object.assign(counts, { resolved: 1, resolvedOnTime: 1 });
      const snapshot = { ...zeroSnapshot(), inProgress: n, inProgressOverdue: 1, carriedOver: 1000 + n };
      const row = (scope: StatsRow["scope"], key: string): StatsRow => ({ date, scope, key, tier: scope === "province" ? null : "department", counts, snapshot });
      await store.replaceDay({
        date,
        rows: [row("agency", DB_AGENCY.code), row("tier", "department"), row("province", "all")],
        catalogue: { procedures: 0, proceduresFullOnline: 0, proceduresOnline: 0, onlineProcedureCodes: [] },
        computedAt: "x",
      });
    }
    for (let y = 2025; y <= 2027; y++) for (let m = 1; m <= 12; m++) await rollUpMonth(store, `${y}-${String(m).padStart(2, "0")}`, () => new Date());
    return store;
  }

  it("splits a range into whole months and edge days", () => {
    expect(planRange("2025-01-15", "2025-04-10")).toEqual({ months: ["2025-02", "2025-03"], dayRanges: [["2025-01-15", "2025-01-31"], ["2025-04-01", "2025-04-10"]] });
    expect(planRange("2025-03-01", "2025-03-31")).toEqual({ months: ["2025-03"], dayRanges: [] });
    expect(planRange("2025-03-05", "2025-03-09")).toEqual({ months: [], dayRanges: [["2025-03-05", "2025-03-09"]] });
  });

  it("sums nearly three years (15/1/2025–20/11/2027) reading 33 months and 37 days, with the snapshot of its last day and the carried-over count of its first", async () => {
    const store = await threeYears();
    store.dayReads = 0;
    const figures = await summary(store, catalogue, { from: "2025-01-15", to: "2027-11-20" });
    const days = daysBetween("2025-01-15", "2027-11-20") + 1; // 1,041
    const resolved = Array.from({ length: days }, (_, i) => daysBetween("2025-01-01", addDays("2025-01-15", i))).filter((n) => n % 4 === 0).length;
    expect(figures).toMatchObject({ daysComputed: days, received: days, resolved, resolvedOnTime: resolved, onTimeRate: 1, snapshotDate: "2027-11-20" });
    expect(figures.snapshot).toMatchObject({ inProgress: daysBetween("2025-01-01", "2027-11-20"), inProgressOverdue: 1, carriedOver: 1014 });
    expect(store.monthReads).toBe(33);
    expect(store.dayReads).toBe(17 + 20);
    expect(figures.monthly).toHaveLength(35);
    expect(figures.monthly[0]).toMatchObject({ date: "2025-01", received: 17 });
    // Days stored before monthly rollups existed count once `stats rollup` has rebuilt their months.
    store.months.clear();
    expect((await summary(store, catalogue, { from: "2025-01-15", to: "2027-11-20" })).daysComputed).toBe(17 + 20);
    await rollUpMonths(store, "2025-01-15", "2027-11-20", () => new Date());
    expect(await summary(store, catalogue, { from: "2025-01-15", to: "2027-11-20" })).toEqual(figures);
  });

  it("refuses only a backwards range", async () => {
    await expect(summary(memoryStatsStore(), catalogue, { from: "2027-01-02", to: "2027-01-01" })).rejects.toMatchObject({ code: "stats.range_backwards" });
    await expect(summary(memoryStatsStore(), catalogue, { from: "2000-01-01", to: "2030-12-31" })).resolves.toMatchObject({ daysComputed: 0 });
  });
});

describe("item 7: Decision 766", () => {
  it("has five groups whose weights make 100, each the sum of its indicators'", () => {
    expect(DECISION_766.map((g) => [g.key, g.weight])).toEqual([
      ["publicity", 18],
      ["progress", 20],
      ["onlineProvision", 22],
      ["satisfaction", 18],
      ["digitisation", 22],
    ]);
    for (const group of DECISION_766) expect(group.indicators.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(group.weight, 9);
    const notComputed = DECISION_766.flatMap((g) => g.indicators.filter((i) => !i.computed).map((i) => i.key));
    expect(notComputed).toEqual(["proceduresPublished", "dossiersSynced", "progressPublished", "complaintsOnTime", "complaintSatisfaction", "digitisedDataReused"]);
  });

  it("scores every computable indicator from the portal's data as R/T × Pmax capped at Pmax, and leaves the others null", () => {
    // Arrange: 100 received (40 online, 50 at the counter, 10 by post), 80 of them digitised, 20 fee-bearing of which
    // 5 paid online; 60 resolved (30 early, 24 on time, 6 late), 30 with an electronic result, 6 late or rated 1–2;
    // at the end 30 in progress, 10 overdue; 100 procedures, 40 online, 30 of those with an online dossier.
    const counts = {
      ...zeroCounts(),
      ...{ received: 100, receivedOnline: 40, receivedCounter: 50, receivedPost: 10, receivedDigitised: 80, feeBearing: 20, feeBearingPaidOnline: 5 },
      ...{ resolved: 60, resolvedEarly: 30, resolvedOnTime: 24, resolvedLate: 6, resolvedElectronicResult: 30, resolvedLateOrUnsatisfied: 6 },
    };
    const snapshot = { ...zeroSnapshot(), inProgress: 30, inProgressOverdue: 10 };
    // Act
    const result = decision766({ counts, snapshot, procedures: 100, proceduresOnline: 40, proceduresWithOnlineDossiers: 30 });
    const by = Object.fromEntries(result.groups.flatMap((g) => g.indicators).map((i) => [i.key, i]));
    // Assert: rate and score of each, by hand
    expect([by.progress!.rate, by.progress!.score]).toEqual([0.84, 16.8]); // (30 + 24 + 30) / (60 + 40)
    expect([by.onlineProcedures!.rate, by.onlineProcedures!.score]).toEqual([0.4, 2]); // 40/100, target 80%
    expect([by.servicesWithDossiers!.rate, by.servicesWithDossiers!.score]).toEqual([0.75, 3.75]); // 30/40, target 80%
    expect([by.onlineDossiers!.rate, by.onlineDossiers!.score]).toEqual([0.4, 3.2]); // 40/100, target 50%
    expect([by.onlinePayment!.rate, by.onlinePayment!.score]).toEqual([0.25, 2.5]); // 5/20 of 10 points
    expect([by.handlingSatisfaction!.rate, by.handlingSatisfaction!.score]).toEqual([0.9, 5.4]); // (60 − 6)/60 of 6
    expect(by.electronicResults!.rate).toBe(0.5);
    expect(by.electronicResults!.score).toBeCloseTo((22 / 3) * 0.5, 5);
    expect(by.digitisedDossiers!.rate).toBe(0.8);
    expect(by.digitisedDossiers!.score).toBeCloseTo((22 / 3) * 0.8, 5);
    for (const key of ["proceduresPublished", "dossiersSynced", "complaintsOnTime", "digitisedDataReused"]) {
      expect([by[key]!.computed, by[key]!.rate, by[key]!.score]).toEqual([false, null, null]);
    }
    expect(result.computedWeight).toBeCloseTo(20 + 22 + 6 + (2 * 22) / 3, 5);
    expect(result.score).toBeCloseTo(16.8 + 2 + 3.75 + 3.2 + 2.5 + 5.4 + (22 / 3) * 1.3, 5);
    expect(result.groups.find((g) => g.key === "publicity")).toMatchObject({ score: 0, computedWeight: 0 });
  });

  it("counts its inputs from the dossiers themselves: fee-bearing and paid online, digitised, electronic results, late or rated 1–2", () => {
    // Arrange: procedure P1 has a fee, P2 none. Received on DAY: (1) P1 paid online, its document verified;
    // (2) P1 at the counter, unpaid; (3) P1 whose only attempt failed; (4) P2, its document only declared.
    // Resolved on DAY: (a) early with a result file, rated 5; (b) on time, rated 2; (c) late with a result file;
    // (d) on time, rated 3.
    const on = "2019-10-15T02:00:00.000Z";
    const file = (kind: "document" | "result", state: "declared" | "verified") => ({
      [`${kind}-${state}`]: {
        id: `${kind}-${state}`,
        documentKey: kind === "result" ? "result" : "to-khai",
        fileName: "f.pdf",
        mediaType: "application/pdf",
        size: 1,
        sha256: "x",
        objectKey: "k",
        state,
        declaredAt: on,
        kind,
      },
    });
    const pay = (status: "paid" | "failed") => ({ status, amount: 50_000, provider: "vnpay", reference: `R${status}` });
    const receivedOn = [
      statsDossier({ firstReceivedAt: on, procedureCode: "P1", payment: pay("paid"), attachments: file("document", "verified") }),
      statsDossier({ firstReceivedAt: on, procedureCode: "P1", channel: "counter" }),
      statsDossier({ firstReceivedAt: on, procedureCode: "P1", payment: pay("failed") }),
      statsDossier({ firstReceivedAt: on, procedureCode: "P2", attachments: file("document", "declared") }),
    ];
    const resolved = (resolution: Dossier["resolution"], fields: Partial<Dossier>) =>
      statsDossier({ status: "approved", resolvedAt: on, endedAt: on, resolution, procedureCode: "P2", ...fields });
    const feedback = (rating: number) => ({ rating, at: on });
    const endedOn = [
      resolved("early", { attachments: file("result", "verified"), feedback: feedback(5) }),
      resolved("on_time", { feedback: feedback(2) }),
      resolved("late", { attachments: file("result", "verified") }),
      resolved("on_time", { feedback: feedback(3) }),
    ];
    const procedures = [
      { code: "P1", fee: { amount: 50_000 } },
      { code: "P2", fee: { amount: 0 } },
    ] as never;
    // Act
    const { rows } = computeDay({ date: DAY, receivedOn, endedOn, submittedOn: [], agencies: [DB_AGENCY], procedures });
    const counts = rows.find((r) => r.scope === "agency")!.counts;
    // Assert: the counts, then the rates Decision 766 takes from them
    expect(counts).toMatchObject({
      received: 4,
      feeBearing: 3,
      feeBearingPaidOnline: 1,
      receivedDigitised: 1,
      resolved: 4,
      resolvedElectronicResult: 2,
      resolvedLateOrUnsatisfied: 2,
      ratingsCount: 3,
      ratingsTotal: 10,
    });
    const result = decision766({ counts, snapshot: zeroSnapshot(), procedures: 2, proceduresOnline: 2, proceduresWithOnlineDossiers: 1 });
    const by = Object.fromEntries(result.groups.flatMap((g) => g.indicators).map((i) => [i.key, i.rate]));
    expect(by).toMatchObject({ onlinePayment: 0.333333, digitisedDossiers: 0.25, electronicResults: 0.5, handlingSatisfaction: 0.5 });
  });

  it("caps a rate above its target at the full weight", () => {
    const counts = { ...zeroCounts(), received: 10, receivedOnline: 9 };
    const result = decision766({ counts, snapshot: zeroSnapshot(), procedures: 10, proceduresOnline: 10, proceduresWithOnlineDossiers: 10 });
    const indicators = result.groups.find((g) => g.key === "onlineProvision")!.indicators;
    expect(indicators.map((i) => [i.key, i.score])).toEqual([
      ["onlineProcedures", 4],
      ["servicesWithDossiers", 4],
      ["onlineDossiers", 4],
      ["onlinePayment", null], // no fee-bearing dossier: no rate
    ]);
  });
});
