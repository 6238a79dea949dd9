import type { LocalQueued } from "../adapters/dynamo/notification-store";
import { silentLogger, type Logger } from "../core/log";
import { QUEUE_NAMES, type QueueName } from "../core/notify/ports";
import { processQueued } from "../core/notify/send";
import type { Senders } from "../wiring/notify-send";
import { startPollLoop, type PollLoop } from "./poll-loop";

/**
 * The local stand-in for the notify function on SQS: every `intervalMs` it takes the due messages of each channel's
 * queue (items in the table: a message stays until it was settled, so a portal killed mid-send sends it after its
 * restart), hands each to the same code the deployed function runs, and takes it off.
 */
/** `drain()` settles everything due now, then resolves (tests). */
export type QueueWorker = PollLoop;

export function startQueueWorker(options: {
  senders: Senders;
  queue: { due(queue: QueueName, limit: number): Promise<LocalQueued[]> };
  intervalMs: number;
  log?: Logger;
  /** Messages of one queue sent at once (default 8). */
  concurrency?: number;
}): QueueWorker {
  const log = options.log ?? silentLogger;
  // The channels' queues are worked side by side, up to `concurrency` messages of each at once (as the deployed
  // function's instances do); the providers' paces still hold (senders.pace).
  const concurrency = options.concurrency ?? 8;
  const work = async (queue: QueueName, loop: { readonly stopped: boolean }): Promise<number> => {
    let settled = 0;
    const items = await options.queue.due(queue, 25);
    for (let i = 0; i < items.length && !loop.stopped; i += concurrency) {
      const done = await Promise.all(
        items.slice(i, i + concurrency).map(async (item) => {
          try {
            await options.senders.pace[queue]();
            await processQueued(options.senders, queue, item.message);
            await item.done();
            return 1;
          } catch (err) {
            // Not settled: the message stays and is tried on the next round.
            log.warn("queued message failed", { queue, error: err instanceof Error ? err.message : String(err) });
            return 0;
          }
        }),
      );
      settled += done.reduce<number>((x, y) => x + y, 0);
    }
    return settled;
  };
  const round = async (loop: { readonly stopped: boolean }) =>
    (await Promise.all(QUEUE_NAMES.map((queue) => work(queue, loop)))).reduce((x, y) => x + y, 0);
  return startPollLoop({ round, intervalMs: options.intervalMs, log, what: "queue poll" });
}
