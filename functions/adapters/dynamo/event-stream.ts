import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DossierEvent } from "../../core/dossier/events";
import { deliverEvents } from "../../core/events/deliver";
import { silentLogger, type Logger } from "../../core/log";
import type { EventConsumer } from "../../core/ports";

/**
 * The deployed source of domain events: DynamoDB Streams on the table (NEW_AND_OLD_IMAGES) → this handler → the
 * consumers. A change's events are the ones in the new image's outbox that the old image did not hold (writes that
 * carry no change, e.g. a declared file, add none). Records are handled in order; the first that fails is reported
 * (with every record after it) so that Lambda retries from there, and after its retries sends it to the DLQ.
 */

export interface StreamRecord {
  eventID?: string;
  eventName?: "INSERT" | "MODIFY" | "REMOVE" | string;
  dynamodb?: {
    SequenceNumber?: string;
    Keys?: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
  };
}

export interface StreamBatch {
  Records?: StreamRecord[];
}

/** The events a stream record brings: those of the dossier's outbox that are new in this change. */
export function eventsOfRecord(record: StreamRecord): DossierEvent[] {
  const image = record.dynamodb?.NewImage;
  if (!image || image.sk?.S !== "DOSSIER" || !image.outbox) return [];
  const outbox = (unmarshall({ outbox: image.outbox }).outbox ?? []) as DossierEvent[];
  const old = record.dynamodb?.OldImage?.outbox ? ((unmarshall({ outbox: record.dynamodb.OldImage.outbox }).outbox ?? []) as DossierEvent[]) : [];
  const seen = new Set(old.map((e) => e.id));
  return outbox.filter((e) => !seen.has(e.id));
}

/** Lambda's partial batch response (reportBatchItemFailures): the records to retry. */
export async function handleStreamBatch(
  batch: StreamBatch,
  consumers: readonly EventConsumer[],
  log: Logger = silentLogger,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const records = batch.Records ?? [];
  for (let i = 0; i < records.length; i++) {
    try {
      await deliverEvents(consumers, eventsOfRecord(records[i]!), log);
    } catch {
      return {
        batchItemFailures: records
          .slice(i)
          .map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? r.eventID ?? "" }))
          .filter((f) => f.itemIdentifier),
      };
    }
  }
  return { batchItemFailures: [] };
}
