/**
 * The senders of citizens' notifications and agencies' webhooks (docs/notifications.md): one function on the four
 * channels' queues (stacks/notify-queues.ts, in the Storage stack), after the Api stack because each message's links
 * (the opt-out, the track page) point at the API's public URL and are signed with the stage's token secret.
 *
 * - **E-mail** through Amazon SES v2, from NOTIFY_EMAIL_FROM: the stage's identity is that address's domain (verify
 *   its DKIM records once, docs/operating.md), and every message goes through the stage's configuration set, which
 *   keeps addresses that bounced or complained on its suppression list so no further mail is sent to them.
 * - **SMS** through eSMS.vn when NOTIFY_SMS=esms, its keys SST secrets (ESMS_API_KEY, ESMS_SECRET_KEY, ESMS_BRANDNAME).
 * - **Webhooks** to agencies' public HTTPS endpoints; loopback and private addresses are refused.
 * - **Rights**: its queues' messages; the table's notification records (sends, rates, opt-outs, suppressions, dead
 *   letters) and webhook subscriptions and deliveries; SES's SendEmail through its identity and configuration set.
 */
import { Duration } from "aws-cdk-lib";
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Config, use, type StackContext } from "sst/constructs";
import { QUEUE_NAMES } from "../functions/core/notify/ports";
import { Api } from "./Api";
import { allow, lambda } from "./lambda";
import { queueEnvironment } from "./notify-queues";
import { stageConfig } from "./stage-config";
import { Storage } from "./Storage";

/** Records per invocation of a queue (each one send). */
export const NOTIFY_BATCH_SIZE = 10;
/** Instances per queue at most: the providers' rates are per account. */
export const NOTIFY_MAX_CONCURRENCY = 5;

export function Notify({ stack }: StackContext) {
  const config = stageConfig(stack.stage);
  const { table, queues, alarms } = use(Storage);
  const { url: apiUrl, tokenSecret } = use(Api);

  const email = config.notifyEmailFrom;
  const configurationSet = email
    ? new ConfigurationSet(stack, "NotifyConfigurationSet", {
        suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        reputationMetrics: true,
        sendingEnabled: true,
      })
    : undefined;
  const identity = email && configurationSet
    ? new EmailIdentity(stack, "NotifyIdentity", { identity: Identity.domain(email.split("@")[1]!), configurationSet })
    : undefined;
  const smsSecrets = config.notifySms ? ["ESMS_API_KEY", "ESMS_SECRET_KEY", "ESMS_BRANDNAME"].map((name) => new Config.Secret(stack, name)) : [];

  const records = (prefixes: string[]) => ({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": prefixes } });
  const sender = lambda(stack, "Notify", {
    handler: "functions/notify.handler",
    description: "Senders: citizens' e-mail and SMS, agencies' webhooks, off the channels' queues",
    environment: {
      TABLE_NAME: table.tableName,
      STAGE: stack.stage,
      PUBLIC_URL: apiUrl,
      ...queueEnvironment(queues),
      NOTIFY_EMAIL: email ? "ses" : "off",
      ...(email && configurationSet ? { EMAIL_FROM: email, SES_CONFIGURATION_SET: configurationSet.configurationSetName } : {}),
      NOTIFY_SMS: config.notifySms ? "esms" : "off",
    },
    secrets: [tokenSecret, ...smsSecrets],
    permissions: [
      // Sends claimed and marked, recipients' hourly counts, suppressions, dead letters.
      allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], [table.tableArn], records(["NOTIFY#*", "RATE#*", "SUPPRESS#*", "DEADLETTER#*"])),
      // A dossier's opt-outs (its OPTOUT#<channel> items; the dossier itself is not read).
      allow(["dynamodb:GetItem"], [table.tableArn], records(["DOSSIER#*"])),
      // Subscriptions read; deliveries claimed and their attempts recorded.
      allow(["dynamodb:GetItem"], [table.tableArn], records(["WEBHOOKS"])),
      allow(["dynamodb:GetItem", "dynamodb:UpdateItem"], [table.tableArn], records(["WEBHOOK#*"])),
      // Retries go back onto their queue with a delay.
      allow(["sqs:SendMessage"], QUEUE_NAMES.map((name) => queues[name].queue.queueArn)),
      ...(identity && configurationSet
        ? [
            allow(
              ["ses:SendEmail"],
              [
                `arn:aws:ses:${stack.region}:${stack.account}:identity/${email!.split("@")[1]}`,
                `arn:aws:ses:${stack.region}:${stack.account}:configuration-set/${configurationSet.configurationSetName}`,
              ],
            ),
          ]
        : []),
    ],
    sizing: { memorySize: 256, timeout: 30 },
  });
  for (const name of QUEUE_NAMES) {
    sender.addEventSource(
      new SqsEventSource(queues[name].queue, {
        batchSize: NOTIFY_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: NOTIFY_MAX_CONCURRENCY,
      }),
    );
  }
  alarms?.add(stack, "NotifyErrors", sender.metricErrors({ period: Duration.minutes(5) }), 1, "Lambda Notify: errors");
  return { sender, configurationSet, identity };
}
