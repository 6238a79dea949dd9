import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../functions/cli/main";
import { hashToken } from "../../functions/core/dossier/codes";
import type { Actor, Dossier, Resolution, TimelineEntry } from "../../functions/core/dossier/model";
import { presentRow } from "../../functions/core/stats/daily";
import { runDays } from "../../functions/core/stats/service";
import { applicant, seedCatalogue, startTestPortal, TEST_AGENCY, testProcedure, type TestPortal } from "../support/portal";

/**
 * `calendar apply --from 2026-08-22` after the 2026 correction (issue 19 item 1: the Ministry of Home Affairs'
 * schedule makes Saturday 22/8 a working day and Monday 31/8 a day off; the old data file had them the other way
 * round). The dossiers below are as the portal stored them before the correction — due dates and classifications
 * computed with the old calendar, by hand — and the CLI runs on the running portal's data, as an operator would.
 *
 * Procedure: 3 working days, office hours 07:00–11:30, 13:30–17:00.
 *   D1 received Thu 20/8 09:00. Old: Fri 21, Mon 24, Tue 25 → due 25/8 09:00; approved Mon 24/8 15:00 → early.
 *      New: Fri 21, Sat 22 (worked), Mon 24 → due 24/8 09:00 → the same approval is late.
 *   D2 received Thu 27/8 09:00, still in progress. Old: Fri 28, Mon 31, Thu 3/9 → due 3/9 09:00.
 *      New: Fri 28, Thu 3/9, Fri 4/9 (29/8–2/9 off) → due 4/9 09:00: at the end of 3/9 in progress, not overdue.
 *   D3 received Mon 3/8 09:00, due Thu 6/8 09:00 under both, approved 5/8 → early: due before 22/8, not touched.
 *   D4 received Mon 7/9 09:00, due Thu 10/9 09:00, stored after the correction: already right, not touched.
 *   D5 received Wed 19/8 10:00. Old: Thu 20, Fri 21, Mon 24 → due 24/8 10:00; approved 24/8 09:00 → on time.
 *      New: Thu 20, Fri 21, Sat 22 → due 22/8 10:00 → late.
 *   D6 received Wed 26/8 14:00. Old: Thu 27, Fri 28, Mon 31 → due 31/8 14:00; approved Thu 3/9 10:00 → late.
 *      New: Thu 27, Fri 28, Thu 3/9 → due 3/9 14:00 → on time.
 */

