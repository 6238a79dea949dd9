import type { DossierEvent } from "../dossier/events";
import { silentLogger, type Logger } from "../log";
import type { EventConsumer, EventLog } from "../ports";

/**
 * Hands a change's events to every consumer, in order. At least once: when a consumer fails, the whole delivery
 * fails and is retried by its source (the stream's retries, or the poller's next round), so consumers that already
 * took the events see them again and dedupe by id.
 * @throws the first consumer's error
 */
export async function deliverEvents(consumers: readonly EventConsumer[], events: DossierEvent[], log: Logger = silentLogger): Promise<void> {
  if (!events.length) return;
  for (const consumer of consumers) {
    try {
      await consumer.handle(events);
    } catch (err) {
      log.warn("event delivery failed", {
        consumer: consumer.name,
        dossierCode: events[0]!.dossierCode,
        eventId: events[0]!.id,
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  }
}

/** The per-dossier event log, as a consumer: idempotent by event id (the log keeps one entry per id). */
export function eventLogConsumer(log: EventLog): EventConsumer {
  return { name: "event-log", handle: (events) => log.append(events) };
}
