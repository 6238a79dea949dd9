import { describe, expect, it } from "vitest";
import { Agency, Procedure } from "../../functions/core/catalogue/model";
import { decide } from "../../functions/core/dossier/decide";
import type { Actor } from "../../functions/core/dossier/model";
import { intakeCounterDossier, type CounterIntakeDeps } from "../../functions/core/intake/counter";
import { computeDay, presentRow } from "../../functions/core/stats/daily";
import { fakeCatalogueRepository, fakeDossierStore, fakeIdempotencyStore } from "../support/fakes";

/**
 * Counter intake (functions/core/intake/counter.ts, `counter_intake` in decide.ts): a dossier taken in at the
 * one-stop desk is created with its channel and received at once, its clock started at the desk's receipt.
 */

const COMMUNE = Agency.parse({ code: "000.00.31.H99", name: "UBND phường Thử Nghiệm", tier: "commune", parentCode: null });
const CENTRE = Agency.parse({ code: "000.00.01.H99", name: "Trung tâm Phục vụ hành chính công", tier: "province", parentCode: null });
const procedure = (overrides: Record<string, unknown> = {}) =>
  Procedure.parse({
    code: "1.001193",
    name: "Đăng ký khai sinh",
    field: "Hộ tịch",
    agencyCode: COMMUNE.code,
    level: "full",
    processingDays: 3,
    fee: { amount: 0, currency: "VND", serviceFee: 0, charge: 0 },
    documents: [],
    resultDelivery: ["online", "post", "in_person"],
    ...overrides,
  });
const OFFICER: Actor = { type: "officer", agencyCode: COMMUNE.code, officerId: "o1", name: "Lê Thị Một Cửa" };
const applicant = { fullName: "Trần Thị Bình", idType: "cccd" as const, idNumber: "001190012345", phone: "0912345679" };
const at = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);

function setup(procedures = [procedure()]) {
  const store = fakeDossierStore({ outbox: "poll" });
  const catalogue = fakeCatalogueRepository([
    { kind: "agency", value: COMMUNE },
    { kind: "agency", value: CENTRE },
    ...procedures.map((value) => ({ kind: "procedure" as const, value })),
  ]);
  const deps: CounterIntakeDeps = { dossiers: store.dossiers, catalogue, idempotency: fakeIdempotencyStore(), tokenSecret: "s3cret", now: () => at("2026-11-23", "09:15") };
  return { store, deps };
}

