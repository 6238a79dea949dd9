import type { LocalQueued } from "../adapters/dynamo/notification-store";
import { silentLogger, type Logger } from "../core/log";
import { QUEUE_NAMES, type QueueName } from "../core/notify/ports";
import { processQueued } from "../core/notify/send";
import type { Senders } from "../wiring/notify-send";

/**
 * The local stand-in for the notify function on SQS: every `intervalMs` it takes the due messages of each channel's
 * queue (items in the table: a message stays until it was settled, so a portal killed mid-send sends it after its
 * restart), hands each to the same code the deployed function runs, and takes it off.
 */
export interface QueueWorker {
  /** Settles everything due now, then resolves (tests). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startQueueWorker(options: {
  senders: Senders;
  queue: { due(queue: QueueName, limit: number): Promise<LocalQueued[]> };
  intervalMs: number;
  log?: Logger;
  /** Messages of one queue sent at once (default 8). */
  concurrency?: number;
}): QueueWorker {
  const log = options.log ?? silentLogger;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  // The channels' queues are worked side by side, up to `concurrency` messages of each at once (as the deployed
  // function's instances do); the providers' paces still hold (senders.pace).
  const concurrency = options.concurrency ?? 8;
  const work = async (queue: QueueName): Promise<number> => {
    let settled = 0;
    const items = await options.queue.due(queue, 25);
    for (let i = 0; i < items.length && !stopped; i += concurrency) {
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
      settled += done.reduce<number>((a, b) => a + b, 0);
    }
    return settled;
  };
  const round = async (): Promise<number> => (await Promise.all(QUEUE_NAMES.map(work))).reduce((a, b) => a + b, 0);
  const once = () => {
    running ??= round()
      .catch((err) => {
        log.warn("queue poll failed", { error: err instanceof Error ? err.message : String(err) });
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const tick = async () => {
    if (stopped) return;
    while (!stopped && (await once()) > 0);
    if (!stopped) {
      timer = setTimeout(tick, options.intervalMs);
      timer.unref();
    }
  };
  void tick();
  return {
    async drain() {
      await running;
      for (let i = 0; i < 100 && (await once()) > 0; i++);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
