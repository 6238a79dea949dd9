/**
 * The channels' queues (docs/notifications.md), in the Storage stack beside the event consumer that fills them: one
 * SQS queue per channel — e-mail, SMS, Zalo, webhooks — so a slow or failing provider holds back only its own
 * messages. Each has a dead-letter queue for the messages whose handling crashed `MAX_RECEIVES` times (a message a
 * provider refused is settled by the sender and kept as a dead letter in the table, not here), and an alarm on its
 * depth. The senders are the Notify stack's function (stacks/Notify.ts), which comes after the API: it writes the
 * API's public URL into each message's links.
 */
import { Duration } from "aws-cdk-lib";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Stack } from "sst/constructs";
import { QUEUE_NAMES, type QueueName } from "../functions/core/notify/ports";
import { deadLetterQueue } from "./lambda";
import type { StageConfig } from "./stage-config";
import type { AlarmSink } from "./Storage";

/** Handlings of a message that crashed before it goes to its dead-letter queue. */
export const MAX_RECEIVES = 5;
/** Longer than the notify function's timeout × its batch (SQS's advice: six times the timeout). */
export const VISIBILITY_SECONDS = 180;

export interface ChannelQueue {
  queue: Queue;
  deadLetters: Queue;
}

const label = (name: QueueName) => name[0]!.toUpperCase() + name.slice(1);

export function notifyQueues(stack: Stack, props: { config: StageConfig; alarms?: AlarmSink }): Record<QueueName, ChannelQueue> {
  const out = {} as Record<QueueName, ChannelQueue>;
  for (const name of QUEUE_NAMES) {
    const deadLetters = deadLetterQueue(stack, `Notify${label(name)}DeadLetters`, { removalPolicy: props.config.removalPolicy, of: `the ${name} queue` });
    const queue = new Queue(stack, `Notify${label(name)}Queue`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(VISIBILITY_SECONDS),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
      removalPolicy: props.config.removalPolicy,
    });
    props.alarms?.add(
      stack,
      `Notify${label(name)}DeadLetterDepth`,
      deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      1,
      `${name} messages failed every handling: see the ${name} dead-letter queue`,
    );
    out[name] = { queue, deadLetters };
  }
  return out;
}

/** The environment that points a function at the queues (functions/config.ts `QUEUE_URL_*`). */
export function queueEnvironment(queues: Record<QueueName, ChannelQueue>): Record<string, string> {
  return Object.fromEntries(QUEUE_NAMES.map((name) => [`QUEUE_URL_${name.toUpperCase()}`, queues[name].queue.queueUrl]));
}
