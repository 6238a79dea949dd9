import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, atVietnamTime, vietnamDate } from "../../core/calendar";
import { ConflictError, ForbiddenError, NotFoundError, RuleError, UnavailableError } from "../../core/errors";
import { codeDay, formatDossierCode } from "../../core/dossier/codes";
import type { DossierEvent } from "../../core/dossier/events";
import type { Attachment, Dossier } from "../../core/dossier/model";
import type { AttachmentGuard, DossierRepository, EventOutbox, InboxQuery } from "../../core/ports";
import type { Dynamo } from "./client";
import { decodeCursor, dossierIndexKey, encodeCursor } from "./cursor";
import { batchGet, isConditionFailure } from "./query";
import { searchTextOf, shelfBounds, shelfOf, shelfPosition, type DueRange, type InboxShelf } from "../../core/officer/inbox";

/**
 * Dossiers in the single table (table.ts): one item per dossier, `pk=DOSSIER#<code> sk=DOSSIER`, moved by
 * conditional writes. Besides the dossier's own fields the item holds:
 * - the index attributes (gsi1–gsi6), derived from the fields on every write;
 * - `fileCount` and `documentBytes`, counters the declaration's conditional write checks and adds to atomically;
 * - `itemBytes`, the item's size as last written (an estimate, see `approximateItemBytes`): set by every change, added
 *   to by every declaration, whose conditional write checks it, so that no write takes the item past its limit;
 * - `outbox`, the events of the last change (or, where events are polled, every event not yet delivered), written
 *   in the same conditional write as the change; polled, `outboxBytes` says how much of the item they take, so a
 *   change never lands while undelivered events leave it no room.
 */

/** How undelivered events are found: DynamoDB Streams (deployed), or the gsi6 `OUTBOX` work queue (dynalite). */
export type OutboxMode = "stream" | "poll";

/** DynamoDB keeps at most 400 KB in an item; a write that would come near it is refused as a rule (422), never a 500. */
export const MAX_ITEM_BYTES = 350 * 1024;
/**
 * What repeatable changes and the citizen's declarations may fill (core/dossier/growth.ts): the rest, 150 KB, is kept
 * for the bounded steps that end a dossier, each written at its longest (4,000-character notes of 3-byte characters,
 * in the timeline and again in the change's events; a full set of result files): a receipt or a supplement's
 * answer, the decision with its apology, the result and its files, the rating, the end, a payment's confirmation.
 */
export const GROWTH_ITEM_BYTES = 200 * 1024;

/** Inbox sort keys are UTC ISO instants; a Vietnam date spans [its 00:00, the next day's 00:00) in Vietnam time. */
const startOfDay = (date: string) => atVietnamTime(date, "00:00").toISOString();
const endOfDay = (date: string) => `${new Date(atVietnamTime(addDays(date, 1), "00:00").getTime() - 1).toISOString()}~`;

const keyOf = (code: string) => ({ pk: `DOSSIER#${code}`, sk: "DOSSIER" });
const OUTBOX = "OUTBOX";

/**
 * The index attributes of a dossier, derived from its fields on every write (see table.ts): the agency inbox, the
 * day indexes the statistics job reads (received on D, ended on D, submitted on D), the inbox shelves, the drafts.
 */
