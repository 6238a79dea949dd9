import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../functions/cli/main";
import { change } from "../../functions/core/dossier/change";
import { hashToken } from "../../functions/core/dossier/codes";
import type { Dossier } from "../../functions/core/dossier/model";
import { presentRow } from "../../functions/core/stats/daily";
import { applicant, OTHER_AGENCY, seedCatalogue, startTestPortal, TEST_AGENCY, testProcedure, type TestPortal } from "../support/portal";

/**
 * `dossiers import-counter FILE.csv` on a running portal's data (issue 19 item 5): counter and post dossiers from a
 * one-stop system's export, received at the desk at their own times through `counter_intake`, then decided,
 * returned, withdrawn or stopped as the file says; idempotent; counted as received, not online, in the statistics.
 *
 * Procedure 1.001193 of the commune A, 3 working days (07:00–11:30, 13:30–17:00).
 */

const A = TEST_AGENCY.code;
let portal: TestPortal;
let dir: string;
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`).toISOString();

const HEADER = "ma_ho_so;ma_thu_tuc;kenh;ho_ten;so_giay_to;so_dien_thoai;hinh_thuc_tra;ngay_tiep_nhan;trang_thai;ngay_giai_quyet;ngay_ket_thuc";
const ROWS = [
  // received Mon 2/11 09:00 → due Thu 5/11 09:00, still in progress
  "MC-0001;1.001193;counter;Trần Thị Bình;001190012345;0912345679;in_person;02/11/2026 09:00;received;;",
  // received 2/11 10:00 → due 5/11 10:00; approved Tue 3/11 10:00 (early), returned Wed 4/11 08:00
  "MC-0002;1.001193;counter;Lê Văn Cường;001090054321;;in_person;2026-11-02 10:00;returned;2026-11-03 10:00;2026-11-04 08:00",
  // by post, received Tue 3/11 09:00, withdrawn Wed 4/11 09:00
  "MC-0003;1.001193;post;Phạm Thị Dung;001190067890;;post;03/11/2026 09:00;withdrawn;;04/11/2026 09:00",
  // received 3/11 14:00 → due Fri 6/11 14:00; denied Mon 9/11 08:00 (late)
  "MC-0004;1.001193;counter;Hoàng Văn Em;001090098765;;in_person;03/11/2026 14:00;denied;09/11/2026 08:00;",
];

function file(name: string, rows: string[]) {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join("\n"));
  return path;
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const saved = process.env.DATA_DIR;
  process.env.DATA_DIR = portal.dataDir;
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

const onDay = async (date: string) => (await portal.adapters.days.receivedOn(date)).filter((d) => d.agencyCode === A);
const byExternal = async (date: string, external: string) => (await onDay(date)).find((d) => d.externalCode === external)!;
async function dayRow(date: string) {
  const [day] = await portal.adapters.stats.readDays(date, date);
  const row = day?.rows.find((r) => r.scope === "agency" && r.key === A);
  return row ? presentRow(row) : undefined;
}

beforeAll(async () => {
  portal = await startTestPortal();
  dir = mkdtempSync(join(tmpdir(), "dvc-counter-"));
  await seedCatalogue(portal, [testProcedure({ processingDays: 3 })]);
  // One online dossier received the same Monday, through the portal's decision path.
  const draft: Dossier = {
    code: `${A}-261102-9001`,
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: A,
    receivingAgencyCode: A,
    status: "draft",
    version: 1,
    applicant: { ...applicant, idType: "cccd" },
    delivery: "post",
    formData: {},
    tokenHash: hashToken("t"),
    attachments: {},
    timeline: [{ action: "create", status: "draft", at: vn("2026-11-02", "08:00"), by: { type: "citizen" } }],
    createdAt: vn("2026-11-02", "08:00"),
    channel: "online",
    supplementRequests: 0,
    clock: { processingDays: 3, unit: "working_days", supplement: "pause" },
    round: 0,
  };
  await portal.adapters.dossiers.create(draft);
  const submitted = await change(portal.adapters, draft, { type: "submit", verified: [] }, { now: new Date(vn("2026-11-02", "08:10")), actor: { type: "citizen" } });
  await change(portal.adapters, submitted, { type: "receive" }, { now: new Date(vn("2026-11-02", "08:30")), actor: { type: "agency", agencyCode: A } });
}, 120_000);
afterAll(async () => {
  await portal?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("dossiers import-counter", () => {
  it("refuses a file with a bad row, naming it, and writes nothing", async () => {
    const bad = file("bad.csv", [...ROWS, "MC-0005;9.999999;counter;Ngô Văn Phúc;001090011111;;in_person;03/11/2026 09:00;received;;", "MC-0006;1.001193;counter;X;123;;in_person;31/02/2026 09:00;received;;"]);
    const run = await cli(["dossiers", "import-counter", bad]);
    expect(run.code).toBe(1);
    const problems = run.err.join("\n");
    expect(problems).toContain("row 6, procedureCode: No procedure 9.999999 in the catalogue");
    expect(problems).toMatch(/row 7, fullName/);
    expect(problems).toMatch(/row 7, idNumber/);
    expect(problems).toMatch(/row 7, receivedAt/);
    expect(problems).toContain("nothing was imported");
    expect((await onDay("2026-11-02")).length).toBe(1); // the online one only
  });

  it("receives each row at the desk at its own time, then decides, returns, withdraws as the file says", async () => {
    const run = await cli(["dossiers", "import-counter", file("export.csv", ROWS)]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(run.report).toMatchObject({ created: 4, updated: 0, unchanged: 0, failed: 0, firstChangedDay: "2026-11-02", statistics: { from: "2026-11-02" } });

    const returned = await byExternal("2026-11-02", "MC-0002");
    expect(returned).toMatchObject({
      channel: "counter",
      status: "returned",
      receivingAgencyCode: A,
      submittedAt: vn("2026-11-02", "10:00"),
      receivedAt: vn("2026-11-02", "10:00"),
      firstReceivedAt: vn("2026-11-02", "10:00"),
      firstReceivedBy: A,
      dueAt: vn("2026-11-05", "10:00"),
      resolvedAt: vn("2026-11-03", "10:00"),
      resolution: "early",
      endedAt: vn("2026-11-04", "08:00"),
      delivery: "in_person",
    });
    expect(returned.code).toMatch(new RegExp(`^${A.replace(/\./g, "\\.")}-261102-\\d{4}$`));
    expect(returned.timeline.map((e) => [e.action, e.by.type])).toEqual([
      ["create", "agency"],
      ["counter_intake", "agency"],
      ["approve", "agency"],
      ["return_result", "agency"],
    ]);
    expect(await byExternal("2026-11-03", "MC-0003")).toMatchObject({ channel: "post", status: "withdrawn", endedAt: vn("2026-11-04", "09:00") });
    expect((await byExternal("2026-11-03", "MC-0003")).timeline.at(-1)).toMatchObject({ action: "withdraw", by: { type: "citizen" } });
    expect(await byExternal("2026-11-03", "MC-0004")).toMatchObject({ status: "denied", dueAt: vn("2026-11-06", "14:00"), resolution: "late" });
    expect(await byExternal("2026-11-02", "MC-0001")).toMatchObject({ status: "received", dueAt: vn("2026-11-05", "09:00") });

    // The receipt is the one received event, with its channel and no submission before it.
    await portal.events.drain();
    const events = (await portal.adapters.events.list(returned.code, { limit: 10 })).items;
    expect(events.map((e) => e.type)).toEqual(["dossier.received", "dossier.approved", "dossier.result_returned"]);
    expect(events[0]!.data).toMatchObject({ previousStatus: "draft", status: "received", channel: "counter", dueAt: vn("2026-11-05", "10:00") });

    // Counted as received, not online; online uptake over every channel: 1 of 3 on Monday, 0 of 2 on Tuesday.
    expect(await dayRow("2026-11-02")).toMatchObject({ received: 3, receivedOnline: 1, receivedCounter: 2, receivedPost: 0 });
    expect((await dayRow("2026-11-02"))!.onlineUptakeRate).toBeCloseTo(1 / 3, 6);
    expect(await dayRow("2026-11-03")).toMatchObject({ received: 2, receivedOnline: 0, receivedCounter: 1, receivedPost: 1, resolved: 1, resolvedEarly: 1 });
    expect(await dayRow("2026-11-04")).toMatchObject({ withdrawn: 1 });
    expect(await dayRow("2026-11-09")).toMatchObject({ resolved: 1, resolvedLate: 1 });
  }, 300_000);

  it("creates nothing the second time, and applies a later export's new steps without undoing any", async () => {
    const before = (await onDay("2026-11-02")).length + (await onDay("2026-11-03")).length;
    const again = await cli(["dossiers", "import-counter", file("export.csv", ROWS), "--no-stats"]);
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 0, statistics: null });

    // A week later the one-stop system's export has MC-0001 returned.
    const later = [ROWS[0]!.replace("received;;", "returned;04/11/2026 15:00;05/11/2026 08:00"), ...ROWS.slice(1)];
    const update = await cli(["dossiers", "import-counter", file("export-later.csv", later)]);
    expect(update.code, update.err.join("\n")).toBe(0);
    expect(update.report).toMatchObject({ created: 0, updated: 1, unchanged: 3, failed: 0 });
    expect(await byExternal("2026-11-02", "MC-0001")).toMatchObject({ status: "returned", resolution: "early" });
    expect((await onDay("2026-11-02")).length + (await onDay("2026-11-03")).length).toBe(before);
    expect(await dayRow("2026-11-04")).toMatchObject({ resolved: 1, resolvedEarly: 1, withdrawn: 1 });

    // A row whose dossier went elsewhere meanwhile is reported, not forced: MC-0003 was withdrawn, not stopped.
    const conflicting = [...ROWS.slice(0, 2), ROWS[2]!.replace("withdrawn;;04/11/2026 09:00", "stopped;;04/11/2026 09:00"), ROWS[3]!];
    const refused = await cli(["dossiers", "import-counter", file("export-conflict.csv", conflicting), "--no-stats"]);
    expect(refused.code).toBe(1);
    expect(refused.report).toMatchObject({ failed: 1 });
    expect(refused.err.join("\n")).toMatch(/row 4 \(MC-0003 → .*dossier\.invalid_transition/);
  }, 300_000);

  it("checks the receiving unit: a row for another unit's code is another dossier", async () => {
    // MC-0001 of the department is not MC-0001 of the commune.
    const other = "ma_ho_so;ma_thu_tuc;ma_don_vi;ho_ten;so_giay_to;ngay_tiep_nhan\nMC-0001;1.001193;" + OTHER_AGENCY.code + ";Trần Thị Bình;001190012345;02/11/2026 11:00";
    const path = join(dir, "other-unit.csv");
    writeFileSync(path, other);
    const run = await cli(["dossiers", "import-counter", path, "--no-stats"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(run.report).toMatchObject({ created: 1 });
    const [dossier] = (await portal.adapters.days.receivedOn("2026-11-02")).filter((d) => d.receivingAgencyCode === OTHER_AGENCY.code);
    expect(dossier).toMatchObject({ externalCode: "MC-0001", agencyCode: A, receivingAgencyCode: OTHER_AGENCY.code });
    expect(dossier!.code.startsWith(`${OTHER_AGENCY.code}-261102-`)).toBe(true);
  });
});
