import { vietnamDate } from "../../../functions/core/calendar";
import { codeDay, DOSSIER_CODE } from "../../../functions/core/dossier/codes";
import type { DossierEvent } from "../../../functions/core/dossier/events";
import type { Attachment, Dossier } from "../../../functions/core/dossier/model";
import { ConflictError, ForbiddenError, NotFoundError, RuleError } from "../../../functions/core/errors";
import type { DaySource, DossierRepository, EventOutbox } from "../../../functions/core/ports";
import { GROWTH_ITEM_BYTES, MAX_ITEM_BYTES } from "../../../functions/adapters/dynamo/dossier-repository";
import { page, stored } from "./cursor";
import { searchTextOf, shelfBounds, shelfOf, shelfPosition, type InboxShelf } from "../../../functions/core/officer/inbox";

/**
 * In-memory dossiers: the DossierRepository, the poll-mode EventOutbox and the statistics' DaySource over one map,
 * as the DynamoDB adapters share one table. Semantics and errors are those of core/ports.ts, checked against the
 * DynamoDB adapter by tests/contracts (dossier-repository, event-outbox, day-source).
 *
 * `outbox` is the event source the repository serves: "stream" (deployed: the store's change stream delivers each
 * change, so the record only carries the last change's events and nothing is ever pending) or "poll" (the local
 * portal: events pile up in the record until the poller acknowledges them).
 */
export interface FakeDossierStore {
  dossiers: DossierRepository;
  outbox: EventOutbox;
  days: DaySource;
  /** The events the stored record carries now: the last change's (stream), or every one not acknowledged (poll). */
  carried(code: string): DossierEvent[];
}

interface Row {
  dossier: Dossier;
  events: DossierEvent[];
}