const A = TEST_AGENCY.code;
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`).toISOString();
const AGENCY: Actor = { type: "agency", agencyCode: A };
let portal: TestPortal;
let n = 0;

/** A dossier as stored before the correction: its timeline, and the due date and classification of the old calendar. */
function stored(received: string, steps: [action: "approve" | "return_result", at: string][], dueAt: string, resolution?: Resolution): Dossier {
  const created = new Date(Date.parse(received) - 3600_000).toISOString();
  const timeline: TimelineEntry[] = [
    { action: "create", status: "draft", at: created, by: { type: "citizen" } },
    { action: "submit", status: "submitted", at: new Date(Date.parse(received) - 1800_000).toISOString(), by: { type: "citizen" } },
    { action: "receive", status: "received", at: received, by: AGENCY },
  ];
  for (const [action, at] of steps) timeline.push({ action, status: action === "approve" ? "approved" : "returned", at, by: AGENCY });
  const approved = steps.find(([action]) => action === "approve")?.[1];
  const returned = steps.find(([action]) => action === "return_result")?.[1];
  return {
    code: `${A}-${received.slice(2, 4)}${received.slice(5, 7)}${received.slice(8, 10)}-${String(++n).padStart(4, "0")}`,
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: A,
    receivingAgencyCode: A,
    status: returned ? "returned" : approved ? "approved" : "received",
    version: timeline.length,
    applicant: { ...applicant, idType: "cccd" },
    delivery: "post",
    formData: {},
    tokenHash: hashToken("t"),
    attachments: {},
    timeline,
    createdAt: created,
    submittedAt: timeline[1]!.at,
    channel: "online",
    receivedAt: received,
    firstReceivedAt: received,
    firstReceivedBy: A,
    dueAt,
    supplementRequests: 0,
    ...(approved ? { resolvedAt: approved, resolution } : {}),
    ...(returned ? { endedAt: returned } : {}),
    clock: { processingDays: 3, unit: "working_days", supplement: "pause" },
    round: 0,
  };
}

const D1 = stored(vn("2026-08-20", "09:00"), [["approve", vn("2026-08-24", "15:00")], ["return_result", vn("2026-08-25", "08:00")]], vn("2026-08-25", "09:00"), "early");
const D2 = stored(vn("2026-08-27", "09:00"), [], vn("2026-09-03", "09:00"));
const D3 = stored(vn("2026-08-03", "09:00"), [["approve", vn("2026-08-05", "10:00")]], vn("2026-08-06", "09:00"), "early");
const D4 = stored(vn("2026-09-07", "09:00"), [], vn("2026-09-10", "09:00"));
const D5 = stored(vn("2026-08-19", "10:00"), [["approve", vn("2026-08-24", "09:00")]], vn("2026-08-24", "10:00"), "on_time");
const D6 = stored(vn("2026-08-26", "14:00"), [["approve", vn("2026-09-03", "10:00")]], vn("2026-08-31", "14:00"), "late");
const ALL = [D1, D2, D3, D4, D5, D6];

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const saved = process.env.DATA_DIR;
  process.env.DATA_DIR = portal.dataDir; // the CLI finds the running portal through its data folder
  try {
    const code = await runCli(args);
    return { code, out, err, report: out.length ? JSON.parse(out.at(-1)!) : undefined };
  } finally {
    log.mockRestore();
    error.mockRestore();
    if (saved === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = saved;
  }
}

const statsDeps = () => ({ source: portal.adapters.days, store: portal.adapters.stats, catalogue: portal.adapters.catalogue, now: () => new Date() });
async function dayRow(date: string) {
  const [day] = await portal.adapters.stats.readDays(date, date);
  const row = day?.rows.find((r) => r.scope === "agency" && r.key === A);
  return row ? presentRow(row) : undefined;
}

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [testProcedure({ processingDays: 3 })]);
  for (const dossier of ALL) await portal.adapters.dossiers.create(dossier);
  // The statistics as the nightly job computed them from the stale dates.
  await runDays(statsDeps(), "2026-08-01", "2026-09-05");
}, 120_000);
afterAll(async () => portal?.cleanup());

describe("calendar apply after the 2026 correction", () => {
  it("starts from the statistics of the stale dates", async () => {
    expect(await dayRow("2026-08-24")).toMatchObject({ resolved: 2, resolvedEarly: 1, resolvedOnTime: 1, resolvedLate: 0 });
    expect(await dayRow("2026-09-03")).toMatchObject({ resolved: 1, resolvedLate: 1, inProgress: 0, inProgressOverdue: 1, carriedOver: 2 });
  });

  it("moves exactly the dossiers the correction moves, through the decision path, and their statistics", async () => {
    const [before21] = await portal.adapters.stats.readDays("2026-08-21", "2026-08-21");
    const run = await cli(["calendar", "apply", "--from", "2026-08-22"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    // D1, D2, D4, D5, D6 are due on or after 22/8; D3 was due before it. D4 was already right.
    expect(run.report).toMatchObject({ from: "2026-08-22", examined: 5, unexplained: [], failed: [], firstAffectedDay: "2026-08-22" });
    const moved = Object.fromEntries(run.report.moved.map((m: { code: string }) => [m.code, m]));
    expect(Object.keys(moved).sort()).toEqual([D1, D2, D5, D6].map((d) => d.code).sort());
    expect(moved[D1.code]).toMatchObject({ dueAt: { from: D1.dueAt, to: vn("2026-08-24", "09:00") }, resolution: { from: "early", to: "late" } });
    expect(moved[D2.code]).toMatchObject({ dueAt: { from: D2.dueAt, to: vn("2026-09-04", "09:00") }, resolution: { from: null, to: null } });
    expect(moved[D5.code]).toMatchObject({ dueAt: { from: D5.dueAt, to: vn("2026-08-22", "10:00") }, resolution: { from: "on_time", to: "late" } });
    expect(moved[D6.code]).toMatchObject({ dueAt: { from: D6.dueAt, to: vn("2026-09-03", "14:00") }, resolution: { from: "late", to: "on_time" } });

    // The stored dossiers: moved ones one version on, the move on their timeline by the system; the others untouched.
    for (const before of ALL) {
      const after = (await portal.adapters.dossiers.get(before.code))!;
      if (moved[before.code]) {
        expect(after.version).toBe(before.version + 1);
        expect(after.dueAt).toBe(moved[before.code].dueAt.to);
        expect(after.resolution ?? null).toBe(moved[before.code].resolution.to);
        expect(after.status).toBe(before.status);
        expect(after.timeline.at(-1)).toMatchObject({ action: "recompute_due", by: { type: "system" } });
      } else expect(after).toEqual(before);
    }
    // Each move has its event, delivered to the dossier's event log.
    await portal.events.drain();
    const events = (await portal.adapters.events.list(D1.code, { limit: 10 })).items;
    expect(events.map((e) => e.type)).toEqual(["dossier.due_recomputed"]);
    expect(events[0]!.data).toMatchObject({ dueAt: vn("2026-08-24", "09:00"), resolution: "late" });

    // The statistics from the first affected day on, recomputed.
    expect(run.report.statistics).toMatchObject({ from: "2026-08-22" });
    expect(await dayRow("2026-08-24")).toMatchObject({ resolved: 2, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 2 });
    expect(await dayRow("2026-09-03")).toMatchObject({ resolved: 1, resolvedOnTime: 1, resolvedLate: 0, inProgress: 1, inProgressOverdue: 0, carriedOver: 2 });
    // The days before the first affected one are not rewritten: D3's day stays as it was.
    expect(await dayRow("2026-08-05")).toMatchObject({ resolved: 1, resolvedEarly: 1 });
    expect((await portal.adapters.stats.readDays("2026-08-21", "2026-08-21"))[0]!.computedAt).toBe(before21!.computedAt);
  }, 300_000);

  it("moves nothing the second time", async () => {
    const versions = await Promise.all(ALL.map(async (d) => (await portal.adapters.dossiers.get(d.code))!.version));
    const run = await cli(["calendar", "apply", "--from", "2026-08-22", "--no-stats"]);
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ examined: 5, moved: [], firstAffectedDay: null, statistics: null });
    expect(await Promise.all(ALL.map(async (d) => (await portal.adapters.dossiers.get(d.code))!.version))).toEqual(versions);
  });

  it("refuses a missing or malformed date", async () => {
    expect((await cli(["calendar", "apply"])).code).toBe(2);
    expect((await cli(["calendar", "apply", "--from", "22/08/2026"])).code).toBe(2);
  });
});
