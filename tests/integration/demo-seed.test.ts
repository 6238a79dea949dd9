import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dossier } from "../../functions/core/dossier/model";
import { summary } from "../../functions/core/stats/service";
import { seedDemoYear, type DemoSeedResult } from "../../functions/local/seed-demo";
import { startTestPortal, type TestPortal } from "../support/portal";

/**
 * `npm start -- --demo` (functions/local/seed-demo.ts) on the sample catalogue: a year of dossiers driven through
 * `decide`, written by the repository, and the year's statistics computed by the real job; a second start changes
 * nothing; a start after a crash finishes what the first began without writing anything twice.
 */

const NOW = new Date("2026-11-15T10:00:00+07:00");
let portal: TestPortal;
let first: DemoSeedResult;
const phases = new Set<string>();

async function items(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await portal.adapters.db.send(new ScanCommand({ TableName: portal.config.tableName, Select: "COUNT", ExclusiveStartKey: start }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

beforeAll(async () => {
  portal = await startTestPortal({ seed: true, now: () => NOW });
  first = await seedDemoYear(portal.adapters, portal.config, { now: () => NOW, perWorkingDay: 3, progress: (phase) => void phases.add(phase) });
}, 300_000);
afterAll(async () => portal?.cleanup());

describe("the demo year", () => {
  it("seeds the 365 days up to yesterday and computes their statistics, with progress", async () => {
    expect(first).toMatchObject({ status: "seeded", from: "2025-11-15", to: "2026-11-14", statisticsDays: 365 });
    expect(first.written).toBe(first.dossiers);
    expect(first.dossiers).toBeGreaterThan(500);
    expect([...phases].sort()).toEqual(["dossiers", "statistics"]);
  });

  it("gives the statistics page every figure: channels, outcomes, the period-end snapshot, a monthly series", async () => {
    const year = await summary(portal.adapters.stats, portal.adapters.catalogue, { from: first.from, to: first.to });
    expect(year.daysComputed).toBe(365);
    expect(year.monthly.length).toBeGreaterThanOrEqual(12);
    for (const field of ["receivedOnline", "receivedCounter", "receivedPost", "resolvedEarly", "resolvedOnTime", "resolvedLate", "withdrawn", "stopped", "rejectedIntake"] as const) {
      expect(year[field], field).toBeGreaterThan(0);
    }
    // About a quarter at the desk, a twentieth by post.
    expect(year.receivedCounter / year.received).toBeGreaterThan(0.15);
    expect(year.receivedCounter / year.received).toBeLessThan(0.35);
    expect(year.snapshot.inProgress + year.snapshot.inProgressOverdue + year.snapshot.waitingForCitizen).toBeGreaterThan(0);
    expect(year.byAgency.length).toBeGreaterThan(10);
    expect(year.averageRating).toBeGreaterThan(1);
  });

  it("stores dossiers as the portal would, whose files open, with no events queued", async () => {
    const june = async (read: (date: string) => Promise<Dossier[]>) =>
      (await Promise.all(Array.from({ length: 30 }, (_, i) => read(`2026-06-${String(i + 1).padStart(2, "0")}`)))).flat();
    const returned = (await june((d) => portal.adapters.days.endedOn(d))).find((d) => d.status === "returned" && d.channel === "online" && d.delivery === "online");
    expect(returned).toBeDefined();
    const actions = returned!.timeline.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["create", "submit", "receive", "return_result"]));
    expect(actions.some((a) => a === "approve" || a === "deny")).toBe(true);
    const files = Object.values(returned!.attachments);
    expect(files.some((a) => a.kind === "result" && a.state === "verified")).toBe(true);
    expect(files.every((a) => a.state === "verified")).toBe(true);
    expect(await portal.adapters.files.inspect(files[0]!.objectKey)).toMatchObject({ size: files[0]!.size });
    const counter = (await june((d) => portal.adapters.days.receivedOn(d))).find((d) => d.channel === "counter")!;
    expect(counter.timeline[1]).toMatchObject({ action: "counter_intake", by: { type: "agency" } });
    expect(counter.code).toMatch(/-2606\d\d-50\d\d$/);
    expect(await portal.adapters.outbox.pending(10)).toEqual([]);
  });

  it("changes nothing on a second start", async () => {
    const before = await items();
    const again = await seedDemoYear(portal.adapters, portal.config, { now: () => new Date(NOW.getTime() + 3 * 86_400_000) });
    expect(again).toMatchObject({ status: "already", from: first.from, to: first.to, dossiers: first.dossiers, written: 0 });
    expect(await items()).toBe(before);
  });

  it("finishes after a crash without writing a dossier twice, in the window it began", async () => {
    const marker = { pk: "DEMO", sk: "SEED" };
    const stored = (await portal.adapters.db.send(new GetCommand({ TableName: portal.config.tableName, Key: marker }))).Item!;
    await portal.adapters.db.send(new PutCommand({ TableName: portal.config.tableName, Item: { ...stored, state: "seeding" } }));
    const before = await items();
    const resumed = await seedDemoYear(portal.adapters, portal.config, { now: () => new Date(NOW.getTime() + 3 * 86_400_000) });
    expect(resumed).toMatchObject({ status: "seeded", from: first.from, to: first.to, dossiers: first.dossiers, written: 0 });
    expect(await items()).toBe(before);
  }, 300_000);
});
