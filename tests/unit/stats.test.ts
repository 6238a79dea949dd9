import { describe, expect, it } from "vitest";
import type { Dossier } from "../../functions/core/dossier/model";
import { computeDay, presentRow } from "../../functions/core/stats/daily";
import { decision766 } from "../../functions/core/stats/indicators";

const DAY = "2019-10-15";
const AGENCY = { code: "000.00.12.H62", name: "Sở Tư pháp", tier: "department" as const, parentCode: null };

function dossier(n: number, fields: Partial<Dossier>): Dossier {
  return {
    code: `000.00.12.H62-191015-${String(n).padStart(4, "0")}`,
    procedureCode: "1.000001",
    procedureName: "x",
    agencyCode: AGENCY.code,
    receivingAgencyCode: AGENCY.code,
    status: "received",
    version: 3,
    applicant: { fullName: "A", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
    delivery: "online",
    formData: {},
    tokenHash: "",
    attachments: {},
    timeline: [],
    createdAt: "2019-10-01T01:00:00.000Z",
    channel: "online",
    supplementRequests: 0,
    clock: { processingDays: 3, unit: "working_days", supplement: "pause" },
    round: 0,
    firstReceivedAt: "2019-10-01T02:00:00.000Z",
    firstReceivedBy: AGENCY.code,
    ...fields,
  };
}

describe("daily statistics shaped like the seeds' figures (Điện Biên 2019, department tier)", () => {
  it("counts 313 early, 68 on time, 11 late, 17 withdrawn, 5 stopped as the DOMAIN.md formulas say", () => {
    // Arrange: the outcomes, all ending on one day.
    const ended: Dossier[] = [];
    let n = 0;
    const resolvedAt = "2019-10-15T03:00:00.000Z"; // 10:00 in Vietnam
    const add = (count: number, fields: Partial<Dossier>) => {
      for (let i = 0; i < count; i++) ended.push(dossier(++n, fields));
    };
    add(313, { status: "approved", resolvedAt, resolution: "early" });
    add(68, { status: "returned", resolvedAt, resolution: "on_time", endedAt: "2019-10-16T03:00:00.000Z" });
    add(11, { status: "denied", resolvedAt, resolution: "late" });
    add(17, { status: "withdrawn", endedAt: resolvedAt });
    add(5, { status: "stopped", endedAt: resolvedAt });

    // Act
    const { rows } = computeDay({ date: DAY, receivedOn: [], endedOn: ended, submittedOn: [], agencies: [AGENCY], procedures: [] });

    // Assert: one agency row, its tier row and the province row, all the same counts.
    expect(rows.map((r) => `${r.scope}:${r.key}`)).toEqual([`agency:${AGENCY.code}`, "tier:department", "province:all"]);
    const row = presentRow(rows[0]!);
    expect(row).toMatchObject({ resolved: 392, resolvedEarly: 313, resolvedOnTime: 68, resolvedLate: 11, withdrawn: 17, stopped: 5 });
    expect(row.onTimeRate).toBeCloseTo(381 / 392, 6); // 97.2%
    expect(row.earlyShare).toBeCloseTo(313 / 392, 6); // 79.8%
    expect(Math.round(row.onTimeRate! * 1000) / 10).toBe(97.2);
    expect(Math.round(row.earlyShare! * 1000) / 10).toBe(79.8);
    expect(presentRow(rows[1]!).resolved).toBe(392);
    expect(presentRow(rows[2]!).withdrawn).toBe(17);
  });

  it("gives no rate, not 0%, when nothing was resolved, and zero rows for an empty day", () => {
    const { rows } = computeDay({
      date: DAY,
      receivedOn: [dossier(1, { firstReceivedAt: "2019-10-15T02:00:00.000Z" })],
      endedOn: [],
      submittedOn: [],
      agencies: [AGENCY],
      procedures: [],
    });
    expect(presentRow(rows[0]!)).toMatchObject({ received: 1, resolved: 0, onTimeRate: null });
    expect(computeDay({ date: DAY, receivedOn: [], endedOn: [], submittedOn: [], agencies: [AGENCY], procedures: [] }).rows).toEqual([]);
  });

  it("scores Decision 766 indicators as R/T × Pmax capped at Pmax", () => {
    const counts = { ...computeDay({ date: DAY, receivedOn: [], endedOn: [], submittedOn: [], agencies: [], procedures: [] }).catalogue };
    expect(counts.procedures).toBe(0);
    const score = decision766({
      counts: { received: 100, receivedOnline: 25, resolved: 10, resolvedEarly: 5, resolvedOnTime: 4, resolvedLate: 1, withdrawn: 0, stopped: 0, rejectedIntake: 0, supplementRequests: 0, processingWorkingDaysTotal: 0, ratingsCount: 0, ratingsTotal: 0, paymentsCount: 0, paymentsAmount: 0 },
      proceduresOnline: 40,
      procedures: 100,
      withDossiers: 40,
    });
    expect(score.computed.onlineDossiers).toBeCloseTo((0.25 / 0.5) * 4, 6);
    expect(score.computed.onlineProcedures).toBeCloseTo((0.4 / 0.8) * 4, 6);
    expect(score.computed.servicesWithDossiers).toBeCloseTo(4, 6);
    expect(score.computed.progress).toBeCloseTo(0.9 * 20, 6);
  });
});
