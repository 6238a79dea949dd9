/**
 * Notifications and webhooks (docs/notifications.md), composed once: the event consumer that fans events out to the
 * channels' queues, the senders that work the queues (deployed: the `notify` function on the SQS queues; locally:
 * the portal's queue worker, functions/local/queue-worker.ts), and the webhook subscriptions' service.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createTransport } from "nodemailer";
import { dynamoLocalQueue, dynamoNotificationStore, dynamoWebhookStore } from "../adapters/dynamo/notification-store";
import { sesEmailSender, smtpEmailSender } from "../adapters/notify/email";
import { esmsSender } from "../adapters/notify/esms";
import { sqsQueue, type SqsBody } from "../adapters/notify/sqs-queue";
import { httpWebhookTransport } from "../adapters/notify/webhook-transport";
import { znsSender } from "../adapters/notify/zalo";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import type { EventType } from "../core/dossier/events";
import type { Logger } from "../core/log";
import { fanOutConsumer } from "../core/notify/fan-out";
import type { MessageQueue, QueueName } from "../core/notify/ports";
import { pacer, processQueued, type SendDeps } from "../core/notify/send";
import type { CitizenChannel } from "../core/notify/templates";
import type { WebhookDeps } from "../core/notify/webhooks";
import type { EventConsumer } from "../core/ports";
import type { Clients } from "./clients";
import { catalogueForDossiers, dossierRepository } from "./shared";

let sqsClient: SQSClient | undefined;
let sesClient: SESv2Client | undefined;

/** The channels' queues: SQS where the stage made them, else the table's local queues. */
export function notifyQueue(config: Config, clients: Pick<Clients, "db">, now: () => Date = () => new Date()): MessageQueue {
  const urls = config.notify.queueUrls;
  if (urls) return sqsQueue((sqsClient ??= new SQSClient({ region: config.region })), urls, now);
  return dynamoLocalQueue(clients.db, config.tableName, now);
}

/** The citizen channels that are on: e-mail and SMS when configured, Zalo when its token is. */
export function citizenChannels(config: Config): CitizenChannel[] {
  return [
    ...(config.notify.email !== "off" ? (["email"] as const) : []),
    ...(config.notify.sms !== "off" ? (["sms"] as const) : []),
    ...(config.notify.zalo ? (["zalo"] as const) : []),
  ];
}

export function notifyFanOut(config: Config, clients: Pick<Clients, "db">, now: () => Date = () => new Date()): EventConsumer {
  const linkBase = config.notify.linkBase;
  return fanOutConsumer({
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    queue: notifyQueue(config, clients, now),
    webhooks: dynamoWebhookStore(clients.db, config.tableName),
    channels: citizenChannels(config),
    secret: config.tokenSecret,
    publicUrl: linkBase,
    webUrl: linkBase,
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

export type Senders = SendDeps & { queue: MessageQueue; pace: Record<QueueName, () => Promise<void>> };

export function senders(config: Config, clients: Pick<Clients, "db">, log: Logger, now: () => Date = () => new Date()): Senders {
  const n = config.notify;
  const email =
    n.email === "ses"
      ? sesEmailSender((sesClient ??= new SESv2Client({ region: config.region })), { from: n.from, configurationSet: n.sesConfigurationSet })
      : n.email === "smtp"
        ? smtpEmailSender(createTransport(n.smtpUrl!), n.from)
        : undefined;
  return {
    notifications: dynamoNotificationStore(clients.db, config.tableName),
    webhooks: dynamoWebhookStore(clients.db, config.tableName),
    queue: notifyQueue(config, clients, now),
    email,
    sms: n.sms === "esms" ? esmsSender(n.esms) : undefined,
    zalo: n.zalo ? znsSender({ ...n.zalo, templates: n.zalo.templates as Partial<Record<EventType, string>> }) : undefined,
    transport: httpWebhookTransport({ allowPrivateTargets: n.allowPrivateTargets }),
    now,
    perRecipientPerHour: n.perRecipientPerHour,
    messageSchedule: n.messageScheduleMs,
    webhookSchedule: n.webhookScheduleMs,
    webhookTimeoutMs: n.webhookTimeoutMs,
    log,
    pace: { email: pacer(n.perSecond.email), sms: pacer(n.perSecond.sms), zalo: pacer(n.perSecond.zalo), webhook: pacer(n.perSecond.webhook) },
  };
}

/** What SQS hands the notify function: the records of one queue. */
export interface SqsEvent {
  Records: { messageId: string; body: string; eventSourceARN: string }[];
}

/**
 * The notify function's handler: each record of a channel's queue is sent (or queued again while not yet due) and
 * the records that failed are answered, so SQS hands over only those again (then to the dead-letter queue).
 */
export function queueHandler(config: Config, clients: Pick<Clients, "db">) {
  const log = jsonLogger({ component: "notify" });
  const deps = senders(config, clients, log);
  const urls = config.notify.queueUrls!;
  const queueOfArn = (arn: string): QueueName | undefined =>
    (Object.keys(urls) as QueueName[]).find((q) => urls[q].endsWith(`/${arn.split(":").pop()}`));
  return async (event: SqsEvent) => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const queue = queueOfArn(record.eventSourceARN);
        if (!queue) throw new Error(`no queue for ${record.eventSourceARN}`);
        const body = JSON.parse(record.body) as SqsBody;
        const wait = Date.parse(body.notBefore) - Date.now();
        if (wait > 1000) {
          await deps.queue.enqueue(queue, [body.message], wait);
          continue;
        }
        await deps.pace[queue]();
        await processQueued(deps, queue, body.message);
      } catch (err) {
        log.error("queued message failed", { error: err instanceof Error ? err : String(err) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
