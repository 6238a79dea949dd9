/**
 * The senders of notifications and webhooks (docs/notifications.md): the channels' providers as configured, over the
 * stores of what was sent; the notify function's handler on the SQS queues (functions/notify.ts) and the local
 * portal's queue worker (functions/local/queue-worker.ts) run the same `processQueued`.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { createTransport } from "nodemailer";
import { dynamoNotificationStore, dynamoWebhookStore } from "../adapters/dynamo/notification-store";
import { jsonLogger } from "../adapters/log/json";
import { sesEmailSender, smtpEmailSender } from "../adapters/notify/email";
import { esmsSender } from "../adapters/notify/esms";
import type { SqsBody } from "../adapters/notify/sqs-queue";
import { httpWebhookTransport } from "../adapters/notify/webhook-transport";
import { znsSender } from "../adapters/notify/zalo";
import type { Config } from "../config";
import type { EventType } from "../core/dossier/events";
import type { Logger } from "../core/log";
import type { MessageQueue, QueueName } from "../core/notify/ports";
import { pacer, processQueued, type SendDeps } from "../core/notify/send";
import type { Clients } from "./clients";
import { notifyQueue } from "./notify";

let sesClient: SESv2Client | undefined;

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
    links: { base: n.linkBase, secret: config.tokenSecret },
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
    // The batch's records side by side (one queue's, at most ten); the provider's pace still holds.
    await Promise.all(event.Records.map(async (record) => {
      try {
        const queue = queueOfArn(record.eventSourceARN);
        if (!queue) throw new Error(`no queue for ${record.eventSourceARN}`);
        const body = JSON.parse(record.body) as SqsBody;
        const wait = Date.parse(body.notBefore) - Date.now();
        if (wait > 1000) {
          await deps.queue.enqueue(queue, [body.message], wait);
          return;
        }
        await deps.pace[queue]();
        await processQueued(deps, queue, body.message);
      } catch (err) {
        log.error("queued message failed", { error: err instanceof Error ? err : String(err) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }));
    return { batchItemFailures };
  };
}