describe("counter_intake", () => {
  it("submits and receives at once: the receipt time, the first receipt, the due date, one received event with the channel", () => {
    const { next, events } = decide(
      {
        ...{ code: `${COMMUNE.code}-261123-0001`, procedureCode: "1.001193", procedureName: "x", agencyCode: COMMUNE.code, receivingAgencyCode: COMMUNE.code },
        status: "draft",
        version: 1,
        applicant,
        delivery: "in_person",
        formData: {},
        tokenHash: "",
        attachments: {},
        timeline: [],
        createdAt: at("2026-11-23", "09:15").toISOString(),
        channel: "counter",
        supplementRequests: 0,
        clock: { processingDays: 3, unit: "working_days", supplement: "pause" },
        round: 0,
      },
      { type: "counter_intake" },
      { now: at("2026-11-23", "09:15"), actor: OFFICER },
    );
    // Mon 23/11 09:15 + 3 working days → Thu 26/11 09:15
    expect(next).toMatchObject({
      status: "received",
      submittedAt: at("2026-11-23", "09:15").toISOString(),
      receivedAt: at("2026-11-23", "09:15").toISOString(),
      firstReceivedAt: at("2026-11-23", "09:15").toISOString(),
      firstReceivedBy: COMMUNE.code,
      dueAt: at("2026-11-26", "09:15").toISOString(),
    });
    expect(events.map((e) => e.type)).toEqual(["dossier.received"]);
    expect(events[0]!.data).toMatchObject({ previousStatus: "draft", channel: "counter" });
  });

  it("creates the dossier with its channel and the desk's code, received at the desk's time", async () => {
    const { deps } = setup();
    const { dossier, accessToken, created } = await intakeCounterDossier(
      deps,
      { procedureCode: "1.001193", applicant, delivery: "in_person", channel: "post", receivedAt: at("2026-11-20", "14:00"), note: "Nhận qua bưu chính" },
      { actor: OFFICER },
    );
    expect(created).toBe(true);
    expect(accessToken.length).toBeGreaterThan(20);
    expect(dossier).toMatchObject({ code: `${COMMUNE.code}-261120-0001`, channel: "post", status: "received", dueAt: at("2026-11-25", "14:00").toISOString() });
    expect(dossier.timeline.map((e) => e.action)).toEqual(["create", "counter_intake"]);
    expect(dossier.timeline[1]).toMatchObject({ by: OFFICER, note: "Nhận qua bưu chính" });
  });

  it("takes in a procedure not offered online: the desk takes every procedure", async () => {
    const { deps } = setup([procedure({ level: "info", resultDelivery: ["in_person"] })]);
    const { dossier } = await intakeCounterDossier(deps, { procedureCode: "1.001193", applicant, delivery: "in_person", channel: "counter" }, { actor: OFFICER });
    expect(dossier.status).toBe("received");
  });

  it("refuses another unit's officer and a delivery the procedure does not offer before taking a number", async () => {
    const { deps, store } = setup([procedure({ resultDelivery: ["online", "post"] })]);
    const stranger: Actor = { type: "officer", agencyCode: CENTRE.code, officerId: "o2", name: "Người khác" };
    await expect(intakeCounterDossier(deps, { procedureCode: "1.001193", applicant, delivery: "post", channel: "counter" }, { actor: stranger })).rejects.toMatchObject({ code: "dossier.not_yours" });
    await expect(intakeCounterDossier(deps, { procedureCode: "1.001193", applicant, delivery: "in_person", channel: "counter" }, { actor: OFFICER })).rejects.toMatchObject({ code: "dossier.delivery_not_offered" });
    await expect(intakeCounterDossier(deps, { procedureCode: "9.999999", applicant, delivery: "post", channel: "counter" }, { actor: OFFICER })).rejects.toMatchObject({ code: "procedure.not_found" });
    expect(await store.dossiers.nextSequence(COMMUNE.code, "261123")).toBe(1); // no number was used
  });

  it("under a key, a retry after a crash between the two writes receives the draft it left, and makes no second dossier", async () => {
    const { deps, store } = setup();
    let crash = true;
    const crashing = {
      ...deps,
      dossiers: {
        ...store.dossiers,
        async commit(...args: Parameters<typeof store.dossiers.commit>) {
          if (crash) throw new Error("process killed");
          return store.dossiers.commit(...args);
        },
      },
    };
    const input = { procedureCode: "1.001193", applicant, delivery: "in_person" as const, channel: "counter" as const, receivedAt: at("2026-11-20", "08:00") };
    await expect(intakeCounterDossier(crashing, input, { actor: OFFICER, idempotencyKey: "walk-in-1" })).rejects.toThrow("process killed");
    crash = false;
    const retry = await intakeCounterDossier(crashing, input, { actor: OFFICER, idempotencyKey: "walk-in-1" });
    expect(retry).toMatchObject({ created: false, dossier: { code: `${COMMUNE.code}-261120-0001`, status: "received" } });
    const again = await intakeCounterDossier(crashing, input, { actor: OFFICER, idempotencyKey: "walk-in-1" });
    expect(again.dossier.version).toBe(retry.dossier.version);
    expect(again.accessToken).toBe(retry.accessToken); // derived from the key: the same slip
    expect((await store.days.receivedOn("2026-11-20")).length).toBe(1);
    await expect(intakeCounterDossier(crashing, { ...input, channel: "post" }, { actor: OFFICER, idempotencyKey: "walk-in-1" })).rejects.toMatchObject({ code: "idempotency.key_reused" });
  });

  it("is counted as received at the counter, not online, on the day of the desk's receipt", async () => {
    const { deps } = setup();
    const counter = await intakeCounterDossier(deps, { procedureCode: "1.001193", applicant, delivery: "in_person", channel: "counter", receivedAt: at("2026-11-20", "08:00") }, { actor: OFFICER });
    const { rows } = computeDay({
      date: "2026-11-20",
      receivedOn: [counter.dossier],
      endedOn: [],
      submittedOn: [counter.dossier],
      agencies: [COMMUNE],
      procedures: [procedure()],
    });
    const row = presentRow(rows.find((r) => r.scope === "agency")!);
    expect(row).toMatchObject({ received: 1, receivedCounter: 1, receivedOnline: 0, onlineUptakeRate: 0 });
  });
});
