/** The domain-event consumers, and the function that runs them on the table's stream (stacks/event-consumer.ts). */
import { dynamoEventLog } from "../adapters/dynamo/event-log";
import { handleStreamBatch, type StreamBatch } from "../adapters/dynamo/event-stream";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { expiredUploadsConsumer } from "../core/dossier/sweep";
import { eventLogConsumer } from "../core/events/deliver";
import type { EventConsumer } from "../core/ports";
import { lazyFileStore, type Clients } from "./clients";
import { notifyFanOut } from "./notify";

/**
 * The consumers of domain events, in delivery order, wherever the events come from (the stream deployed, the
 * poller locally): the per-dossier event log, then the deletion of the files an `expire_uploads` took off a draft
 * (the S3 side is loaded by the first batch that carries such an event), then the citizens' notifications and the
 * agencies' webhooks, queued per channel (functions/wiring/notify.ts; sent off the queues, never here).
 */
export function eventConsumers(config: Config, clients: Clients): EventConsumer[] {
  return [
    eventLogConsumer(dynamoEventLog(clients.db, config.tableName)),
    expiredUploadsConsumer(lazyFileStore(clients.s3)),
    notifyFanOut(config, clients),
  ];
}

/**
 * The domain-event consumer on the table's stream: partial batch failures, so Lambda retries from the first record
 * that failed.
 */
export function eventsFunction(config: Config, clients: Clients) {
  const consumers = eventConsumers(config, clients);
  const log = jsonLogger();
  return (batch: StreamBatch) => handleStreamBatch(batch, consumers, log);
}
