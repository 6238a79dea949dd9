import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { change } from "../../functions/core/dossier/change";
import { hashToken } from "../../functions/core/dossier/codes";
import type { Dossier } from "../../functions/core/dossier/model";
import { startLocalStores, type LocalStores } from "../support/local-stores";

/**
 * The poll-mode event outbox on dynalite (functions/adapters/dynamo/dossier-repository.ts `dynamoEventOutbox`): the
 * poller reads a dossier's undelivered events at some version, delivers them and acknowledges. A change that lands
 * in between must keep its own events pending and not keep the delivered ones: a dossier changed faster than the
 * poller's round once kept every event ever written, until its item was full (found by tests/http/dossier-limits).
 */

let local: LocalStores;
const SYSTEM = { type: "system" } as const;
let sequence = 0;

function dossier(): Dossier {
  const at = "2026-11-20T01:00:00.000Z";
  return {
    code: `000.00.31.H99-261120-${String(++sequence).padStart(4, "0")}`,
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: "000.00.31.H99",
    receivingAgencyCode: "000.00.31.H99",
    status: "received",
    version: 1,
    applicant: { fullName: "Nguyễn Văn A", idType: "cccd", idNumber: "079190012345", phone: "0903123456" },
    delivery: "post",
    formData: {},
    tokenHash: hashToken("t"),
    attachments: {},
    timeline: [{ action: "create", status: "draft", at, by: { type: "citizen" } }],
    createdAt: at,
    submittedAt: at,
    receivedAt: at,
    dueAt: "2026-11-25T01:00:00.000Z",
    channel: "online",
    supplementRequests: 0,
    clock: { processingDays: 2, unit: "working_days", supplement: "pause" },
    round: 0,
  };
}

const move = (d: Dossier, note = "Lịch nghỉ lễ được sửa") =>
  change(local.adapters, d, { type: "recompute_due", dueAt: "2026-11-26T01:00:00.000Z", note }, { now: new Date(), actor: SYSTEM });
const stored = async (code: string) =>
  (await local.adapters.db.send(new GetCommand({ TableName: local.config.tableName, Key: { pk: `DOSSIER#${code}`, sk: "DOSSIER" } }))).Item!;
const pendingOf = async (code: string) => (await local.adapters.outbox.pending(100)).find((p) => p.code === code);

beforeAll(async () => {
  local = await startLocalStores();
});
afterAll(async () => local?.close());

describe("acknowledging a dossier's events", () => {
  it("takes the delivered ones off when a newer change came in, and keeps the newer change's pending", async () => {
    const first = dossier();
    await local.adapters.dossiers.create(first);
    const v2 = await move(first);
    const read = await pendingOf(first.code);
    expect(read?.events.map((e) => e.version)).toEqual([2]);
    const v3 = await move(v2); // lands after the poller read, before it acknowledges
    expect(await local.adapters.outbox.acknowledge(first.code, read!.version)).toBe(true);
    expect((await pendingOf(first.code))?.events.map((e) => e.version)).toEqual([3]);
    expect(await local.adapters.outbox.acknowledge(first.code, v3.version)).toBe(true);
    expect(await pendingOf(first.code)).toBeUndefined();
    expect((await stored(first.code)).outbox).toBeUndefined();
    // Twice is harmless.
    await local.adapters.outbox.acknowledge(first.code, v3.version);
    expect(await pendingOf(first.code)).toBeUndefined();
  });

  it("keeps a dossier changed faster than the poller's rounds from piling up its delivered events", async () => {
    let current = dossier();
    await local.adapters.dossiers.create(current);
    for (let i = 0; i < 40; i++) {
      current = await move(current, "ệ".repeat(1000));
      const read = await pendingOf(current.code);
      current = await move(current); // always one change ahead of the poller
      await local.adapters.outbox.acknowledge(current.code, read!.version);
    }
    const item = await stored(current.code);
    expect((item.outbox as unknown[]).length).toBeLessThanOrEqual(2);
    expect(Number(item.outboxBytes)).toBeLessThan(3 * 4 * 1024);
  });
});
