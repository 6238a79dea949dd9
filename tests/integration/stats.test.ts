import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../functions/core/dossier/codes";
import { commandFrom, type CommandType } from "../../functions/core/dossier/decide";
import type { Dossier } from "../../functions/core/dossier/model";
import { change } from "../../functions/core/dossier/change";
import { runDay } from "../../functions/core/stats/service";
import { OTHER_AGENCY, TEST_AGENCY, applicant, seedCatalogue, startTestPortal, testProcedure, type TestPortal } from "../support/portal";

/**
 * Oracle: a month of dossiers with hand-chosen outcomes, driven through the real state machine and the real
 * repository (dynalite), then the real job; the expected rows below were computed by hand.
 */
const A = TEST_AGENCY.code; // commune
const B = OTHER_AGENCY.code; // department
let portal: TestPortal;
let n = 0;

type Step = [action: Exclude<CommandType, `payment_${string}`>, at: string, by?: string, extra?: { toAgencyCode?: string; note?: string }];

async function life(steps: Step[]): Promise<Dossier> {
  const code = `${A}-261101-${String(++n).padStart(4, "0")}`;
  const created = "2026-10-30T08:00:00+07:00";
  let dossier: Dossier = {
    code,
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: A,
    receivingAgencyCode: A,
    status: "draft",
    version: 1,
    applicant: { ...applicant, idType: "cccd" },
    delivery: "online",
    formData: {},
    tokenHash: hashToken("t"),
    attachments: {},
    timeline: [{ action: "create", status: "draft", at: new Date(created).toISOString(), by: { type: "citizen" } }],
    createdAt: new Date(created).toISOString(),
    channel: "online",
    supplementRequests: 0,
    clock: { processingDays: 3, unit: "working_days", supplement: "pause" },
    round: 0,
  };
  await portal.adapters.dossiers.create(dossier);
  for (const [action, at, by, extra] of steps) {
    const actor = by ? { type: "agency" as const, agencyCode: by } : { type: "citizen" as const };
    dossier = await change(portal.adapters, dossier, commandFrom(action, { note: "ghi chú", ...extra }), { now: new Date(at), actor });
  }
  return dossier;
}

const t = (date: string, time: string) => `${date}T${time}:00+07:00`;

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [testProcedure({ processingDays: 3 })]);
  const submit: Step = ["submit", t("2026-10-30", "09:00")];
  // D1 received Mon 2/11 09:00, due Thu 5/11 09:00, approved Tue 3/11 → early
  await life([submit, ["receive", t("2026-11-02", "09:00"), A], ["approve", t("2026-11-03", "10:00"), A]]);
  // D2 received 2/11 10:00, due Thu 5/11 10:00, approved 5/11 09:00 → on time
  await life([submit, ["receive", t("2026-11-02", "10:00"), A], ["approve", t("2026-11-05", "09:00"), A]]);
  // D3 received 2/11 14:00, due Thu 5/11 14:00, approved Mon 9/11 → late
  await life([submit, ["receive", t("2026-11-02", "14:00"), A], ["approve", t("2026-11-09", "09:00"), A]]);
  // D4 received 2/11 15:00, due Thu 5/11 15:00; paused Tue 3/11 09:00 with 20 h left; resumed Tue 10/11 09:00 →
  // due Thu 12/11 15:00; approved Wed 11/11 → early, despite the original due date (the pause is not counted)
  await life([
    submit,
    ["receive", t("2026-11-02", "15:00"), A],
    ["request_supplement", t("2026-11-03", "09:00"), A],
    ["supplement", t("2026-11-10", "09:00")],
    ["approve", t("2026-11-11", "09:00"), A],
  ]);
  // D5 received by A on 3/11, transferred to B, received by B 4/11, approved by B 4/11 → A's intake, B's early
  await life([
    submit,
    ["receive", t("2026-11-03", "09:00"), A],
    ["transfer", t("2026-11-03", "10:00"), A, { toAgencyCode: B }],
    ["receive", t("2026-11-04", "09:00"), B],
    ["approve", t("2026-11-04", "16:00"), B],
  ]);
  // D6 withdrawn before receipt on 4/11
  await life([submit, ["withdraw", t("2026-11-04", "11:00")]]);
  // D7 received 4/11, stopped 6/11
  await life([submit, ["receive", t("2026-11-04", "08:00"), A], ["stop", t("2026-11-06", "10:00"), A]]);
  // D8 two supplement requests → late even though approved before its due date
  await life([
    submit,
    ["receive", t("2026-11-04", "08:00"), A],
    ["request_supplement", t("2026-11-04", "09:00"), A],
    ["supplement", t("2026-11-04", "10:00")],
    ["request_supplement", t("2026-11-04", "11:00"), A],
    ["supplement", t("2026-11-04", "14:00")],
    ["approve", t("2026-11-05", "09:00"), A],
  ]);
  // D9 received Mon 31/8 09:00 with 1–2/9 off (National Day): due Mon 7/9 09:00; approved 7/9 08:00 → on time
  // (were the holidays working days, it would have been due Thu 3/9 and be late)
  await life([submit, ["receive", t("2026-08-31", "09:00"), A], ["approve", t("2026-09-07", "08:00"), A]]);

  for (const date of ["2026-08-31", "2026-09-07", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-09", "2026-11-11"]) {
    await runDay({ source: portal.adapters.days, store: portal.adapters.stats, catalogue: portal.adapters.catalogue, now: () => new Date() }, date);
  }
});
afterAll(async () => portal?.cleanup());

