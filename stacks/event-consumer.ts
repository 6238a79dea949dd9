/**
 * The domain-event consumer (functions/events.ts): the table's DynamoDB stream → one Lambda function, in the Storage
 * stack, beside the table whose stream it reads (the stream's ARN is known only once the table exists, so another
 * stack would need a CloudFormation export of it, which re-pointing the app at a restored table could not change).
 *
 * - **At-least-once, one record at a time.** The function answers the records it could not handle
 *   (`reportBatchItemFailures`): Lambda retries from the first of them, splitting a failing batch in two
 *   (`bisectBatchOnError`) so that one bad record cannot hold its neighbours back, up to `EVENTS_RETRY_ATTEMPTS`
 *   times; then the batch's description (shard, sequence numbers) goes to the dead-letter queue and the shard moves
 *   on. Consumers dedupe by event id, so a retried record does no harm.
 * - **Only dossier changes**: the mapping's filter passes inserts and updates of dossier items (`pk` DOSSIER#…,
 *   `sk` DOSSIER; functions/adapters/dynamo/table.ts) — not the consumer's own event-log writes, not the catalogue.
 * - **Rights**: read this one stream; write `DOSSIER#…` items (the per-dossier event log) with PutItem or
 *   BatchWriteItem; delete the objects an `expire_uploads` took off a draft (documents' prefixes only); send to its
 *   dead-letter queue. Nothing else.
 * - **Someone hears of a failure**: an alarm on the dead-letter queue's depth (any message), on the function's
 *   errors, and on the stream's iterator age (a consumer that fell behind).
 */
import { Duration } from "aws-cdk-lib";
import { EventSourceMapping, FilterCriteria, FilterRule, StartingPosition, type IEventSourceDlq } from "aws-cdk-lib/aws-lambda";
import { NagSuppressions } from "cdk-nag";
import type { Stack } from "sst/constructs";
import { allow, deadLetterQueue, deliveryAlarms, lambda } from "./lambda";

export { DEAD_LETTER_RETENTION_DAYS } from "./lambda";
import type { StageConfig } from "./stage-config";
import { ATTACHMENT_PREFIXES } from "../functions/adapters/s3/keys";
import type { AlarmSink, TableRef } from "./Storage";
import { queueEnvironment, type ChannelQueue } from "./notify-queues";
import type { QueueName } from "../functions/core/notify/ports";

/** Records per invocation: a batch is one function call (cost), and one unit of retry until bisected. */
export const EVENTS_BATCH_SIZE = 100;
/** Retries of a failing batch (each bisecting it) before its records go to the dead-letter queue. */
export const EVENTS_RETRY_ATTEMPTS = 8;
/** The consumer is behind when its oldest unread record is this old (the stream keeps records 24 hours). */
export const ITERATOR_AGE_ALARM_MINUTES = 15;


export function eventConsumer(
  stack: Stack,
  props: {
    table: TableRef;
    streamArn: string;
    bucket: { bucketName: string; bucketArn: string };
    config: StageConfig;
    alarms?: AlarmSink;
    /** The channels' queues the notifications consumer fills (stacks/notify-queues.ts). */
    queues: Record<QueueName, ChannelQueue>;
  },
) {
  const { table, streamArn, bucket, config, alarms, queues } = props;
  const objects = (prefix: string) => `${bucket.bucketArn}/${prefix}*`;

  const deadLetters = deadLetterQueue(stack, "EventsDeadLetters", { removalPolicy: config.removalPolicy, of: "the event consumer's stream mapping" });

  const consumer = lambda(stack, "Events", {
    handler: "functions/events.handler",
    description: "Domain-event consumer: the table's stream (dossier changes) to the event log",
    environment: {
      TABLE_NAME: table.tableName,
      BUCKET_NAME: bucket.bucketName,
      STAGE: stack.stage,
      ...queueEnvironment(queues),
      NOTIFY_CHANNELS: config.notifyChannels.join(","),
    },
    permissions: [
      allow(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], [streamArn]),
      // Lambda's poller lists the table's streams; ListStreams has no resource-level permissions.
      allow(["dynamodb:ListStreams"], ["*"]),
      // The per-dossier event log: items in the dossier's own partition, written idempotently by event id.
      allow(["dynamodb:PutItem", "dynamodb:BatchWriteItem"], [table.tableArn], {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["DOSSIER#*"] },
      }),
      // Abandoned drafts' uploads (core/dossier/sweep.ts): documents only, never an agency's results.
      allow(["s3:DeleteObject"], [objects(ATTACHMENT_PREFIXES.dossiers), objects(ATTACHMENT_PREFIXES.drafts)]),
      allow(["sqs:SendMessage"], [deadLetters.queueArn]),
      // Notifications (functions/core/notify/fan-out.ts): the dossier's applicant and the catalogue's names, read;
      // the agencies' subscriptions, read; one delivery record per subscription and event, written; the channels'
      // queues, sent to.
      allow(["dynamodb:GetItem", "dynamodb:Query"], [table.tableArn], {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["DOSSIER#*", "CATALOGUE", "WEBHOOKS"] },
      }),
      allow(["dynamodb:GetItem", "dynamodb:PutItem"], [table.tableArn], { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["WEBHOOK#*"] } }),
      allow(["sqs:SendMessage"], Object.values(queues).map((q) => q.queue.queueArn)),
    ],
    sizing: config.api,
  });
  NagSuppressions.addResourceSuppressions(
    consumer.role!,
    [
      {
        id: "AwsSolutions-IAM5",
        reason: "dynamodb:ListStreams supports no resource-level permissions; the stream itself is named in full.",
        appliesTo: ["Resource::*"],
      },
      {
        id: "AwsSolutions-IAM5",
        reason: "Deletes on the documents' key prefixes (dossiers/, drafts/) only: the keys are per dossier and attachment.",
        appliesTo: [{ regex: "/^Resource::<AttachmentsBucket[0-9A-F]+\\.Arn>\\/(drafts|dossiers)\\/\\*$/g" }],
      },
    ],
    true,
  );

  // Only SendMessage, granted above: the SqsDlq helper would also grant GetQueueAttributes and GetQueueUrl.
  const onFailure: IEventSourceDlq = { bind: () => ({ destination: deadLetters.queueArn }) };
  const mapping = new EventSourceMapping(stack, "EventsSource", {
    target: consumer,
    eventSourceArn: streamArn,
    startingPosition: StartingPosition.TRIM_HORIZON,
    batchSize: EVENTS_BATCH_SIZE,
    maxBatchingWindow: Duration.seconds(1),
    bisectBatchOnError: true,
    retryAttempts: EVENTS_RETRY_ATTEMPTS,
    reportBatchItemFailures: true,
    onFailure,
    filters: [
      FilterCriteria.filter({
        eventName: FilterRule.or("INSERT", "MODIFY"),
        dynamodb: { Keys: { pk: { S: FilterRule.beginsWith("DOSSIER#") }, sk: { S: ["DOSSIER"] } } },
      }),
    ],
  });

  if (alarms) {
    deliveryAlarms(alarms, stack, { name: "Events", fn: consumer, deadLetters, lost: "Domain events failed every retry: see the events dead-letter queue" });
    alarms.add(
      stack,
      "EventsIteratorAge",
      consumer.metric("IteratorAge", { period: Duration.minutes(5), statistic: "Maximum" }),
      ITERATOR_AGE_ALARM_MINUTES * 60_000,
      `Event consumer more than ${ITERATOR_AGE_ALARM_MINUTES} minutes behind the table's stream`,
    );
  }

  return { consumer, deadLetters, mapping };
}
