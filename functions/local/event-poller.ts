import { deliverEvents } from "../core/events/deliver";
import { silentLogger, type Logger } from "../core/log";
import type { EventConsumer, EventOutbox } from "../core/ports";
import { startPollLoop } from "./poll-loop";

/**
 * The local stand-in for DynamoDB Streams (dynalite has none): every `intervalMs` it reads the dossiers whose events
 * are not yet delivered (the outbox work queue), hands each dossier's events to the consumers — the same code the
 * deployed stream handler runs — and acknowledges them. A change is committed with its events, so a portal killed
 * at any moment delivers them after its restart; a failed delivery stays queued for the next round (at least once:
 * consumers dedupe by event id).
 */
export interface EventPoller {
  /** Runs one round now, and resolves once the queue was empty or no more progress was made. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startEventPoller(options: {
  outbox: EventOutbox;
  consumers: readonly EventConsumer[];
  intervalMs: number;
  log?: Logger;
  /** Dossiers read per round. */
  batch?: number;
}): EventPoller {
  const log = options.log ?? silentLogger;
  const batch = options.batch ?? 25;

  /** One round: returns how many dossiers' events were delivered. */
  const round = async (loop: { readonly stopped: boolean }): Promise<number> => {
    const pending = await options.outbox.pending(batch);
    let delivered = 0;
    for (const dossier of pending) {
      if (loop.stopped) break;
      try {
        await deliverEvents(options.consumers, dossier.events, log);
        await options.outbox.acknowledge(dossier.code, dossier.version);
        delivered++;
      } catch {
        // deliverEvents logged it; the dossier stays queued for the next round.
      }
    }
    return delivered;
  };
  // A full batch: more may wait; go on at once.
  return startPollLoop({ round, more: (delivered) => delivered >= batch, intervalMs: options.intervalMs, log, what: "event poll" });
}
