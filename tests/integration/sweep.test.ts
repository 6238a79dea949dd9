import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, atVietnamTime, vietnamDate } from "../../functions/core/calendar";
import { sweepAbandonedUploads, sweepNight } from "../../functions/core/dossier/sweep";
import { sweepDay } from "../../functions/wiring";
import { applicant, pdfBytes, seedCatalogue, startTestPortal, submittedDossier, uploadDocument, type TestPortal } from "../support/portal";

/**
 * Abandoned drafts' uploads (functions/core/dossier/sweep.ts): files are stored at their final key from the start,
 * so the nightly sweep — not a bucket rule — deletes what drafts never submitted leave behind.
 */

let portal: TestPortal;
let clock = new Date("2026-11-02T09:00:00+07:00");

beforeAll(async () => {
  portal = await startTestPortal({ now: () => clock });
  await seedCatalogue(portal);
});
afterAll(async () => portal?.cleanup());

async function draftWithUpload() {
  const created = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
  const { code, accessToken } = created.body as { code: string; accessToken: string };
  const { declared, uploadStatus } = await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1200, code));
  expect(uploadStatus).toBe(200);
  return { code, accessToken, objectKey: `dossiers/${code}/${declared.body.attachmentId as string}` };
}

describe("the sweep of abandoned uploads", () => {
  it("takes the uploads off drafts a week old and deletes their files; submitted dossiers keep theirs", async () => {
    const created = vietnamDate(clock);
    const abandoned = await draftWithUpload();
    const submitted = await submittedDossier(portal);
    expect(await portal.adapters.files.inspect(abandoned.objectKey)).toBeDefined();
    const submittedFiles = Object.values((await portal.adapters.dossiers.get(submitted.code))!.attachments).map((a) => a.objectKey);

    const later = () => new Date(clock.getTime() + 8 * 86_400_000);
    expect(await sweepAbandonedUploads({ dossiers: portal.adapters.dossiers, catalogue: portal.adapters.catalogue, now: later }, created)).toMatchObject({ drafts: 1, files: 1 });
    await portal.events.drain();

    expect(await portal.adapters.files.inspect(abandoned.objectKey)).toBeUndefined();
    const draft = (await portal.adapters.dossiers.get(abandoned.code))!;
    expect(draft).toMatchObject({ status: "draft", attachments: {} });
    expect(draft.timeline.at(-1)).toMatchObject({ action: "expire_uploads", by: { type: "system" } });
    for (const key of submittedFiles) expect(await portal.adapters.files.inspect(key)).toBeDefined();

    // The holder sees a draft without files, and may upload again: a new upload is not a week old, and stays.
    const view = await portal.api(`/v1/dossiers/${abandoned.code}`, { headers: { authorization: `Bearer ${abandoned.accessToken}` } });
    expect(view.body.attachments).toEqual([]);
    clock = later();
    expect((await uploadDocument(portal, abandoned.code, abandoned.accessToken, "to-khai", pdfBytes(900, "again"))).uploadStatus).toBe(200);
    const rerun = await sweepAbandonedUploads({ dossiers: portal.adapters.dossiers, catalogue: portal.adapters.catalogue, now: () => clock }, created);
    expect(rerun).toMatchObject({ drafts: 1, files: 0 });
    expect(Object.keys((await portal.adapters.dossiers.get(abandoned.code))!.attachments)).toHaveLength(1);
  });

  it("refuses a day less than a week ago", async () => {
    await expect(sweepAbandonedUploads({ dossiers: portal.adapters.dossiers, catalogue: portal.adapters.catalogue, now: () => clock }, addDays(vietnamDate(clock), -3))).rejects.toMatchObject({
      code: "sweep.too_recent",
    });
  });

  it("is idempotent: twice in a row deletes once", async () => {
    clock = new Date("2026-11-20T09:00:00+07:00");
    const one = await draftWithUpload();
    const later = () => new Date(clock.getTime() + 9 * 86_400_000);
    const day = vietnamDate(clock);
    const [first, second] = [
      await sweepAbandonedUploads({ dossiers: portal.adapters.dossiers, catalogue: portal.adapters.catalogue, now: later }, day),
      await sweepAbandonedUploads({ dossiers: portal.adapters.dossiers, catalogue: portal.adapters.catalogue, now: later }, day),
    ];
    expect([first.files, second.files]).toEqual([1, 0]);
    await portal.events.drain();
    expect(await portal.adapters.files.inspect(one.objectKey)).toBeUndefined();
    expect((await portal.adapters.dossiers.get(one.code))!.timeline.filter((t) => t.action === "expire_uploads")).toHaveLength(1);
  });
});

