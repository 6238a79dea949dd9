/**
 * Notifications and webhooks (docs/notifications.md), composed once: the event consumer that fans events out to the
 * channels' queues, and the webhook subscriptions' service. The senders that work the queues are ./notify-send.ts
 * (deployed: the `notify` function on the SQS queues; locally: the portal's queue worker), apart, so that the events
 * function carries no e-mail or SMS client.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { dynamoLocalQueue, dynamoWebhookStore } from "../adapters/dynamo/notification-store";
import { sqsQueue } from "../adapters/notify/sqs-queue";
import type { Config } from "../config";
import { fanOutConsumer } from "../core/notify/fan-out";
import type { MessageQueue } from "../core/notify/ports";
import type { CitizenChannel } from "../core/notify/templates";
import type { WebhookDeps } from "../core/notify/webhooks";
import type { EventConsumer } from "../core/ports";
import type { Clients } from "./clients";
import { catalogueForDossiers, dossierRepository } from "./shared";

let sqsClient: SQSClient | undefined;

/** The channels' queues: SQS where the stage made them, else the table's local queues. */
export function notifyQueue(config: Config, clients: Pick<Clients, "db">, now: () => Date = () => new Date()): MessageQueue {
  const urls = config.notify.queueUrls;
  if (urls) return sqsQueue((sqsClient ??= new SQSClient({ region: config.region })), urls, now);
  return dynamoLocalQueue(clients.db, config.tableName, now);
}

/** The citizen channels that are on: e-mail and SMS when configured, Zalo when its token is. */
export function citizenChannels(config: Config): CitizenChannel[] {
  if (config.notify.channels) return config.notify.channels;
  return [
    ...(config.notify.email !== "off" ? (["email"] as const) : []),
    ...(config.notify.sms !== "off" ? (["sms"] as const) : []),
    ...(config.notify.zalo ? (["zalo"] as const) : []),
  ];
}

export function notifyFanOut(config: Config, clients: Pick<Clients, "db">, now: () => Date = () => new Date()): EventConsumer {
  return fanOutConsumer({
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    queue: notifyQueue(config, clients, now),
    webhooks: dynamoWebhookStore(clients.db, config.tableName),
    channels: citizenChannels(config),
    now,
  });
}

export function webhookDeps(config: Config, clients: Pick<Clients, "db">, now: () => Date = () => new Date()): WebhookDeps {
  return {
    webhooks: dynamoWebhookStore(clients.db, config.tableName),
    queue: notifyQueue(config, clients, now),
    now,
    allowPrivateTargets: config.notify.allowPrivateTargets,
    rotationGraceHours: config.notify.rotationGraceHours,
  };
}