const count = (d: Dossier) => Object.keys(d.attachments).length;
const documentBytes = (d: Dossier) =>
  Object.values(d.attachments)
    .filter((a) => a.kind === "document")
    .reduce((sum, a) => sum + a.size, 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Two declarations are the same when only the moment they were made differs (a retried request). */
const sameDeclaration = (a: Attachment, b: Attachment) => same({ ...a, declaredAt: 0 }, { ...b, declaredAt: 0 });
const dayOf = (iso: string | undefined) => (iso ? vietnamDate(new Date(iso)) : undefined);

export function fakeDossierStore(options: { outbox?: "stream" | "poll"; maxRecordBytes?: number } = {}): FakeDossierStore {
  const poll = options.outbox === "poll";
  const maxBytes = options.maxRecordBytes ?? MAX_ITEM_BYTES;
  // What repeatable changes and the citizen's declarations may fill (core/dossier/growth.ts), in the same proportion.
  const growthBytes = Math.floor((maxBytes * GROWTH_ITEM_BYTES) / MAX_ITEM_BYTES);
  const rows = new Map<string, Row>();
  const sequences = new Map<string, number>();

  const guardSize = (record: unknown, code: string, limit = maxBytes) => {
    if (Buffer.byteLength(JSON.stringify(record), "utf8") > limit) {
      throw new RuleError("dossier.too_large", { params: { code, maxKB: Math.floor(limit / 1024) } });
    }
  };
  const byCode = (a: Dossier, b: Dossier) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const all = () => [...rows.values()].map((row) => row.dossier);

  /** A shelf's dossiers in position order (ascending). */
  const onShelf = (agencyCode: string, shelf: InboxShelf) =>
    all()
      .filter((d) => d.agencyCode === agencyCode && shelfOf(d) === shelf)
      .map((dossier) => ({ dossier, position: shelfPosition(dossier, shelf) }))
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));

  const dossiers: DossierRepository = {
    async nextSequence(agencyCode, day) {
      const key = `${agencyCode}#${day}`;
      const next = (sequences.get(key) ?? 0) + 1;
      sequences.set(key, next);
      return next;
    },

    async create(dossier) {
      guardSize(dossier, dossier.code, growthBytes);
      if (rows.has(dossier.code)) throw new ConflictError("dossier.exists", { code: dossier.code });
      rows.set(dossier.code, { dossier: stored(dossier), events: [] });
    },

    async get(code) {
      const row = rows.get(code);
      return row ? stored(row.dossier) : undefined;
    },

    async commit(previous, next, events, options = {}) {
      guardSize({ ...next, outbox: events }, next.code, options.repeatable ? growthBytes : maxBytes);
      const row = rows.get(previous.code);
      const current = row?.dossier;
      if (!row || !current || current.version !== previous.version || current.status !== previous.status || count(current) !== count(previous)) {
        throw new ConflictError("dossier.version_conflict", { code: previous.code });
      }
      // Only what changed from `previous` to `next` is written, over what is stored.
      const target = current as unknown as Record<string, unknown>;
      const before = previous as unknown as Record<string, unknown>;
      const after = next as unknown as Record<string, unknown>;
      for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (name === "code" || name === "timeline" || name === "attachments" || same(before[name], after[name])) continue;
        if (after[name] === undefined) delete target[name];
        else target[name] = stored(after[name]);
      }
      for (const [id, attachment] of Object.entries(next.attachments)) {
        if (!same(previous.attachments[id], attachment)) current.attachments[id] = stored(attachment);
      }
      for (const id of Object.keys(previous.attachments)) if (!next.attachments[id]) delete current.attachments[id];
      current.timeline.push(...stored(next.timeline.slice(previous.timeline.length)));
      if (events.length) row.events = poll ? [...row.events, ...stored(events)] : stored(events);
    },

    async addAttachment(code, attachment, guard) {
      const dossier = rows.get(code)?.dossier;
      if (!dossier || (guard.tokenHash !== undefined && dossier.tokenHash !== guard.tokenHash)) throw new NotFoundError("dossier.not_found");
      if (guard.agencyCode !== undefined && dossier.agencyCode !== guard.agencyCode) throw new ForbiddenError("dossier.not_yours", { code });
      const existing = dossier.attachments[attachment.id];
      if (existing) {
        if (sameDeclaration(existing, attachment)) return stored(dossier);
        throw new ConflictError("attachment.exists", { id: attachment.id });
      }
      const document = attachment.kind === "document";
      if (!guard.statuses.includes(dossier.status)) {
        throw new ConflictError("dossier.invalid_transition", { action: document ? "attach" : "upload_result", status: dossier.status });
      }
      if (count(dossier) >= guard.maxFiles) {
        throw new RuleError("attachment.too_many", { params: { max: guard.maxFiles }, errors: [{ path: "documentKey", message: "attachment.too_many" }] });
      }
      if (document && documentBytes(dossier) + attachment.size > guard.maxDocumentBytes) {
        throw new RuleError("attachment.dossier_too_large", {
          params: { maxDossierMB: Math.floor(guard.maxDocumentBytes / (1024 * 1024)) },
          errors: [{ path: "size", message: "attachment.dossier_too_large" }],
        });
      }
      guardSize({ ...dossier, attachments: { ...dossier.attachments, [attachment.id]: attachment } }, code, guard.repeatable ? growthBytes : maxBytes);
      dossier.attachments[attachment.id] = stored(attachment);
      return stored(dossier);
    },

    async removeAttachment(code, attachment) {
      const dossier = rows.get(code)?.dossier;
      if (dossier) delete dossier.attachments[attachment.id];
    },

    async shelf(query) {
      const done = query.shelf === "done";
      const { low, high } = shelfBounds(query.range, query.after, done);
      const rowsOf = onShelf(query.agencyCode, query.shelf)
        .filter(({ position }) => position !== query.after && (low === undefined || position >= low) && (high === undefined || position <= high))
        .filter(({ dossier }) => !query.status || dossier.status === query.status)
        .filter(({ dossier }) => !query.assigneeId || dossier.assignee?.officerId === query.assigneeId)
        .filter(({ dossier }) => !query.search || searchTextOf(dossier).includes(query.search));
      if (done) rowsOf.reverse();
      return { rows: rowsOf.slice(0, query.limit).map((row) => ({ dossier: stored(row.dossier), position: row.position })), more: rowsOf.length > query.limit };
    },

    async countShelf(query) {
      const { low, high } = shelfBounds(query.range, undefined, false);
      const n = onShelf(query.agencyCode, query.shelf).filter(({ position }) => (low === undefined || position >= low) && (high === undefined || position <= high)).length;
      return Math.min(n, query.cap);
    },

    async inbox(query) {
      const sortDate = (d: Dossier) => d.dueAt ?? d.submittedAt ?? d.createdAt;
      const sortKey = (d: Dossier) => `${sortDate(d)}#${d.code}`;
      const matches = all()
        .filter((d) => d.status !== "draft" && d.agencyCode === query.agencyCode)
        .filter((d) => !query.status || d.status === query.status)
        .filter((d) => (!query.from || dayOf(sortDate(d))! >= query.from) && (!query.to || dayOf(sortDate(d))! <= query.to))
        .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
      const found = page(matches, sortKey, `inbox:${query.agencyCode}`, query.limit, query.cursor);
      return { items: found.items.map(stored), nextCursor: found.nextCursor };
    },

    async draftsCreatedOn(date, receivingAgencies) {
      // A dossier's code says which unit gave it out on which day; only numbers the day's counter reached exist.
      const givenOut = (code: string) => {
        const [, agency, day, number] = DOSSIER_CODE.exec(code) ?? [];
        return agency !== undefined && receivingAgencies.includes(agency) && day === codeDay(date) && Number(number) <= (sequences.get(`${agency}#${day}`) ?? 0);
      };
      return all()
        .filter((d) => d.status === "draft" && givenOut(d.code))
        .sort(byCode)
        .map((d) => d.code);
    },
  };

  const outbox: EventOutbox = {
    async pending(limit) {
      if (!poll) return []; // streamed: the stream delivers every change; nothing waits for a poller
      return [...rows.values()]
        .filter((row) => row.events.length > 0)
        .sort((a, b) => byCode(a.dossier, b.dossier))
        .slice(0, limit)
        .map((row) => ({ code: row.dossier.code, version: row.dossier.version, events: stored(row.events) }));
    },
    async acknowledge(code, version) {
      const row = rows.get(code);
      if (!row) return false;
      if (row.dossier.version === version) {
        row.events = [];
        return true;
      }
      // A newer change came in after the read: only the events delivered (up to `version`) leave.
      const kept = row.events.filter((event) => event.version > version);
      if (kept.length === row.events.length || kept.length === 0) return false;
      row.events = kept;
      return true;
    },
  };

  const onDay = (dayOfDossier: (d: Dossier) => string | undefined) => async (date: string) =>
    all()
      .filter((d) => dayOfDossier(d) === date)
      .sort(byCode)
      .map(stored);
  const days: DaySource = {
    receivedOn: onDay((d) => dayOf(d.firstReceivedAt)),
    endedOn: onDay((d) => dayOf(d.resolvedAt ?? d.endedAt)),
    submittedOn: onDay((d) => dayOf(d.submittedAt)),
    // Open: in an agency's hands (past draft) and not yet ended; approved and denied ones stay open until returned.
    openNow: async (agencyCodes) =>
      all()
        .filter((d) => d.status !== "draft" && !d.endedAt && agencyCodes.includes(d.agencyCode))
        .sort(byCode)
        .map(stored),
  };

  return { dossiers, outbox, days, carried: (code) => stored(rows.get(code)?.events ?? []) };
}
