import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../functions/core/dossier/codes";
import { commandFrom, type CommandType } from "../../functions/core/dossier/decide";
import type { Dossier } from "../../functions/core/dossier/model";
import { change } from "../../functions/core/dossier/change";
import { runDay } from "../../functions/core/stats/service";
import { DailyStatsRowSchema, StatsSummarySchema } from "../../functions/http/stats-app";
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

async function life(steps: Step[], channel: Dossier["channel"] = "online"): Promise<Dossier> {
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
    channel,
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
  // D9 received Fri 28/8 09:00 before National Day 2026 (29/8–2/9 off, Monday 31/8 swapped for Saturday 22/8):
  // 360 min on Fri, 480 Thu 3/9, 480 Fri 4/9, 120 on Mon 7/9 → due Mon 7/9 09:00; approved 7/9 08:00 → on time
  // (with 31/8 a working day, as the old data file had it, it would have been due Thu 3/9 and be late)
  await life([["submit", t("2026-08-28", "08:00")], ["receive", t("2026-08-28", "09:00"), A], ["approve", t("2026-09-07", "08:00"), A]]);
  // D10–D12 received Mon 16/11 at the counter, by post and online, and still open
  const intake = (time: string): Step[] => [["submit", t("2026-11-16", "08:00")], ["receive", t("2026-11-16", time), A]];
  await life(intake("09:00"), "counter");
  await life(intake("10:00"), "post");
  await life(intake("11:00"), "online");

  // Every day computed on the real date (December 2026), long after all these dossiers moved on: each day's
  // period-end snapshot is rebuilt from the dossiers' histories, as `stats run --from` does.
  for (const date of ["2026-08-28", "2026-08-31", "2026-09-07", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-09", "2026-11-11", "2026-11-12", "2026-11-16"]) {
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
  inProgress: r.inProgress,
  overdue: r.inProgressOverdue,
  waiting: r.waitingForCitizen,
  carriedOver: r.carriedOver,
});
const zero = { received: 0, resolved: 0, early: 0, onTime: 0, late: 0, withdrawn: 0, stopped: 0, supplementRequests: 0, inProgress: 0, overdue: 0, waiting: 0, carriedOver: 0 };
const byCode = (x: { agencyCode: unknown }, y: { agencyCode: unknown }) => (String(x.agencyCode) < String(y.agencyCode) ? -1 : 1);

describe("daily statistics against hand-computed rows", () => {
  it("counts each day exactly, with the snapshot at its end and the dossiers carried over from the day before", async () => {
    expect((await rows("2026-11-02")).map(pick)).toEqual([{ ...zero, agencyCode: A, received: 4, inProgress: 4 }]);
    // D5, received by A then transferred, is B's from 10:00 on 3/11
    expect((await rows("2026-11-03")).map(pick)).toEqual(
      [
        { ...zero, agencyCode: A, received: 1, resolved: 1, early: 1, inProgress: 2, waiting: 1, carriedOver: 4 },
        { ...zero, agencyCode: B, inProgress: 1 },
      ].sort(byCode),
    );
    expect((await rows("2026-11-04")).map(pick)).toEqual(
      [
        { ...zero, agencyCode: B, resolved: 1, early: 1, carriedOver: 1 },
        { ...zero, agencyCode: A, received: 2, withdrawn: 1, inProgress: 4, waiting: 1, carriedOver: 3 },
      ].sort(byCode),
    );
    // D3 was due 5/11 14:00: overdue at the end of the day; D4 is past its original date but paused: waiting, not overdue
    expect((await rows("2026-11-05")).map(pick)).toEqual([
      { ...zero, agencyCode: A, resolved: 2, onTime: 1, late: 1, supplementRequests: 2, inProgress: 1, overdue: 1, waiting: 1, carriedOver: 5 },
    ]);
    expect((await rows("2026-11-06")).map(pick)).toEqual([{ ...zero, agencyCode: A, stopped: 1, overdue: 1, waiting: 1, carriedOver: 3 }]);
    expect((await rows("2026-11-07")).map(pick)).toEqual([{ ...zero, agencyCode: A, overdue: 1, waiting: 1, carriedOver: 2 }]);
    expect((await rows("2026-11-09")).map(pick)).toEqual([{ ...zero, agencyCode: A, resolved: 1, late: 1, waiting: 1, carriedOver: 2 }]);
    expect((await rows("2026-11-11")).map(pick)).toEqual([{ ...zero, agencyCode: A, resolved: 1, early: 1, supplementRequests: 1, carriedOver: 1 }]);
    expect((await rows("2026-11-16")).map(pick)).toEqual([{ ...zero, agencyCode: A, received: 3, inProgress: 3 }]);
    expect((await rows("2026-08-28")).map(pick)).toEqual([{ ...zero, agencyCode: A, received: 1, inProgress: 1 }]);
    expect((await rows("2026-08-31")).map(pick)).toEqual([{ ...zero, agencyCode: A, inProgress: 1, carriedOver: 1 }]);
    expect((await rows("2026-09-07")).map(pick)).toEqual([{ ...zero, agencyCode: A, resolved: 1, onTime: 1, carriedOver: 1 }]);
  });

  it("counts intake by channel: online uptake is not always 100%", async () => {
    const [row] = await rows("2026-11-16");
    expect(row).toMatchObject({ received: 3, receivedOnline: 1, receivedCounter: 1, receivedPost: 1 });
    expect(row!.onlineUptakeRate).toBeCloseTo(1 / 3, 6);
  });

  it("gives a day with no dossiers zero rows, not an error", async () => {
    expect(await rows("2026-11-12")).toEqual([]); // computed: nothing received, ended or open
    expect(await rows("2026-11-13")).toEqual([]); // never computed: no rows either
  });

  it("rolls up per tier and for the province, and sums a period in the summary with its period-end snapshot", async () => {
    const tiers = await rows("2026-11-04", "2026-11-04", "&scope=tier");
    expect(tiers.map((r) => [r.tier, r.received, r.resolved, r.carriedOver])).toEqual([
      ["commune", 2, 0, 3],
      ["department", 0, 1, 1],
    ]);
    const province = await rows("2026-11-02", "2026-11-16", "&scope=province");
    expect(province.map((r) => r.date)).toEqual(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-09", "2026-11-11", "2026-11-16"]);

    // November is a whole month: read from its rollup. Resolved in it: D1, D4, D5 early; D2 on time; D3, D8 late.
    const summary = (await portal.api("/v1/stats/summary?from=2026-11-01&to=2026-11-30")).body;
    // The answers are what the OpenAPI document publishes (the web's types are inferred from the same schemas).
    expect(StatsSummarySchema.safeParse(summary).error).toBeUndefined();
    for (const row of province) expect(DailyStatsRowSchema.safeParse(row).error).toBeUndefined();
    expect(summary).toMatchObject({ received: 10, resolved: 6, resolvedEarly: 3, resolvedOnTime: 1, resolvedLate: 2, withdrawn: 1, stopped: 1 });
    expect(summary).toMatchObject({ receivedOnline: 8, receivedCounter: 1, receivedPost: 1, daysComputed: 10, snapshotDate: "2026-11-16" });
    expect(summary.snapshot).toEqual({ inProgress: 3, inProgressOverdue: 0, waitingForCitizen: 0, waitingForCitizenWithinTime: 0, carriedOver: 0 });
    expect(summary.onTimeRate).toBeCloseTo(4 / 6, 6);
    expect(summary.progressRate).toBeCloseTo(7 / 9, 6); // (3 + 1 + 3 in progress) / (6 + 3)
    expect(summary.onlineUptakeRate).toBeCloseTo(8 / 10, 6);
    expect(summary.procedures).toBe(1);
    expect(summary.fullOnlineRate).toBe(1);
    // The first week: its snapshot is 6/11's, one overdue and one waiting within time
    const week = (await portal.api("/v1/stats/summary?from=2026-11-01&to=2026-11-06")).body;
    expect(week).toMatchObject({ resolved: 4, resolvedEarly: 2, resolvedOnTime: 1, resolvedLate: 1, snapshotDate: "2026-11-06" });
    expect(week.snapshot).toEqual({ inProgress: 0, inProgressOverdue: 1, waitingForCitizen: 1, waitingForCitizenWithinTime: 1, carriedOver: 0 });
    expect(week.progressRate).toBeCloseTo(4 / 6, 6); // (2 + 1 + 0 + 1 waiting in time) / (4 + 0 + 1 + 1)
    const agencyB = (await portal.api(`/v1/stats/summary?from=2026-11-01&to=2026-11-30&agency=${B}`)).body;
    expect(agencyB).toMatchObject({ received: 0, resolved: 1, resolvedEarly: 1, onTimeRate: 1 });
    expect(summary.byAgency.map((r: Row) => [r.key, r.resolved])).toEqual([[B, 1], [A, 5]].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)));
    // a range over more than a year is answered (no 366-day limit), from the months' rollups
    const years = (await portal.api("/v1/stats/summary?from=2025-01-01&to=2027-12-31")).body;
    expect(years).toMatchObject({ received: 11, resolved: 7, resolvedOnTime: 2, daysComputed: 13, snapshotDate: "2026-11-16" });
    expect(years.monthly.map((m: Row) => [m.date, m.received])).toEqual([["2026-08", 1], ["2026-09", 0], ["2026-11", 10]]);
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
    expect(lines[0]).toMatch(/^date,scope,agencyCode,tier,received,receivedOnline,receivedCounter,receivedPost,resolved/);
    expect(lines).toHaveLength(1 + 6); // header + A on 2, 3, 4 and 5/11 + B on 3 and 4/11
    expect(lines[1]).toContain(`2026-11-02,agency,${A},commune,4,4,0,0,0`);
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
    const summaryBackwards = await portal.api("/v1/stats/summary?from=2026-11-05&to=2026-11-01");
    expect([summaryBackwards.status, summaryBackwards.body.code]).toEqual([400, "stats.range_backwards"]);
    // daily rows stay capped at a year (a row per day and agency); summaries are not
    const longDaily = await portal.api("/v1/stats/daily?from=2024-01-01&to=2026-11-30");
    expect([longDaily.status, longDaily.body.code]).toEqual([400, "stats.range"]);
    const impossible = await portal.api("/v1/stats/summary?from=2026-02-30&to=2026-03-01");
    expect(impossible.status).toBe(400);
  });
});

