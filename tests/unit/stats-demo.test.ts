import { describe, expect, it } from "vitest";
import { Agency, Procedure } from "../../functions/core/catalogue/model";
import { applyAction } from "../../functions/core/dossier/simulate";
import type { Dossier } from "../../functions/core/dossier/model";
import { demoYear, outcomeScripts, type DemoDossier } from "../../functions/core/stats/demo-year";
import { runDays, summary } from "../../functions/core/stats/service";
import { memoryDaySource, memoryStatsStore, statsDossier } from "./stats-support";

const department = Agency.parse({ code: "000.00.12.H62", name: "Sở Tư pháp tỉnh Điện Biên", tier: "department", parentCode: null });
const commune = Agency.parse({ code: "000.00.31.H62", name: "UBND phường Him Lam", tier: "commune", parentCode: null });
const procedure = (code: string, agencyCode: string, processingDays: number, fee = 0) =>
  Procedure.parse({
    code,
    name: `Thủ tục ${code}`,
    field: "Hộ tịch",
    agencyCode,
    level: "full",
    processingDays,
    fee: { amount: fee, currency: "VND", serviceFee: fee, charge: 0 },
    documents: [],
    resultDelivery: ["online", "post"],
  });

/** Drives a script through the state machine, as the seeder drives it through the decision path. */
function drive(script: DemoDossier, catalogue: Procedure[], n: number): Dossier {
  const p = catalogue.find((x) => x.code === script.procedureCode)!;
  let dossier = statsDossier({
    code: `${p.agencyCode}-190101-${String(n).padStart(5, "0")}`,
    procedureCode: p.code,
    agencyCode: p.agencyCode,
    receivingAgencyCode: p.agencyCode,
    status: "draft",
    version: 1,
    channel: script.channel,
    createdAt: script.createdAt.toISOString(),
    firstReceivedAt: undefined,
    firstReceivedBy: undefined,
    clock: { processingDays: p.processingDays, unit: p.clockUnit, supplement: p.supplementClock },
  });
  for (const step of script.steps) {
    const actor = step.by === "citizen" ? { type: "citizen" as const } : { type: "agency" as const, agencyCode: dossier.agencyCode };
    dossier = applyAction(dossier, step.action, { now: step.at, actor, note: step.note ?? "ghi chú", toAgencyCode: step.toAgencyCode });
  }
  if (script.feedback) dossier = { ...dossier, feedback: { rating: script.feedback.rating, at: script.feedback.at.toISOString() } };
  return dossier;
}

describe("dossiers as data for a demo year and for statistics oracles", () => {
  it("reproduces the Điện Biên department-tier figures of 2019 from generated dossiers driven through the clock", async () => {
    // Arrange: 499 received; 313 early, 68 on time, 11 late, 17 withdrawn, 5 stopped; the other 85 open at year end, 10 overdue
    const catalogue = [procedure("1.000001", department.code, 5)];
    const scripts = outcomeScripts(catalogue[0]!, "2019-01-01", "2019-12-31", { early: 313, onTime: 68, late: 11, withdrawn: 17, stopped: 5, open: 75, openOverdue: 10 });
    const dossiers = scripts.map((script, i) => drive(script, catalogue, i + 1));
    // every dossier decided as its script intended
    for (const [i, d] of dossiers.entries()) {
      const intended = scripts[i]!.intended;
      if (["early", "on_time", "late"].includes(intended)) expect(d.resolution, d.code).toBe(intended);
    }
    const store = memoryStatsStore();
    const deps = { source: memoryDaySource(() => dossiers), store, catalogue: { load: async () => ({ version: "1", agencies: [department], procedures: catalogue }) }, now: () => new Date("2020-01-02T01:00:00Z") };
    // Act: the real job over the year, then the year's summary
    await runDays(deps, "2019-01-01", "2019-12-31");
    const year = await summary(store, deps.catalogue, { from: "2019-01-01", to: "2019-12-31", tier: "department" });
    // Assert
    expect(year).toMatchObject({ received: 499, resolved: 392, resolvedEarly: 313, resolvedOnTime: 68, resolvedLate: 11, withdrawn: 17, stopped: 5 });
    expect(Math.round(year.onTimeRate! * 1000) / 10).toBe(97.2);
    expect(Math.round(year.earlyShare! * 1000) / 10).toBe(79.8);
    expect(year.snapshot).toMatchObject({ inProgress: 75, inProgressOverdue: 10, waitingForCitizen: 0, carriedOver: 0 });
    expect(Math.round(year.progressRate! * 1000) / 10).toBe(95.6);
  });

  it("generates a deterministic year that the state machine accepts, over every channel and fate", () => {
    const catalogue = [procedure("1.000001", department.code, 5, 50_000), procedure("1.000002", commune.code, 1), procedure("2.000003", commune.code, 10)];
    const options = { procedures: catalogue, agencies: [department, commune], from: "2026-01-01", to: "2026-03-31", perWorkingDay: 20, seed: 7 };
    const scripts = [...demoYear(options)];
    expect([...demoYear(options)]).toEqual(scripts); // the same every time
    expect(scripts.length).toBeGreaterThan(900);
    const dossiers = scripts.map((script, i) => drive(script, catalogue, i + 1));
    const share = (predicate: (d: DemoDossier) => boolean) => scripts.filter(predicate).length / scripts.length;
    expect(share((s) => s.channel === "counter")).toBeGreaterThan(0.2);
    expect(share((s) => s.channel === "post")).toBeGreaterThan(0.02);
    const statuses = new Set(dossiers.map((d) => d.status));
    expect([...statuses].sort()).toEqual(["rejected_intake", "returned", "stopped", "supplement_requested", "withdrawn"]);
    const resolutions = new Set(dossiers.map((d) => d.resolution).filter(Boolean));
    expect([...resolutions].sort()).toEqual(["early", "late", "on_time"]);
    expect(dossiers.some((d) => d.timeline.some((e) => e.action === "transfer"))).toBe(true);
    // every script runs forwards in time
    for (const script of scripts) for (let i = 1; i < script.steps.length; i++) expect(script.steps[i]!.at >= script.steps[i - 1]!.at).toBe(true);
  });
});
