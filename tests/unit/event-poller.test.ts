import { describe, expect, it } from "vitest";
import type { DossierEvent } from "../../functions/core/dossier/events";
import type { EventOutbox } from "../../functions/core/ports";
import { startEventPoller } from "../../functions/local/event-poller";

const event = (code: string, version: number) => ({ id: `${code}/${version}/0`, dossierCode: code, version }) as unknown as DossierEvent;

describe("the local event poller", () => {
  it("drain delivers a change committed while a round that read the queue before it was still under way", async () => {
    const queue = new Map<string, { version: number; events: DossierEvent[] }>();
    let releaseFirstRead!: () => void;
    let reads = 0;
    const outbox: EventOutbox = {
      async pending() {
        const snapshot = [...queue].map(([code, q]) => ({ code, ...q }));
        // The poller's own first round reads an empty queue, then is slow to answer (a loaded machine).
        if (reads++ === 0) await new Promise<void>((resolve) => (releaseFirstRead = resolve));
        return snapshot;
      },
      async acknowledge(code, version) {
        if (queue.get(code)?.version !== version) return false;
        queue.delete(code);
        return true;
      },
    };
    const delivered: string[] = [];
    const poller = startEventPoller({ outbox, consumers: [{ name: "log", handle: async (events) => void delivered.push(...events.map((e) => e.id)) }], intervalMs: 60_000 });
    try {
      await new Promise((r) => setTimeout(r, 10)); // the first round is now waiting on its read of the empty queue
      queue.set("C1", { version: 2, events: [event("C1", 2)] }); // a change committed meanwhile
      const drained = poller.drain();
      releaseFirstRead();
      await drained;
      expect(delivered).toEqual(["C1/2/0"]);
    } finally {
      await poller.stop();
    }
  });
});
