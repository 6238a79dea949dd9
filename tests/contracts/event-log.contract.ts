import { describe, expect, it } from "vitest";
import type { EventLog } from "../../functions/core/ports";
import { event, newCode, rejection } from "./fixtures";

/** The contract of `EventLog` (functions/core/ports.ts): the per-dossier log its consumer writes at least once. */
export function describeEventLogContract(name: string, makePort: () => Promise<EventLog>) {
  describe(`EventLog contract: ${name}`, () => {
    /** Every page of a dossier's log, following the cursors to the end. */
    async function allPages(log: EventLog, code: string, limit: number) {
      const pages: Awaited<ReturnType<EventLog["list"]>>[] = [];
      let cursor: string | undefined;
      do {
        const page = await log.list(code, { limit, cursor });
        pages.push(page);
        cursor = page.nextCursor ?? undefined;
        if (pages.length > 100) throw new Error("the log's pages never end");
      } while (cursor);
      return pages;
    }

    it("lists a dossier's events oldest first (by version, then index), whatever order they came in", async () => {
      const log = await makePort();
      const code = newCode();
      // Versions 9 and 10 and indexes 1 and 2 would swap if compared as text.
      const events = [event(code, 2), event(code, 9), event(code, 10, 0), event(code, 10, 1), event(code, 10, 2)];

      await log.append([events[3]!, events[1]!]);
      await log.append([events[4]!, events[0]!, events[2]!]);

      expect(await log.list(code, { limit: 50 })).toEqual({ items: events, nextCursor: null });
    });

    it("keeps one entry per event id, however often an event is delivered", async () => {
      const log = await makePort();
      const code = newCode();
      const first = event(code, 2);
      const second = event(code, 3, 0, { type: "dossier.approved" });

      await log.append([first]);
      await log.append([first, second]);
      await Promise.all([log.append([second]), log.append([first, second])]);

      expect((await log.list(code, { limit: 50 })).items).toEqual([first, second]);
    });

    it("lists only the dossier's own events; a dossier without events has an empty log", async () => {
      const log = await makePort();
      const mine = newCode();
      const theirs = newCode();
      await log.append([event(mine, 2), event(theirs, 2), event(theirs, 3)]);

      expect((await log.list(mine, { limit: 50 })).items).toEqual([event(mine, 2)]);
      expect(await log.list(newCode(), { limit: 50 })).toEqual({ items: [], nextCursor: null });
      await log.append([]);
    });

    it("pages with limit and cursor: every event once, in order, full pages, no cursor after the last", async () => {
      const log = await makePort();
      const code = newCode();
      // More than one write batch (DynamoDB takes 25 at a time).
      const events = Array.from({ length: 31 }, (_, i) => event(code, 2 + Math.floor(i / 2), i % 2));
      await log.append(events);

      const pages = await allPages(log, code, 4);

      expect(pages.flatMap((p) => p.items)).toEqual(events);
      for (const page of pages.slice(0, 7)) expect(page.items).toHaveLength(4);
      expect(pages.at(-1)!.nextCursor).toBeNull();
    });

    it("refuses a garbled cursor, or another dossier's, with request.invalid_cursor", async () => {
      const log = await makePort();
      const code = newCode();
      await log.append([event(code, 2), event(code, 3)]);
      const { nextCursor } = await log.list(code, { limit: 1 });
      expect(nextCursor).toEqual(expect.any(String));

      const garbled = await rejection(log.list(code, { limit: 1, cursor: "%%%" }));
      const forged = await rejection(log.list(code, { limit: 1, cursor: Buffer.from("[1,2]").toString("base64url") }));
      const another = await rejection(log.list(newCode(), { limit: 1, cursor: nextCursor! }));

      for (const refused of [garbled, forged, another]) expect(refused).toMatchObject({ kind: "malformed", code: "request.invalid_cursor" });
    });
  });
}
