import { describe, expect, it } from "vitest";
import { clockChanges, replayClock } from "../../../functions/core/calendar";
import { applyAction, type Action } from "../../../functions/core/dossier/simulate";
import type { Dossier } from "../../../functions/core/dossier/model";
import { prng } from "../../../functions/core/prng";

const A = "000.00.31.H99";
const at = (iso: string) => new Date(iso);

function draft(n: number, clock: Dossier["clock"]): Dossier {
  return {
    code: `${A}-260101-${String(n).padStart(4, "0")}`,
    procedureCode: "1.000001",
    procedureName: "x",
    agencyCode: A,
    receivingAgencyCode: A,
    status: "draft",
    version: 1,
    applicant: { fullName: "Nguyễn Văn An", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
    delivery: "online",
    formData: {},
    tokenHash: "",
    attachments: {},
    timeline: [],
    createdAt: "2026-01-01T00:00:00.000Z",
    channel: "online",
    supplementRequests: 0,
    clock,
    round: 0,
  };
}

describe("replaying a dossier's clock from its timeline", () => {
  it("reproduces what the lifecycle stored, for 500 random dossiers through receipts, transfers, supplements and decisions", () => {
    const random = prng(19);
    for (let n = 1; n <= 500; n++) {
      const clock: Dossier["clock"] = {
        processingDays: Math.floor(random() * 15),
        unit: random() < 0.8 ? "working_days" : "calendar_days",
        supplement: random() < 0.7 ? "pause" : "restart",
      };
      let dossier = draft(n, clock);
      let t = Date.parse("2026-01-02T01:00:00Z") + Math.floor(random() * 330) * 86_400_000;
      const step = (action: Action, extra: { toAgencyCode?: string } = {}) => {
        t += Math.floor(random() * 4 * 86_400_000);
        const actor = ["submit", "supplement"].includes(action) ? { type: "citizen" as const } : { type: "agency" as const, agencyCode: dossier.agencyCode };
        dossier = applyAction(dossier, action, { now: new Date(t), actor, note: "ghi chú", ...extra });
      };
      step("submit");
      step("receive");
      for (let round = Math.floor(random() * 3); round > 0; round--) {
        step("request_supplement");
        step("supplement");
      }
      if (random() < 0.2) {
        step("transfer", { toAgencyCode: "000.00.32.H99" });
        step("receive");
      }
      step(random() < 0.5 ? "approve" : "deny");

      const replayed = replayClock(dossier);
      expect(replayed.dueAt?.toISOString(), dossier.code).toBe(dossier.dueAt);
      expect(replayed.resolution, dossier.code).toBe(dossier.resolution);
      expect(replayed.supplementRequests).toBe(dossier.supplementRequests);
    }
  });

  it("gives the due time in force at a past instant, before a later supplement moved it", () => {
    // Received Mon 9/3/2026 09:00 with 3 days: due Thu 12/3 09:00. Paused Tue 10/3 09:00 (16 h left), resumed Mon 16/3 09:00: due Wed 18/3 09:00.
    let dossier = draft(1, { processingDays: 3, unit: "working_days", supplement: "pause" });
    const agency = { type: "agency" as const, agencyCode: A };
    dossier = applyAction(dossier, "submit", { now: at("2026-03-09T08:00:00+07:00"), actor: { type: "citizen" } });
    dossier = applyAction(dossier, "receive", { now: at("2026-03-09T09:00:00+07:00"), actor: agency });
    dossier = applyAction(dossier, "request_supplement", { now: at("2026-03-10T09:00:00+07:00"), actor: agency, note: "thiếu giấy tờ" });
    dossier = applyAction(dossier, "supplement", { now: at("2026-03-16T09:00:00+07:00"), actor: { type: "citizen" } });
    expect(dossier.dueAt).toBe(at("2026-03-18T09:00:00+07:00").toISOString());

    const onFriday = replayClock(dossier, at("2026-03-13T17:00:00+07:00"));
    expect(onFriday.dueAt?.toISOString()).toBe(at("2026-03-12T09:00:00+07:00").toISOString());
    expect(onFriday.pausedAt?.toISOString()).toBe(at("2026-03-10T09:00:00+07:00").toISOString());
    const beforeReceipt = replayClock(dossier, at("2026-03-09T08:30:00+07:00"));
    expect(beforeReceipt.receivedAt).toBeUndefined();
    expect(beforeReceipt.dueAt).toBeUndefined();
  });
});

describe("what calendar apply would move", () => {
  it("finds the dossier whose due date was computed with the old 2026 calendar (22/8 a weekend) and nothing else", () => {
    // Received Fri 21/8/2026 10:00 with 3 days: due Tue 25/8 10:00 now that Saturday 22/8 is worked; the old file said Wed 26/8.
    const agency = { type: "agency" as const, agencyCode: A };
    const receive = (n: number, iso: string) => {
      let d = draft(n, { processingDays: 3, unit: "working_days", supplement: "pause" });
      d = applyAction(d, "submit", { now: at(iso), actor: { type: "citizen" } });
      return applyAction(d, "receive", { now: at(iso), actor: agency });
    };
    let stale = receive(1, "2026-08-21T10:00:00+07:00");
    stale = { ...stale, dueAt: at("2026-08-26T10:00:00+07:00").toISOString() }; // as stored before the fix
    // resolved Wed 26/8 09:00: on time by the old date, late by the corrected one
    stale = applyAction(stale, "approve", { now: at("2026-08-26T09:00:00+07:00"), actor: agency });
    expect(stale.resolution).toBe("on_time");
    const current = receive(2, "2026-08-10T10:00:00+07:00");

    const changes = clockChanges([stale, current]);

    expect(changes).toEqual([
      {
        code: stale.code,
        dueAt: { stored: at("2026-08-26T10:00:00+07:00").toISOString(), recomputed: at("2026-08-25T10:00:00+07:00").toISOString() },
        resolution: { stored: "on_time", recomputed: "late" },
      },
    ]);
    // applied, the report is empty: running it again moves nothing
    const applied = { ...stale, dueAt: changes[0]!.dueAt.recomputed!, resolution: changes[0]!.resolution.recomputed! };
    expect(clockChanges([applied, current])).toEqual([]);
  });
});