describe("a draft's later uploads", () => {
  const DAY = 86_400_000;
  const deps = (now: Date) => ({ dossiers: portal.adapters.dossiers, catalogue: portal.adapters.catalogue, now: () => now });
  const keyOf = (code: string, attachmentId: string) => `dossiers/${code}/${attachmentId}`;

  it("are taken off by a later night: each draft is visited weekly through its first month", async () => {
    const created = new Date("2026-09-01T09:00:00+07:00");
    clock = created;
    const { code, accessToken, objectKey: first } = await draftWithUpload();
    // Night 8: the first visit takes the day-0 file.
    const night = (days: number) => atVietnamTime(addDays(vietnamDate(created), days), "00:30");
    expect((await sweepNight(deps(night(8)), sweepDay(night(8)))).files).toBe(1);
    await portal.events.drain();
    expect(await portal.adapters.files.inspect(first)).toBeUndefined();

    // The holder comes back on day 16 and uploads again, then leaves for good.
    clock = new Date(created.getTime() + 16 * DAY);
    const again = await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(900, "third week"));
    expect(again.uploadStatus).toBe(200);
    const second = keyOf(code, again.declared.body.attachmentId as string);

    // Night 22 visits the draft again, but the file is six days old: it stays.
    const visit3 = await sweepNight(deps(night(22)), sweepDay(night(22)));
    expect(visit3.days.map((d) => d.date)).toContain(vietnamDate(created));
    expect(Object.keys((await portal.adapters.dossiers.get(code))!.attachments)).toHaveLength(1);
    // Night 29, the fourth visit: a week old, taken off and deleted (without the weekly visits it stayed for good).
    const visit4 = await sweepNight(deps(night(29)), sweepDay(night(29)));
    expect(visit4.days.find((d) => d.date === vietnamDate(created))).toMatchObject({ drafts: 1, files: 1 });
    await portal.events.drain();
    expect(await portal.adapters.files.inspect(second)).toBeUndefined();
    const draft = (await portal.adapters.dossiers.get(code))!;
    expect(draft).toMatchObject({ status: "draft", attachments: {} });
    expect(draft.timeline.filter((t) => t.action === "expire_uploads")).toHaveLength(2);
  });

  it("stop on the draft's 28th day: a later file is refused with a 422 saying so, and nothing is declared", async () => {
    const created = new Date("2026-09-03T09:00:00+07:00");
    clock = created;
    const { code, accessToken } = await draftWithUpload();
    const offered = async () => (await portal.api(`/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${accessToken}` } })).body.actions;
    clock = new Date(created.getTime() + 28 * DAY - 60_000);
    expect(await offered()).toContain("attach");
    expect((await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(800, "day 27"))).uploadStatus).toBe(200);
    clock = new Date(created.getTime() + 28 * DAY);
    // The holder is no longer offered uploads, only the submission.
    expect(await offered()).toEqual(expect.arrayContaining(["submit"]));
    expect(await offered()).not.toContain("attach");
    const late = await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(700, "day 28"));
    expect(late.declared.status).toBe(422);
    expect(late.declared.body).toMatchObject({ code: "dossier.draft_too_old" });
    expect(late.declared.body.title).toContain("28");
    expect(Object.keys((await portal.adapters.dossiers.get(code))!.attachments)).toHaveLength(2);
    // The draft may still be submitted with what it holds.
    const submitted = await portal.api(`/v1/dossiers/${code}/submit`, { headers: { authorization: `Bearer ${accessToken}` }, body: {} });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  });
});

describe("npm run cli -- drafts sweep", () => {
  it("sweeps a day of the running portal's data, and refuses a bad date with the usage", async () => {
    const { runCli } = await import("../../functions/cli/main");
    const out: string[] = [];
    const err: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (line: string) => void out.push(String(line));
    console.error = (line: string) => void err.push(String(line));
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = portal.dataDir;
    try {
      expect(await runCli(["drafts", "sweep", "--date", "01/11/2026"])).toBe(2);
      expect(err.join("\n")).toContain("--date must be YYYY-MM-DD");
      // A day long past: nothing left to take off, but the answer says what was looked at.
      expect(await runCli(["drafts", "sweep", "--date", "2026-10-01"])).toBe(0);
      expect(JSON.parse(out.pop()!)).toMatchObject({ date: "2026-10-01", drafts: 0, files: 0 });
    } finally {
      console.log = log;
      console.error = error;
      process.env.DATA_DIR = saved;
    }
  });
});
