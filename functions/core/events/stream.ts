/**
 * TODO(lead, issue #14): the domain-event consumer — this file is a typed stub by helper "wiring", so that the
 * consumer's Lambda entry (functions/events.ts), its wiring (`eventsDeps` in functions/wiring.ts) and its deployment
 * (stacks/Storage.ts: the table's stream, the event source mapping with partial batch failures, the dead-letter
 * queue) could be built and tested before the consumer exists. Replace it whole; keep `handleStreamBatch`'s answer
 * (Lambda's partial batch response for stream sources) or change the entry and the wiring with it.
 *
 * As it stands it takes every record as handled and writes nothing.
 */
import type { Logger } from "../log";

/** The part of a DynamoDB stream batch the consumer reads (Lambda's event for a stream event source). */
export interface StreamBatch {
  Records: { eventID?: string; eventName?: string; dynamodb?: { SequenceNumber?: string } }[];
}

/**
 * Lambda's partial batch response: the records that failed, by sequence number. Lambda retries from the first of
 * them (bisecting the batch), and after the last retry sends the batch's description to the dead-letter queue.
 */
export interface StreamBatchAnswer {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface EventConsumerDeps {
  now: () => Date;
  log: Logger;
}

/** Delivers the domain events carried by a batch of changed records to their consumers (stub: none yet). */
export async function handleStreamBatch(batch: StreamBatch, deps: EventConsumerDeps): Promise<StreamBatchAnswer> {
  deps.log.info("stream batch received", { records: batch.Records.length });
  return { batchItemFailures: [] };
}