describe("the Excel report", () => {
  /** The report of a range, and its sheets' tables as objects keyed by the English part of each header. */
  async function report(from: string, to: string) {
    const res = await fetch(`${portal.url}/v1/stats/report.xlsx?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const table = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const cells = (values: unknown) => Array.from((values as unknown[]).slice(1), (v) => v ?? null); // exceljs rows are sparse, from 1
      const header = cells(sheet.getRow(3).values).map((h) => String(h).split(" / ").at(-1));
      const rows: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n > 3) rows.push(Object.fromEntries(cells(row.values).map((v, i) => [header[i], v])));
      });
      return rows;
    };
    return { res, workbook, table };
  }

  it("holds, parsed back, the figures per agency and tier with the totals of the summary", async () => {
    const { res, workbook, table } = await report("2026-11-01", "2026-11-30");
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toContain('filename="thong-ke-2026-11-01-2026-11-30.xlsx"');
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Theo cơ quan (agency)", "Theo cấp (tier)", "Quyết định 766"]);
    const agencies = table("Theo cơ quan (agency)");
    expect(agencies.map((r) => [r["Agency code"], r.Received, r.Online, r.Counter, r.Post, r.Resolved, r.Early, r["On time"], r.Late, r.Withdrawn, r.Stopped, r["In progress within time"]])).toEqual([
      [B, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
      [A, 10, 8, 1, 1, 5, 2, 1, 2, 1, 1, 3],
      ["Tổng / Total", 10, 8, 1, 1, 6, 3, 1, 2, 1, 1, 3],
    ]);
    expect(agencies[1]!.Name).toBe("UBND phường Thử Nghiệm");
    expect(agencies[2]!["On-time rate"]).toBeCloseTo(4 / 6, 6);
    const tiers = table("Theo cấp (tier)");
    expect(tiers.map((r) => [r.Tier, r.Received, r.Resolved])).toEqual([
      ["Xã, phường / Commune", 10, 5],
      ["Sở, ngành / Department", 0, 1],
      ["Tổng / Total", 10, 6],
    ]);
    const d766 = workbook.getWorksheet("Quyết định 766")!;
    const progress = d766.getRows(4, d766.rowCount - 3)!.find((row) => row.getCell(2).value === "progress")!;
    expect(progress.getCell(6).value).toBeCloseTo(7 / 9, 6);
    expect(progress.getCell(8).value).toBe("có / yes");
  });

  it("holds the period-end snapshot: overdue, waiting for the citizen and carried over (3/11–6/11)", async () => {
    const { table } = await report("2026-11-03", "2026-11-06");
    const agencies = table("Theo cơ quan (agency)");
    const columns = ["In progress within time", "In progress overdue", "Waiting for the citizen", "Carried over"];
    // A at the end of 6/11: D3 past its due time (5/11 14:00), D4 waiting for its supplement; open at the start of
    // 3/11 (received 2/11): D1, D2, D3, D4. B: D5 came in and was decided within the range.
    expect(agencies.find((r) => r["Agency code"] === A)).toMatchObject(Object.fromEntries(columns.map((c, i) => [c, [0, 1, 1, 4][i]])));
    expect(agencies.find((r) => r["Agency code"] === B)).toMatchObject(Object.fromEntries(columns.map((c) => [c, 0])));
    expect(agencies.at(-1)).toMatchObject({ "Agency code": "Tổng / Total", "In progress overdue": 1, "Waiting for the citizen": 1, "Carried over": 4 });
  });
});
