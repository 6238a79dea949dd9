import type { Logger } from "../core/log";

/**
 * The local portal's polling stand-ins for AWS's push (DynamoDB Streams → the event poller; SQS → the queue worker):
 * a round every `intervalMs`, again at once while a round says more may wait, never two rounds at a time.
 */
export interface PollLoop {
  /** Lets a round under way finish, then runs rounds until one does nothing (tests, and a clean stop's last word). */
  drain(): Promise<void>;
  stop(): Promise<void>;
  readonly stopped: boolean;
}

export function startPollLoop(options: {
  /** One round: how much it did. */
  round: (loop: { readonly stopped: boolean }) => Promise<number>;
  /** Whether a round that did `n` leaves more waiting now (default: it did anything). */
  more?: (n: number) => boolean;
  intervalMs: number;
  log: Logger;
  /** What the log calls a failed round. */
  what: string;
}): PollLoop {
  const more = options.more ?? ((n: number) => n > 0);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  const state = {
    get stopped() {
      return stopped;
    },
  };
  const once = () => {
    running ??= options
      .round(state)
      .catch((err) => {
        options.log.warn(`${options.what} failed`, { error: err instanceof Error ? err.message : String(err) });
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const tick = async () => {
    if (stopped) return;
    while (!stopped && more(await once()));
    if (!stopped) {
      timer = setTimeout(tick, options.intervalMs);
      timer.unref();
    }
  };
  void tick();
  return {
    get stopped() {
      return stopped;
    },
    async drain() {
      // A round already under way may have read before the caller's last change: let it finish, then read afresh,
      // until a round finds nothing to do.
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
