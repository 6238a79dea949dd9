import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { MessageQueue, QueuedMessage, QueueName } from "../../core/notify/ports";

/**
 * The channels' queues deployed: one SQS queue each (stacks/notifications.ts), with a dead-letter queue for the
 * messages whose handling crashed `maxReceiveCount` times. SQS holds a message back 15 minutes at most, so a longer
 * delay (a webhook's retry hours later) rides as `notBefore` in the body and the handler sends the message round
 * again until it is due (functions/wiring/notify.ts `queueHandler`).
 */
export const SQS_MAX_DELAY_S = 900;

export interface SqsBody {
  message: QueuedMessage;
  notBefore: string;
}

export function sqsQueue(sqs: Pick<SQSClient, "send">, urls: Record<QueueName, string>, now: () => Date = () => new Date()): MessageQueue {
  return {
    async enqueue(queue, messages, delayMs = 0) {
      const notBefore = new Date(now().getTime() + delayMs).toISOString();
      const delaySeconds = Math.min(SQS_MAX_DELAY_S, Math.ceil(delayMs / 1000));
      for (let i = 0; i < messages.length; i += 10) {
        const entries = messages.slice(i, i + 10).map((message, j) => ({
          Id: String(j),
          MessageBody: JSON.stringify({ message, notBefore } satisfies SqsBody),
          DelaySeconds: delaySeconds,
        }));
        let pending = entries;
        for (let attempt = 0; pending.length; attempt++) {
          const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: urls[queue], Entries: pending }));
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          pending = pending.filter((e) => failed.has(e.Id));
          if (pending.length && attempt >= 4) throw new Error(`SQS refused ${pending.length} message(s) to ${queue}`);
          if (pending.length) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        }
      }
    },
  };
}