export function indexAttributes(d: Dossier): Record<string, string | undefined> {
  const day = (iso?: string) => (iso ? vietnamDate(new Date(iso)) : undefined);
  const inInbox = d.status !== "draft";
  const ended = d.resolvedAt ?? d.endedAt;
  const shelf = shelfOf(d);
  return {
    gsi1pk: inInbox ? `AGENCY#${d.agencyCode}` : undefined,
    gsi1sk: inInbox ? `${d.dueAt ?? d.submittedAt ?? d.createdAt}#${d.code}` : undefined,
    // Intake is counted once, on the day and for the unit of the first receipt (a transfer is not a new intake).
    gsi2pk: d.firstReceivedAt ? `RECEIVED#${day(d.firstReceivedAt)}` : undefined,
    gsi2sk: d.firstReceivedAt ? `${d.firstReceivedBy ?? d.agencyCode}#${d.code}` : undefined,
    gsi3pk: ended ? `ENDED#${day(ended)}` : undefined,
    gsi3sk: ended ? `${d.agencyCode}#${d.code}` : undefined,
    gsi4pk: d.submittedAt ? `SUBMITTED#${day(d.submittedAt)}` : undefined,
    gsi4sk: d.submittedAt ? `${d.receivingAgencyCode}#${d.code}` : undefined,
    // The inbox shelf (core/officer/inbox.ts): every dossier past draft on one shelf of its agency, in its order.
    gsi7pk: shelf ? `SHELF#${d.agencyCode}#${shelf}` : undefined,
    gsi7sk: shelf ? shelfPosition(d, shelf) : undefined,
    searchText: shelf ? searchTextOf(d) : undefined,
  };
}

/** Rows a filtered shelf read evaluates per Query (see `shelf`). */
const FILTERED_READ = 250;

/** The key condition of a shelf read (gsi7): the shelf's partition, and its bounds on positions (`shelfBounds`). */
function shelfKeyCondition(agencyCode: string, shelf: InboxShelf, range: DueRange | undefined, after: string | undefined, descending: boolean) {
  const names: Record<string, string> = { "#pk": "gsi7pk", "#sk": "gsi7sk" };
  const values: Record<string, unknown> = { ":pk": `SHELF#${agencyCode}#${shelf}` };
  const { low, high } = shelfBounds(range, after, descending);
  let condition = "#pk = :pk";
  if (low !== undefined && high !== undefined) {
    condition += " AND #sk BETWEEN :low AND :high";
    values[":low"] = low;
    values[":high"] = high < low ? low : high; // an empty range stays valid: BETWEEN refuses a high below the low
  } else if (low !== undefined) {
    condition += " AND #sk >= :low";
    values[":low"] = low;
  } else if (high !== undefined) {
    condition += " AND #sk <= :high";
    values[":high"] = high;
  } else delete names["#sk"];
  return { condition, names, values };
}

/** gsi6, the keys-only queue of dossiers whose events wait for the poller (poll mode only). */
function workQueue(d: Dossier, pendingEvents: boolean): { gsi6pk?: string; gsi6sk?: string } {
  return pendingEvents ? { gsi6pk: OUTBOX, gsi6sk: d.code } : {};
}

const STORAGE_ONLY = new Set([
  "pk",
  "sk",
  "kind",
  "outbox",
  "fileCount",
  "documentBytes",
  "itemBytes",
  "outboxBytes",
  "searchText",
  ...["gsi1", "gsi2", "gsi3", "gsi4", "gsi5", "gsi6", "gsi7"].flatMap((index) => [`${index}pk`, `${index}sk`]),
]);

export function dossierFromItem(item: Record<string, unknown>): Dossier {
  const dossier: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!STORAGE_ONLY.has(k)) dossier[k] = v;
  return dossier as unknown as Dossier;
}

const counters = (d: Dossier) => {
  const all = Object.values(d.attachments);
  return { fileCount: all.length, documentBytes: all.filter((a) => a.kind === "document").reduce((sum, a) => sum + a.size, 0) };
};

/** The item's size as DynamoDB counts it, closely enough to keep far from its 400 KB limit (UTF-8 names and values). */
function approximateItemBytes(item: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(item), "utf8");
}

const tooLarge = (code: string, limit: number) => new RuleError("dossier.too_large", { params: { code, maxKB: Math.floor(limit / 1024) } });

/** The item's estimated size, refused (422) past `limit`. */
function guardSize(item: Record<string, unknown>, code: string, limit = MAX_ITEM_BYTES): number {
  const bytes = approximateItemBytes(item);
  if (bytes > limit) throw tooLarge(code, limit);
  return bytes;
}

