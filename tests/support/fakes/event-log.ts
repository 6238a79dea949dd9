import type { DossierEvent } from "../../../functions/core/dossier/events";
import type { EventLog } from "../../../functions/core/ports";
import { page, stored } from "./cursor";

/** The order of a dossier's events: by the version the change produced, then by the event's index in the change. */
const positionOf = (event: DossierEvent) =>
  `${String(event.version).padStart(10, "0")}#${String(event.id.split("/").pop()).padStart(3, "0")}`;

/** In-memory event log (core/ports.ts `EventLog`): one entry per event id, a dossier's events oldest first. */
export function fakeEventLog(): EventLog {
  const byDossier = new Map<string, Map<string, DossierEvent>>();
  return {
    async append(events) {
      for (const event of events) {
        const log = byDossier.get(event.dossierCode) ?? new Map<string, DossierEvent>();
        log.set(event.id, stored(event));
        byDossier.set(event.dossierCode, log);
      }
    },
    async list(code, { limit, cursor }) {
      const events = [...(byDossier.get(code)?.values() ?? [])].sort((a, b) => (positionOf(a) < positionOf(b) ? -1 : 1));
      const found = page(events, positionOf, `events:${code}`, limit, cursor);
      return { items: found.items.map(stored), nextCursor: found.nextCursor };
    },
  };
}
