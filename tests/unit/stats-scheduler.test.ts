import { describe, expect, it } from "vitest";
import { addDays } from "../../functions/core/calendar";
import { BACKFILL_DAYS, startStatsSchedule } from "../../functions/local/scheduler";
import type { Adapters } from "../../functions/wiring";
import { fakeCatalogueRepository, fakeDossierStore } from "../support/fakes";
import { DB_AGENCY, memoryDaySource, memoryStatsStore, statsDossier } from "./stats-support";

/**
 * The local portal's stand-in for the nightly cron (functions/local/scheduler.ts): at start-up it fills the missing
 * days of the last month in one backward walk (`runDays`), reading each day's endings once, not once per missing day.
 */

const NOW = new Date("2026-11-20T09:00:00+07:00");

function adapters(store = memoryStatsStore()) {
  const dossiers = [
    statsDossier({ firstReceivedAt: "2026-11-02T02:00:00.000Z", resolvedAt: "2026-11-03T02:00:00.000Z", resolution: "early", status: "approved" }),
    statsDossier({ firstReceivedAt: "2026-11-10T02:00:00.000Z" }),
  ];
  const source = memoryDaySource(() => dossiers);
  const reads = { endedOn: 0 };
  const days = { ...source, endedOn: (date: string) => (reads.endedOn++, source.endedOn(date)) };
  const catalogue = fakeCatalogueRepository([{ kind: "agency", value: DB_AGENCY }]);
  const partial = { days, stats: store, catalogue, dossiers: fakeDossierStore().dossiers };
  return { adapters: partial as unknown as Adapters, store, reads };
}

describe("the local statistics schedule", () => {
  it("fills the month's missing days in one walk, reading each day's endings once", async () => {
    const { adapters: a, store, reads } = adapters();
    const lines: string[] = [];
    const schedule = startStatsSchedule(a, (line) => lines.push(line), () => NOW);
    await schedule.ready;
    schedule.stop();
    const yesterday = "2026-11-19";
    expect([...store.days.keys()].sort()).toEqual(Array.from({ length: BACKFILL_DAYS }, (_, i) => addDays(yesterday, i - BACKFILL_DAYS + 1)));
    // One walk from today back to the first missing day: 31 days of endings (a walk per day would read 496).
    expect(reads.endedOn).toBe(BACKFILL_DAYS + 1);
    expect(lines).toContain(`statistics: computed ${BACKFILL_DAYS} missing day(s) up to ${yesterday}`);
    expect(store.days.get("2026-11-03")!.rows.find((r) => r.scope === "agency")!.counts).toMatchObject({ resolvedEarly: 1 });
  });

  it("reads nothing when no day is missing, and fills only from the first missing one", async () => {
    const { adapters: a, store, reads } = adapters();
    const first = startStatsSchedule(a, () => {}, () => NOW);
    await first.ready;
    first.stop();
    reads.endedOn = 0;
    const again = startStatsSchedule(a, () => {}, () => NOW);
    await again.ready;
    again.stop();
    expect(reads.endedOn).toBe(0);

    store.days.delete("2026-11-15");
    const lines: string[] = [];
    const refill = startStatsSchedule(a, (line) => lines.push(line), () => NOW);
    await refill.ready;
    refill.stop();
    expect(store.days.has("2026-11-15")).toBe(true);
    expect(reads.endedOn).toBe(6); // today back to 15/11
    expect(lines).toContain("statistics: computed 1 missing day(s) up to 2026-11-19");
  });
});
