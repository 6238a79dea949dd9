import { describe, expect, it } from "vitest";
import { addDays, atVietnamTime } from "../../functions/core/calendar";
import { applyAction, type Action } from "../../functions/core/dossier/simulate";
import type { Dossier } from "../../functions/core/dossier/model";
import { runDay, runDays } from "../../functions/core/stats/service";
import { DB_AGENCY, memoryDaySource, memoryStatsStore, statsDossier } from "./stats-support";
import { prng } from "../../functions/core/prng";

const OTHER = { code: "000.00.13.H62", name: "Sở Xây dựng", tier: "department" as const, parentCode: null };
const catalogue = { load: async () => ({ version: "1", agencies: [DB_AGENCY, OTHER], procedures: [] }) };

/**
 * 150 dossiers over November 2026 driven through the real state machine, each version kept with the instant it
 * was written, so the table can be looked at as it stood at any moment.
 */
function history() {
  const random = prng(766);
  const versions: { at: number; dossier: Dossier }[] = [];
  for (let n = 0; n < 150; n++) {
    let dossier = statsDossier({
      status: "draft",
      version: 1,
      firstReceivedAt: undefined,
      firstReceivedBy: undefined,
      createdAt: "2026-11-01T00:00:00.000Z",
      clock: { processingDays: 1 + Math.floor(random() * 5), unit: "working_days", supplement: "pause" },
      agencyCode: random() < 0.7 ? DB_AGENCY.code : OTHER.code,
    });
    let t = atVietnamTime(addDays("2026-11-02", Math.floor(random() * 25)), "07:30").getTime() + Math.floor(random() * 540) * 60_000;
    const step = (action: Action, extra: { toAgencyCode?: string } = {}) => {
      t += Math.floor((0.2 + random() * 2.5) * 86_400_000);
      const actor = ["submit", "supplement", "withdraw"].includes(action) ? { type: "citizen" as const } : { type: "agency" as const, agencyCode: dossier.agencyCode };
      dossier = applyAction(dossier, action, { now: new Date(t), actor, note: "ghi chú", ...extra });
      versions.push({ at: t, dossier });
    };
    step("submit");
    if (random() < 0.05) {
      step("withdraw");
      continue;
    }
    step("receive");
    if (random() < 0.3) {
      step("request_supplement");
      if (random() < 0.7) step("supplement");
      else continue; // still waiting
    }
    if (random() < 0.15) {
      step("transfer", { toAgencyCode: dossier.agencyCode === DB_AGENCY.code ? OTHER.code : DB_AGENCY.code });
      step("receive");
    }
    const fate = random();
    if (fate < 0.1) continue; // still open
    if (fate < 0.15) step("stop");
    else {
      step("approve");
      if (random() < 0.5) step("return_result");
    }
  }
  /** Every dossier as the table held it at `at`. */
  const asOf = (at: number) => {
    const latest = new Map<string, Dossier>();
    for (const v of versions) if (v.at <= at) latest.set(v.dossier.code, v.dossier);
    return [...latest.values()];
  };
  return { asOf, end: Math.max(...versions.map((v) => v.at)) };
}

describe("a past day's period-end snapshot, recomputed later, is the one the live job wrote that night", () => {
  it("for every day of November 2026: the 00:05 job then, `stats run --from` a month later", async () => {
    const { asOf, end } = history();
    const live = memoryStatsStore();
    const days: string[] = [];
    for (let date = "2026-11-02"; date <= "2026-11-30"; date = addDays(date, 1)) days.push(date);
    // Arrange: each night at 00:05, the job computes the day that ended, over the table as it stood then.
    for (const date of days) {
      const night = atVietnamTime(addDays(date, 1), "00:05").getTime();
      await runDay({ source: memoryDaySource(() => asOf(night)), store: live, catalogue, now: () => new Date(night) }, date);
    }
    // Act: a month later, the whole range recomputed over the table as it is by then
    const later = memoryStatsStore();
    const now = end + 30 * 86_400_000;
    await runDays({ source: memoryDaySource(() => asOf(now)), store: later, catalogue, now: () => new Date(now) }, days[0]!, days.at(-1)!);
    // Assert: the same rows, day by day, snapshot included (and something to compare: open dossiers on most days)
    const strip = (rows: unknown) => JSON.parse(JSON.stringify(rows));
    for (const date of days) expect(strip(later.days.get(date)!.rows), date).toEqual(strip(live.days.get(date)!.rows));
    const withOpen = days.filter((date) => live.days.get(date)!.rows.some((r) => r.scope === "province" && (r.snapshot?.inProgress ?? 0) > 0));
    const withOverdue = days.filter((date) => live.days.get(date)!.rows.some((r) => (r.snapshot?.inProgressOverdue ?? 0) > 0));
    const withWaiting = days.filter((date) => live.days.get(date)!.rows.some((r) => (r.snapshot?.waitingForCitizen ?? 0) > 0));
    expect(withOpen.length).toBeGreaterThan(20);
    expect(withOverdue.length).toBeGreaterThan(5);
    expect(withWaiting.length).toBeGreaterThan(5);
    // and the month rollup of the recomputation matches the live one
    expect(strip(later.months.get("2026-11")!.rows)).toEqual(strip(live.months.get("2026-11")!.rows));
  });
});