/** What one attachment entry adds to the item (its value under its id in the `attachments` map). */
const entryBytes = (attachment: Attachment) => approximateItemBytes({ [attachment.id]: attachment });

const sameDeclaration = (a: Attachment, b: Attachment) =>
  JSON.stringify({ ...a, declaredAt: 0 }) === JSON.stringify({ ...b, declaredAt: 0 });

/**
 * A stored dossier item with its derived attributes recomputed (index keys, work queue, counters): for a table
 * rebuilt with new indexes (functions/local/ensure.ts). Other items are returned as they are.
 */
export function withDerivedAttributes(item: Record<string, unknown>): Record<string, unknown> {
  if (item.kind !== "dossier") return item;
  const { gsi5pk: _retiredPk, gsi5sk: _retiredSk, ...current } = item; // gsi5 is retired (table.ts)
  item = current;
  const dossier = dossierFromItem(item);
  const pending = Array.isArray(item.outbox) && item.outbox.length > 0;
  const derived = { ...item, ...indexAttributes(dossier), ...workQueue(dossier, pending), ...counters(dossier) };
  return { ...derived, itemBytes: approximateItemBytes(derived) };
}

export function dynamoDossierRepository(db: Dynamo, tableName: string, options: { outbox?: OutboxMode } = {}): DossierRepository {
  const poll = options.outbox === "poll";
  const get = async (code: string) => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(code), ConsistentRead: true }));
    return out.Item ? dossierFromItem(out.Item) : undefined;
  };

  return {
    get,

    async nextSequence(agencyCode, day) {
      const out = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `SEQ#${agencyCode}#${day}`, sk: "SEQ" },
          UpdateExpression: "ADD #n :one",
          ExpressionAttributeNames: { "#n": "n" },
          ExpressionAttributeValues: { ":one": 1 },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return Number(out.Attributes?.n);
    },

    async create(dossier) {
      const item: Record<string, unknown> = {
        ...keyOf(dossier.code),
        kind: "dossier",
        ...dossier,
        ...indexAttributes(dossier),
        ...workQueue(dossier, false),
        ...counters(dossier),
      };
      item.itemBytes = guardSize(item, dossier.code, GROWTH_ITEM_BYTES);
      try {
        await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" }));
      } catch (err) {
        if (isConditionFailure(err)) throw new ConflictError("dossier.exists", { code: dossier.code });
        throw err;
      }
    },

    async commit(previous, next, events, options = {}) {
      const names: Record<string, string> = { "#version": "version", "#status": "status", "#attachments": "attachments" };
      const values: Record<string, unknown> = {
        ":expectedVersion": previous.version,
        ":expectedStatus": previous.status,
        ":attachmentCount": Object.keys(previous.attachments).length,
      };
      const sets: string[] = [];
      const removes: string[] = [];
      let i = 0;
      const set = (name: string, value: unknown) => {
        names[`#a${i}`] = name;
        values[`:v${i}`] = value;
        sets.push(`#a${i} = :v${i}`);
        i++;
      };
      const remove = (name: string) => {
        names[`#a${i}`] = name;
        removes.push(`#a${i}`);
        i++;
      };

      const nextAttributes: Record<string, unknown> = { ...next, ...indexAttributes(next) };
      const previousAttributes: Record<string, unknown> = { ...previous, ...indexAttributes(previous) };
      for (const name of new Set([...Object.keys(nextAttributes), ...Object.keys(previousAttributes)])) {
        if (name === "timeline" || name === "code" || name === "attachments") continue;
        const after = nextAttributes[name];
        if (JSON.stringify(previousAttributes[name]) === JSON.stringify(after)) continue;
        if (after === undefined) remove(name);
        else set(name, after);
      }
      // Attachments entry by entry, so an upload declared concurrently (its own conditional write) is never overwritten.
      let attachmentsChanged = false;
      for (const [id, attachment] of Object.entries(next.attachments)) {
        if (JSON.stringify(previous.attachments[id]) === JSON.stringify(attachment)) continue;
        names[`#att${i}`] = id;
        values[`:att${i}`] = attachment;
        sets.push(`#attachments.#att${i} = :att${i}`);
        i++;
        attachmentsChanged = true;
      }
      for (const id of Object.keys(previous.attachments)) {
        if (next.attachments[id]) continue;
        names[`#att${i}`] = id;
        removes.push(`#attachments.#att${i}`);
        i++;
        attachmentsChanged = true;
      }
      // The counters move by what this change adds or takes: a file declared meanwhile (its own write) stays counted.
      const adds: string[] = [];
      if (attachmentsChanged) {
        const before = counters(previous);
        for (const [name, value] of Object.entries(counters(next))) {
          names[`#a${i}`] = name;
          values[`:v${i}`] = value - before[name as keyof typeof before];
          adds.push(`#a${i} :v${i}`);
          i++;
        }
      }
      // The timeline grows by appending in the same write: who, what, when, note.
      const appended = next.timeline.slice(previous.timeline.length);
      if (appended.length) {
        names["#timeline"] = "timeline"; // only when used: DynamoDB refuses unused names
        values[":appended"] = appended;
        sets.push("#timeline = list_append(#timeline, :appended)");
      }
      // The events ride in the same write. Streamed, the item keeps the last change's events (the stream carries each
      // change); polled, they pile up until the poller has delivered them and acknowledges.
      if (events.length) {
        names["#outbox"] = "outbox";
        values[":events"] = events;
        if (poll) {
          values[":none"] = [];
          sets.push("#outbox = list_append(if_not_exists(#outbox, :none), :events)");
        } else sets.push("#outbox = :events");
      }
      // Polled, the events of earlier changes may still wait in the item: what they take is counted apart.
      if (poll && events.length) {
        names["#outboxBytes"] = "outboxBytes";
        values[":zero"] = 0;
        values[":eventBytes"] = approximateItemBytes({ outbox: events });
        sets.push("#outboxBytes = if_not_exists(#outboxBytes, :zero) + :eventBytes");
      }
      // Polled, the dossier joins the poller's queue; only the poller takes it out, once it has delivered.
      const queue = workQueue(next, poll && events.length > 0);
      for (const name of ["gsi6pk", "gsi6sk"] as const) if (queue[name] !== undefined) set(name, queue[name]);

      const limit = options.repeatable ? GROWTH_ITEM_BYTES : MAX_ITEM_BYTES;
      const itemBytes = guardSize({ ...keyOf(next.code), kind: "dossier", ...nextAttributes, outbox: events, ...counters(next) }, next.code, limit);
      // Set, not moved by a difference like the counters: the attachment-count condition below keeps a declaration
      // from landing in between, and each change brings the estimate back to the whole item's.
      set("itemBytes", itemBytes);
      let condition = "#version = :expectedVersion AND #status = :expectedStatus AND size(#attachments) = :attachmentCount";
      if (poll && events.length) {
        // Room for this change with every undelivered event of the earlier ones (DynamoDB's own limit is 400 KB).
        values[":outboxRoom"] = MAX_ITEM_BYTES + (400 * 1024 - MAX_ITEM_BYTES) / 2 - itemBytes;
        condition += " AND (attribute_not_exists(#outboxBytes) OR #outboxBytes <= :outboxRoom)";
      }
      const update = `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}${adds.length ? ` ADD ${adds.join(", ")}` : ""}`;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(previous.code),
            UpdateExpression: update,
            // Declaring a file is its own write and moves no version: the attachment count catches one that landed
            // after `previous` was read (e.g. while a submit verified the files), so no step is decided on a stale set.
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        if (poll && events.length) {
          // The dossier as read, but undelivered events fill it: the poller delivers them within moments.
          const stored = (await db.send(new GetCommand({ TableName: tableName, Key: keyOf(previous.code), ConsistentRead: true }))).Item;
          const unchanged =
            stored?.version === previous.version &&
            stored.status === previous.status &&
            Object.keys((stored.attachments as object | undefined) ?? {}).length === Object.keys(previous.attachments).length;
          if (unchanged) throw new UnavailableError("event outbox");
        }
        throw new ConflictError("dossier.version_conflict", { code: previous.code });
      }
    },

    async addAttachment(code, attachment, guard: AttachmentGuard) {
      const document = attachment.kind === "document";
      const names: Record<string, string> = {
        "#attachments": "attachments",
        "#id": attachment.id,
        "#status": "status",
        "#files": "fileCount",
        "#itemBytes": "itemBytes",
      };
      const sizeLimit = guard.repeatable ? GROWTH_ITEM_BYTES : MAX_ITEM_BYTES;
      const added = entryBytes(attachment);
      const values: Record<string, unknown> = {
        ":attachment": attachment,
        ":one": 1,
        ":maxFiles": guard.maxFiles,
        ":added": added,
        ":itemRoom": sizeLimit - added,
      };
      guard.statuses.forEach((s, i) => (values[`:s${i}`] = s));
      const conditions = [
        "attribute_exists(pk)",
        `#status IN (${guard.statuses.map((_, i) => `:s${i}`).join(", ")})`,
        "attribute_not_exists(#attachments.#id)",
        "(attribute_not_exists(#files) OR #files < :maxFiles)",
        "(attribute_not_exists(#itemBytes) OR #itemBytes <= :itemRoom)",
      ];
      if (guard.tokenHash !== undefined) {
        names["#token"] = "tokenHash";
        values[":token"] = guard.tokenHash;
        conditions.push("#token = :token");
      }
      if (guard.agencyCode !== undefined) {
        names["#agency"] = "agencyCode";
        values[":agency"] = guard.agencyCode;
        conditions.push("#agency = :agency");
      }
      let update = "SET #attachments.#id = :attachment ADD #files :one, #itemBytes :added";
      if (document) {
        names["#bytes"] = "documentBytes";
        values[":size"] = attachment.size;
        values[":roomLeft"] = guard.maxDocumentBytes - attachment.size;
        conditions.push("(attribute_not_exists(#bytes) OR #bytes <= :roomLeft)");
        update += ", #bytes :size";
      }
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(code),
            UpdateExpression: update,
            ConditionExpression: conditions.join(" AND "),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: "ALL_NEW",
          }),
        );
        return dossierFromItem(out.Attributes ?? {});
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      // Refused: read the item once to say why (the error path only).
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(code), ConsistentRead: true }));
      const item = out.Item;
      if (!item || (guard.tokenHash !== undefined && item.tokenHash !== guard.tokenHash)) throw new NotFoundError("dossier.not_found");
      if (guard.agencyCode !== undefined && item.agencyCode !== guard.agencyCode) throw new ForbiddenError("dossier.not_yours", { code });
      const current = dossierFromItem(item);
      const stored = current.attachments[attachment.id];
      if (stored) {
        if (sameDeclaration(stored, attachment)) return current;
        throw new ConflictError("attachment.exists", { id: attachment.id });
      }
      if (!guard.statuses.includes(current.status)) {
        throw new ConflictError("dossier.invalid_transition", { action: document ? "attach" : "upload_result", status: current.status });
      }
      if (Number(item.fileCount ?? 0) >= guard.maxFiles) {
        throw new RuleError("attachment.too_many", { params: { max: guard.maxFiles }, errors: [{ path: "documentKey", message: "attachment.too_many" }] });
      }
      if (document && Number(item.documentBytes ?? 0) > guard.maxDocumentBytes - attachment.size) {
        throw new RuleError("attachment.dossier_too_large", {
          params: { maxDossierMB: Math.floor(guard.maxDocumentBytes / (1024 * 1024)) },
          errors: [{ path: "size", message: "attachment.dossier_too_large" }],
        });
      }
      throw tooLarge(code, sizeLimit);
    },

    async removeAttachment(code, attachment) {
      const document = attachment.kind === "document";
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(code),
            UpdateExpression: `REMOVE #attachments.#id ADD #files :minusOne, #itemBytes :minusEntry${document ? ", #bytes :minusSize" : ""}`,
            ConditionExpression: "attribute_exists(#attachments.#id)",
            ExpressionAttributeNames: {
              "#attachments": "attachments",
              "#id": attachment.id,
              "#files": "fileCount",
              "#itemBytes": "itemBytes",
              ...(document ? { "#bytes": "documentBytes" } : {}),
            },
            ExpressionAttributeValues: { ":minusOne": -1, ":minusEntry": -entryBytes(attachment), ...(document ? { ":minusSize": -attachment.size } : {}) },
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err; // already gone
      }
    },

    async shelf(query) {
      const done = query.shelf === "done";
      const { condition, names, values } = shelfKeyCondition(query.agencyCode, query.shelf, query.range, query.after, done);
      const filters: string[] = [];
      if (query.status) {
        names["#status"] = "status";
        values[":status"] = query.status;
        filters.push("#status = :status");
      }
      if (query.assigneeId) {
        names["#assignee"] = "assignee";
        names["#officerId"] = "officerId";
        values[":assignee"] = query.assigneeId;
        filters.push("#assignee.#officerId = :assignee");
      }
      if (query.search) {
        names["#search"] = "searchText";
        values[":search"] = query.search;
        filters.push("contains(#search, :search)");
      }
      // A filter may leave a page short: keep reading until it is full or the shelf ends (the row at `after`, read
      // again by the inclusive bound, is dropped). Filtered, each Query evaluates a few hundred rows rather than a
      // page's worth, so that a search matching few rows takes a few round trips, not one per page of the shelf; rows
      // read beyond the page are read again by the next one, which starts after the last row taken.
      const rows: { dossier: Dossier; position: string }[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: "gsi7",
            KeyConditionExpression: condition,
            FilterExpression: filters.length ? filters.join(" AND ") : undefined,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: !done,
            ExclusiveStartKey: startKey,
            Limit: filters.length ? Math.max(FILTERED_READ, query.limit + 1 - rows.length) : query.limit + 1 - rows.length,
          }),
        );
        for (const item of out.Items ?? []) {
          if (item.gsi7sk === query.after) continue;
          rows.push({ dossier: dossierFromItem(item), position: String(item.gsi7sk) });
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey && rows.length <= query.limit);
      return { rows: rows.slice(0, query.limit), more: rows.length > query.limit || startKey !== undefined };
    },

    async countShelf(query) {
      const { condition, names, values } = shelfKeyCondition(query.agencyCode, query.shelf, query.range, undefined, false);
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: "gsi7",
            KeyConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            Select: "COUNT",
            ExclusiveStartKey: startKey,
            Limit: query.cap - count,
          }),
        );
        count += out.Count ?? 0;
        startKey = out.LastEvaluatedKey;
      } while (startKey && count < query.cap);
      return Math.min(count, query.cap);
    },

    async inbox(query: InboxQuery) {
      const names: Record<string, string> = { "#pk": "gsi1pk" };
      if (query.from || query.to) names["#sk"] = "gsi1sk";
      const values: Record<string, unknown> = { ":pk": `AGENCY#${query.agencyCode}` };
      let condition = "#pk = :pk";
      if (query.from && query.to) {
        condition += " AND #sk BETWEEN :from AND :to";
        values[":from"] = startOfDay(query.from);
        values[":to"] = endOfDay(query.to);
      } else if (query.from) {
        condition += " AND #sk >= :from";
        values[":from"] = startOfDay(query.from);
      } else if (query.to) {
        condition += " AND #sk <= :to";
        values[":to"] = endOfDay(query.to);
      }
      let filter: string | undefined;
      if (query.status) {
        names["#status"] = "status";
        values[":status"] = query.status;
        filter = "#status = :status";
      }
      // A filter may leave a page short: keep reading until the page is full or the index ends. The index holds
      // keys and status only; the page's dossiers are then read by key, in the index's order.
      const keys: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, {
        index: "gsi1",
        partition: `AGENCY#${query.agencyCode}`,
        accepts: dossierIndexKey("gsi1", { from: values[":from"] as string | undefined, to: values[":to"] as string | undefined }),
      });
      let lastKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: "gsi1",
            KeyConditionExpression: condition,
            FilterExpression: filter,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ExclusiveStartKey: startKey,
            Limit: query.limit - keys.length,
          }),
        );
        for (const item of out.Items ?? []) keys.push({ pk: item.pk, sk: item.sk });
        lastKey = out.LastEvaluatedKey;
        startKey = lastKey;
      } while (lastKey && keys.length < query.limit);
      const items = (await batchGet(db, tableName, keys)).filter((item): item is Record<string, unknown> => Boolean(item)).map(dossierFromItem);
      return { items, nextCursor: encodeCursor(lastKey) };
    },

    async draftsCreatedOn(date, receivingAgencies) {
      // A day's codes are known from the day's counters (one per receiving unit): no index is kept for drafts, whose
      // every write would pay for its entry. Read by key, eventually consistent: a sweep a week on needs no more.
      const day = codeDay(date);
      const counters = await batchGet(
        db,
        tableName,
        receivingAgencies.map((agency) => ({ pk: `SEQ#${agency}#${day}`, sk: "SEQ" })),
      );
      const keys = receivingAgencies.flatMap((agency, i) =>
        Array.from({ length: Number(counters[i]?.n ?? 0) }, (_, n) => keyOf(formatDossierCode(agency, date, n + 1))),
      );
      const items = await batchGet(db, tableName, keys, { projection: "code, #status", names: { "#status": "status" } });
      return items.filter((item) => item?.status === "draft").map((item) => String(item!.code));
    },
  };
}

