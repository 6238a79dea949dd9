import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { eventsOfRecord, handleStreamBatch, type StreamRecord } from "../../functions/adapters/dynamo/event-stream";
import type { DossierEvent } from "../../functions/core/dossier/events";
import type { EventConsumer } from "../../functions/core/ports";

/**
 * The deployed event source (functions/adapters/dynamo/event-stream.ts): DynamoDB Streams records, as Lambda hands
 * them over (NEW_AND_OLD_IMAGES, attribute-value JSON), to the consumers.
 */

const event = (version: number, index = 0): DossierEvent => ({
  id: `000.00.31.H99-261201-0001/${version}/${index}`,
  type: "dossier.received",
  dossierCode: "000.00.31.H99-261201-0001",
  version,
  at: "2026-12-01T03:00:00.000Z",
  actor: { type: "agency", agencyCode: "000.00.31.H99" },
  data: {
    status: "received",
    previousStatus: "submitted",
    procedureCode: "1.001193",
    agencyCode: "000.00.31.H99",
    receivingAgencyCode: "000.00.31.H99",
    dueAt: "2026-12-02T03:00:00.000Z",
  },
});

const image = (outbox: DossierEvent[] | undefined, sk = "DOSSIER") =>
  marshall({ pk: "DOSSIER#000.00.31.H99-261201-0001", sk, version: 3, ...(outbox ? { outbox } : {}) }, { removeUndefinedValues: true });

const record = (seq: string, oldOutbox: DossierEvent[] | undefined, newOutbox: DossierEvent[] | undefined, sk?: string): StreamRecord => ({
  eventID: `id-${seq}`,
  eventName: oldOutbox ? "MODIFY" : "INSERT",
  dynamodb: { SequenceNumber: seq, NewImage: image(newOutbox, sk), ...(oldOutbox ? { OldImage: image(oldOutbox, sk) } : {}) },
});

describe("events of a stream record", () => {
  it("are the new image's outbox events the old image did not hold", () => {
    expect(eventsOfRecord(record("1", [event(2)], [event(3), event(3, 1)]))).toEqual([event(3), event(3, 1)]);
    // A write that carries no change (a declared file) keeps the outbox as it was: nothing to deliver.
    expect(eventsOfRecord(record("2", [event(3)], [event(3)]))).toEqual([]);
    expect(eventsOfRecord(record("3", undefined, [event(2)]))).toEqual([event(2)]);
  });

  it("are none for other items (event-log entries, counters, the catalogue) and for removals", () => {
    expect(eventsOfRecord(record("4", undefined, [event(2)], "EVENT#0000000002#000"))).toEqual([]);
    expect(eventsOfRecord({ eventName: "REMOVE", dynamodb: { SequenceNumber: "5", OldImage: image([event(2)]) } })).toEqual([]);
  });
});

describe("a stream batch", () => {
  it("hands each record's events to every consumer in order, and reports no failure", async () => {
    const seen: string[] = [];
    const consumers: EventConsumer[] = ["log", "notify"].map((name) => ({ name, handle: async (events) => void seen.push(...events.map((e) => `${name}:${e.id}`)) }));
    const answer = await handleStreamBatch({ Records: [record("1", undefined, [event(2)]), record("2", [event(2)], [event(3)])] }, consumers);
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      `log:${event(2).id}`,
      `notify:${event(2).id}`,
      `log:${event(3).id}`,
      `notify:${event(3).id}`,
    ]);
  });

  it("reports the first failing record and every one after it, so Lambda retries from there in order", async () => {
    let calls = 0;
    const flaky: EventConsumer = {
      name: "flaky",
      handle: async () => {
        if (++calls === 2) throw new Error("store down");
      },
    };
    const batch = { Records: [record("1", undefined, [event(2)]), record("2", [event(2)], [event(3)]), record("3", [event(3)], [event(4)])] };
    expect(await handleStreamBatch(batch, [flaky])).toEqual({ batchItemFailures: [{ itemIdentifier: "2" }, { itemIdentifier: "3" }] });
    expect(calls).toBe(2);
  });
});
