import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDueAt } from "../../functions/core/calendar";
import { seedCatalogue, startTestPortal, testProcedure, type TestPortal } from "../support/portal";

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [
    testProcedure({ code: "1.001193", processingDays: 3 }),
    testProcedure({ code: "2.000001", name: "Cấp phép theo ngày lịch", processingDays: 10, clockUnit: "calendar_days" }),
  ]);
});
afterAll(async () => portal?.cleanup());

const iso = (local: string) => new Date(local).toISOString();

describe("GET /v1/calendar/{year}", () => {
  it("gives 2026 as announced, with National Day's swap of Monday 31/8 for Saturday 22/8 and the source", async () => {
    const res = await portal.api("/v1/calendar/2026");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(res.body).toMatchObject({ year: 2026, announced: true, provisional: false, basis: "announced" });
    expect(res.body.source).toContain("Bộ Nội vụ");
    const off = new Map((res.body.daysOff as { date: string; kind: string }[]).map((d) => [d.date, d.kind]));
    expect(["2026-08-29", "2026-08-30", "2026-08-31", "2026-09-01", "2026-09-02"].map((d) => off.get(d))).toEqual([
      "weekend",
      "weekend",
      "swapped",
      "holiday",
      "holiday",
    ]);
    expect(off.has("2026-08-28")).toBe(false);
    expect(res.body.workingWeekends).toEqual([
      { date: "2026-01-10", name: "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026", replaces: "2026-01-02" },
      { date: "2026-08-22", name: "Làm bù cho ngày nghỉ thứ Hai 31/8/2026", replaces: "2026-08-31" },
    ]);
  });

  it("marks 2027 (no announced schedule) and 2031 (computed) as provisional", async () => {
    const y2027 = await portal.api("/v1/calendar/2027");
    expect(y2027.body).toMatchObject({ year: 2027, announced: false, provisional: true, basis: "labour_code_rule", workingWeekends: [] });
    const y2031 = await portal.api("/v1/calendar/2031");
    expect(y2031.body).toMatchObject({ announced: false, provisional: true, basis: "computed" });
    expect((y2031.body.daysOff as { name: string }[]).some((d) => d.name === "Tết Nguyên Đán")).toBe(true);
  });

  it("answers a malformed year with 400 and a year outside 1970–2199 with 422, as problem+json", async () => {
    const bad = await portal.api("/v1/calendar/26");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.body.errors[0].path).toBe("param.year");
    const far = await portal.api("/v1/calendar/2300", { headers: { "accept-language": "en" } });
    expect(far.status).toBe(422);
    expect(far.body).toMatchObject({ code: "calendar.year_out_of_range", status: 422 });
  });
});

describe("GET /v1/calendar/due", () => {
  it("gives the due time the portal sets: received Fri 21/8/2026 10:00 with 3 working days → Tue 25/8 10:00", async () => {
    const res = await portal.api(`/v1/calendar/due?procedure=1.001193&receivedAt=${encodeURIComponent("2026-08-21T10:00:00+07:00")}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      procedure: "1.001193",
      receivedAt: iso("2026-08-21T10:00:00+07:00"),
      clockStartsAt: iso("2026-08-21T10:00:00+07:00"),
      dueAt: iso("2026-08-25T10:00:00+07:00"),
      unit: "working_days",
      processingDays: 3,
      provisional: false,
    });
    // the same instant the dossier lifecycle would store
    expect(res.body.dueAt).toBe(computeDueAt({ receivedAt: new Date("2026-08-21T10:00:00+07:00"), processingDays: 3, unit: "working_days" }).toISOString());
  });

  it("starts the clock at the next working morning for a receipt on a day off, and counts calendar days", async () => {
    const swapped = await portal.api(`/v1/calendar/due?procedure=1.001193&receivedAt=${encodeURIComponent("2026-08-31T09:00:00+07:00")}`);
    expect(swapped.body.clockStartsAt).toBe(iso("2026-09-03T07:00:00+07:00"));
    // 3 working days from Thu 3/9 07:00: Thu, Fri, Mon → Mon 7/9 17:00
    expect(swapped.body.dueAt).toBe(iso("2026-09-07T17:00:00+07:00"));
    const calendar = await portal.api(`/v1/calendar/due?procedure=2.000001&receivedAt=${encodeURIComponent("2026-08-20T10:00:00+07:00")}`);
    // 20/8 + 10 days = Sun 30/8, off; then 31/8, 1/9, 2/9 off → Thu 3/9 at the end of the office day
    expect(calendar.body).toMatchObject({ unit: "calendar_days", dueAt: iso("2026-09-03T17:00:00+07:00") });
  });

  it("says when a due time crosses a year without an announced schedule", async () => {
    const res = await portal.api(`/v1/calendar/due?procedure=1.001193&receivedAt=${encodeURIComponent("2026-12-30T10:00:00+07:00")}`);
    expect(res.body.provisional).toBe(true);
    expect(res.body.dueAt).toBe(iso("2027-01-05T10:00:00+07:00")); // 30, 31/12, (1/1 off), 4/1, then Tue 5/1 10:00
  });

  it("answers an unknown procedure with 404 and bad parameters with 400 naming each, never 500", async () => {
    const unknown = await portal.api("/v1/calendar/due?procedure=9.999999&receivedAt=2026-08-21T10:00:00%2B07:00");
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("procedure.not_found");
    const malformed = await portal.api("/v1/calendar/due?procedure=x");
    expect(malformed.status).toBe(404);
    const bad = await portal.api("/v1/calendar/due?receivedAt=21/08/2026");
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["procedure", "receivedAt"]);
    const noOffset = await portal.api("/v1/calendar/due?procedure=1.001193&receivedAt=2026-08-21T10:00:00");
    expect(noOffset.status).toBe(400);
    const far = await portal.api("/v1/calendar/due?procedure=1.001193&receivedAt=2300-01-01T10:00:00Z");
    expect(far.status).toBe(422);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await portal.api("/v1/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/calendar/{year}", "/v1/calendar/due"]));
  });
});