type Row = Record<string, number | string | null>;
async function rows(from: string, to = from, query = ""): Promise<Row[]> {
  const res = await portal.api(`/v1/stats/daily?from=${from}&to=${to}${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}
const pick = (r: Row) => ({
  agencyCode: r.agencyCode,
  received: r.received,
  resolved: r.resolved,
  early: r.resolvedEarly,
  onTime: r.resolvedOnTime,
  late: r.resolvedLate,
  withdrawn: r.withdrawn,
  stopped: r.stopped,
  supplementRequests: r.supplementRequests,
});
const zero = { received: 0, resolved: 0, early: 0, onTime: 0, late: 0, withdrawn: 0, stopped: 0, supplementRequests: 0 };

describe("daily statistics against hand-computed rows", () => {
  it("counts each day exactly", async () => {
    expect((await rows("2026-11-02")).map(pick)).toEqual([{ ...zero, agencyCode: A, received: 4 }]);
    expect((await rows("2026-11-03")).map(pick)).toEqual([{ ...zero, agencyCode: A, received: 1, resolved: 1, early: 1 }]);
    expect((await rows("2026-11-04")).map(pick)).toEqual([
      { ...zero, agencyCode: B, resolved: 1, early: 1 },
      { ...zero, agencyCode: A, received: 2, withdrawn: 1 },
    ].sort((x, y) => String(x.agencyCode).localeCompare(String(y.agencyCode))));
    expect((await rows("2026-11-05")).map(pick)).toEqual([{ ...zero, agencyCode: A, resolved: 2, onTime: 1, late: 1, supplementRequests: 2 }]);
    expect((await rows("2026-11-06")).map(pick)).toEqual([{ ...zero, agencyCode: A, stopped: 1 }]);
    expect((await rows("2026-11-09")).map(pick)).toEqual([{ ...zero, agencyCode: A, resolved: 1, late: 1 }]);
    expect((await rows("2026-11-11")).map(pick)).toEqual([{ ...zero, agencyCode: A, resolved: 1, early: 1, supplementRequests: 1 }]);
    expect((await rows("2026-09-07")).map(pick)).toEqual([{ ...zero, agencyCode: A, resolved: 1, onTime: 1 }]);
  });

  it("gives a day with no dossiers zero rows, not an error", async () => {
    expect(await rows("2026-11-07")).toEqual([]);
    expect(await rows("2026-11-08")).toEqual([]); // never computed: no rows either
  });

  it("rolls up per tier and for the province, and sums a period in the summary", async () => {
    const tiers = await rows("2026-11-04", "2026-11-04", "&scope=tier");
    expect(tiers.map((r) => [r.tier, r.received, r.resolved])).toEqual([
      ["commune", 2, 0],
      ["department", 0, 1],
    ]);
    const province = await rows("2026-11-02", "2026-11-11", "&scope=province");
    expect(province.map((r) => r.date)).toEqual(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-09", "2026-11-11"]);

    const summary = (await portal.api("/v1/stats/summary?from=2026-11-01&to=2026-11-30")).body;
    // Resolved in November: D1, D4, D5 early; D2 on time; D3, D8 late (D9 resolved in September).
    expect(summary).toMatchObject({ received: 7, resolved: 6, resolvedEarly: 3, resolvedOnTime: 1, resolvedLate: 2, withdrawn: 1, stopped: 1 });
    expect(summary.onTimeRate).toBeCloseTo(4 / 6, 6);
    expect(summary.onlineUptakeRate).toBe(1);
    expect(summary.procedures).toBe(1);
    expect(summary.fullOnlineRate).toBe(1);
    const agencyB = (await portal.api(`/v1/stats/summary?from=2026-11-01&to=2026-11-30&agency=${B}`)).body;
    expect(agencyB).toMatchObject({ received: 0, resolved: 1, resolvedEarly: 1, onTimeRate: 1 });
  });

  it("recomputing a day changes nothing, and a day's rows are replaced exactly", async () => {
    const before = await rows("2026-11-05", "2026-11-05", "&scope=agency");
    const deps = { source: portal.adapters.days, store: portal.adapters.stats, catalogue: portal.adapters.catalogue, now: () => new Date() };
    await runDay(deps, "2026-11-05");
    await runDay(deps, "2026-11-05");
    expect(await rows("2026-11-05")).toEqual(before);
    // A stale row (say, from a bug since fixed) disappears when the day is recomputed.
    const day = (await portal.adapters.stats.readDays("2026-11-05", "2026-11-05"))[0]!;
    await portal.adapters.stats.replaceDay({ ...day, rows: [...day.rows, { ...day.rows[0]!, key: "000.00.99.H99" }] });
    expect(await rows("2026-11-05")).toHaveLength(2);
    await runDay(deps, "2026-11-05");
    expect(await rows("2026-11-05")).toEqual(before);
  });

  it("exports the daily rows as CSV for spreadsheets", async () => {
    const res = await fetch(`${portal.url}/v1/stats/daily?from=2026-11-02&to=2026-11-05`, { headers: { accept: "text/csv" } });
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM Excel needs
    const lines = new TextDecoder().decode(bytes).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^date,scope,agencyCode,tier,received,receivedOnline,resolved/);
    expect(lines).toHaveLength(1 + 5); // header + A on 2, 3, 4 and 5/11 + B on 4/11
    expect(lines[1]).toContain(`2026-11-02,agency,${A},commune,4,4,0`);
    const viaQuery = await portal.api("/v1/stats/daily?from=2026-11-02&to=2026-11-05&format=csv");
    expect(viaQuery.headers.get("content-type")).toContain("text/csv");
  });

  it("refuses a bad range with 400 naming the field", async () => {
    const backwards = await portal.api("/v1/stats/daily?from=2026-11-05&to=2026-11-01");
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe("to");
    const bad = await portal.api("/v1/stats/summary?from=2026-1-1&tier=district2");
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["from", "tier"]);
  });
});