/**
 * The poll-mode outbox (core/ports.ts `EventOutbox`): dossiers in gsi6 under `OUTBOX`, their events read from the
 * item itself; acknowledging removes the events delivered, and the queue entry when no change came in meanwhile.
 */
export function dynamoEventOutbox(db: Dynamo, tableName: string): EventOutbox {
  const read = async (code: string) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: keyOf(code), ConsistentRead: true }))).Item;
  const outbox: EventOutbox = {
    async pending(limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: "gsi6",
          KeyConditionExpression: "gsi6pk = :pk",
          ExpressionAttributeValues: { ":pk": OUTBOX },
          Limit: limit,
        }),
      );
      const found = await Promise.all((out.Items ?? []).map((key) => read(String(key.gsi6sk))));
      return found
        .filter((item): item is Record<string, unknown> => Boolean(item && Array.isArray(item.outbox) && item.outbox.length))
        .map((item) => ({ code: String(item.code), version: Number(item.version), events: item.outbox as DossierEvent[] }));
    },

    async acknowledge(code, version) {
      const item = await read(code);
      if (!item) return false;
      if (Number(item.version) !== version) return acknowledgeUpTo(item, version);
      const queue = workQueue(dossierFromItem(item), false);
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(code),
            UpdateExpression: queue.gsi6pk ? "SET gsi6pk = :pk, gsi6sk = :sk REMOVE outbox, outboxBytes" : "REMOVE outbox, outboxBytes, gsi6pk, gsi6sk",
            ConditionExpression: "#version = :version",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":version": version, ...(queue.gsi6pk ? { ":pk": queue.gsi6pk, ":sk": queue.gsi6sk } : {}) },
          }),
        );
        return true;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        return acknowledgeUpTo((await read(code)) ?? {}, version); // a newer change came in meanwhile
      }
    },
  };
  return outbox;

  /**
   * A newer change came in after the poller read the dossier: its events stay queued, and only the ones delivered
   * (up to `version`, the outbox's first entries) leave. Without this, a dossier changed faster than the poller's
   * round would keep every event ever written, until the item had no room left.
   */
  async function acknowledgeUpTo(item: Record<string, unknown>, version: number): Promise<boolean> {
    const outbox = Array.isArray(item.outbox) ? (item.outbox as DossierEvent[]) : [];
    const newer = outbox.findIndex((event) => event.version > version);
    const delivered = newer < 0 ? outbox.length : newer;
    if (delivered === 0 || delivered === outbox.length) return false; // nothing of ours, or it all went already
    // The events left are written whole, on the condition that the outbox is still the one read (changes only
    // append to it, so its size and its first and last ids say so). Not `REMOVE #outbox[0], #outbox[1]…`: DynamoDB
    // reads every index of one REMOVE against the list as it was, but dynalite removes them one after another, each
    // from the list the last one left (taking off the newer events and leaving delivered ones: an event lost).
    const remaining = outbox.slice(delivered);
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(String(item.code)),
          UpdateExpression: "SET #outbox = :remaining, #outboxBytes = :remainingBytes",
          ConditionExpression: `size(#outbox) = :size AND #outbox[0].#id = :first AND #outbox[${outbox.length - 1}].#id = :last`,
          ExpressionAttributeNames: { "#outbox": "outbox", "#outboxBytes": "outboxBytes", "#id": "id" },
          ExpressionAttributeValues: {
            ":remaining": remaining,
            ":remainingBytes": approximateItemBytes({ outbox: remaining }),
            ":size": outbox.length,
            ":first": outbox[0]!.id,
            ":last": outbox.at(-1)!.id,
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}

/**
 * Writes every dossier's derived attributes again (index keys, search text), for an index added to a deployed table
 * after dossiers were written (docs/operating.md "Adding an index"): a change writes only the index keys that move,
 * so a dossier written before the index never joins it by itself. Each dossier is rewritten by a conditional update
 * on the version it was read at (a dossier that moved meanwhile is read again), so nothing a change wrote is lost;
 * running it twice is harmless. The retired gsi5 keys are removed on the way.
 */
export async function reindexDossiers(
  db: Dynamo,
  tableName: string,
  onProgress: (progress: { scanned: number; rewritten: number }) => void = () => {},
): Promise<{ scanned: number; rewritten: number }> {
  let scanned = 0;
  let rewritten = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#kind = :dossier",
        ExpressionAttributeNames: { "#kind": "kind" },
        ExpressionAttributeValues: { ":dossier": "dossier" },
        ExclusiveStartKey: start,
      }),
    );
    for (let item of out.Items ?? []) {
      scanned++;
      for (let attempt = 0; attempt < 5 && item; attempt++) {
        const derived = indexAttributes(dossierFromItem(item));
        const stale = (["gsi5pk", "gsi5sk"] as const).filter((name) => item![name] !== undefined);
        const changed = Object.entries(derived).filter(([name, value]) => item![name] !== value);
        if (!changed.length && !stale.length) break;
        const names: Record<string, string> = { "#version": "version" };
        const values: Record<string, unknown> = { ":version": item.version };
        const sets: string[] = [];
        const removes: string[] = stale.map((name) => {
          names[`#${name}`] = name;
          return `#${name}`;
        });
        for (const [name, value] of changed) {
          names[`#${name}`] = name;
          if (value === undefined) removes.push(`#${name}`);
          else {
            values[`:${name}`] = value;
            sets.push(`#${name} = :${name}`);
          }
        }
        const update = `${sets.length ? `SET ${sets.join(", ")}` : ""}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`.trim();
        try {
          await db.send(
            new UpdateCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: update, ConditionExpression: "#version = :version", ExpressionAttributeNames: names, ExpressionAttributeValues: values }),
          );
          rewritten++;
          break;
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
          item = (await db.send(new GetCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }))).Item!;
        }
      }
    }
    start = out.LastEvaluatedKey;
    onProgress({ scanned, rewritten });
  } while (start);
  return { scanned, rewritten };
}
