import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { addDays, atVietnamTime, vietnamDate } from "../../core/calendar";
import { ConflictError, ValidationError } from "../../core/errors";
import type { Dossier } from "../../core/dossier/model";
import type { DossierRepository, InboxQuery } from "../../core/dossier/repository";
import type { Dynamo } from "./client";
import { decodeCursor as decodeKeyCursor, encodeCursor, inboxCursorShape } from "./cursor";
import { isConditionFailure } from "./query";


/** Inbox sort keys are UTC ISO instants; a Vietnam date spans [its 00:00, the next day's 00:00) in Vietnam time. */
const startOfDay = (date: string) => atVietnamTime(date, "00:00").toISOString();
const endOfDay = (date: string) => `${new Date(atVietnamTime(addDays(date, 1), "00:00").getTime() - 1).toISOString()}~`;

const keyOf = (code: string) => ({ pk: `DOSSIER#${code}`, sk: "DOSSIER" });

/**
 * The index attributes of a dossier, derived from its fields on every write (see table.ts): the agency inbox, and
 * the day indexes the statistics job reads (received on D, ended on D, submitted on D).
 */
export function indexAttributes(d: Dossier): Record<string, string | undefined> {
  const day = (iso?: string) => (iso ? vietnamDate(new Date(iso)) : undefined);
  const inInbox = d.status !== "draft";
  const ended = d.resolvedAt ?? d.endedAt;
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
    // Open: in an agency's hands and not yet ended (approved/denied dossiers stay open until the result is returned).
    gsi5pk: inInbox && !d.endedAt ? `OPEN#${d.agencyCode}` : undefined,
    gsi5sk: inInbox && !d.endedAt ? `${d.dueAt ?? d.submittedAt ?? d.createdAt}#${d.code}` : undefined,
    gsi6pk: d.status === "draft" ? `DRAFT#${day(d.createdAt)}` : undefined,
    gsi6sk: d.status === "draft" ? d.code : undefined,
  };
}

const ITEM_ONLY = new Set([
  "pk",
  "sk",
  "kind",
  ...["gsi1", "gsi2", "gsi3", "gsi4", "gsi5", "gsi6"].flatMap((index) => [`${index}pk`, `${index}sk`]),
]);

export function dossierFromItem(item: Record<string, unknown>): Dossier {
  const dossier: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!ITEM_ONLY.has(k)) dossier[k] = v;
  return dossier as unknown as Dossier;
}

/** An inbox cursor, read strictly (./cursor.ts): exactly this agency's gsi1 key, or a 400 `request.invalid_cursor`. */
function decodeCursor(cursor: string | undefined, agencyCode: string, range: { from?: string; to?: string } = {}): Record<string, unknown> | undefined {
  return decodeKeyCursor(cursor, inboxCursorShape(agencyCode, range));
}

export function dynamoDossierRepository(db: Dynamo, tableName: string): DossierRepository {
  return {
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
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keyOf(dossier.code), kind: "dossier", ...dossier, ...indexAttributes(dossier) },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if (isConditionFailure(err)) throw new ConflictError("dossier.exists", { code: dossier.code });
        throw err;
      }
    },

    async get(code) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(code), ConsistentRead: true }));
      return out.Item ? dossierFromItem(out.Item) : undefined;
    },

    async commit(previous, next) {
      const names: Record<string, string> = { "#version": "version", "#status": "status" };
      const values: Record<string, unknown> = {
        ":expectedVersion": previous.version,
        ":expectedStatus": previous.status,
      };
      const sets: string[] = [];
      const removes: string[] = [];
      const nextAttributes: Record<string, unknown> = { ...next, ...indexAttributes(next) };
      const previousAttributes: Record<string, unknown> = { ...previous, ...indexAttributes(previous) };
      let i = 0;
      for (const name of new Set([...Object.keys(nextAttributes), ...Object.keys(previousAttributes)])) {
        if (name === "timeline" || name === "code") continue;
        if (name === "attachments") {
          // Entry by entry, so an upload declared concurrently (its own conditional write) is never overwritten.
          for (const [id, attachment] of Object.entries(next.attachments)) {
            if (JSON.stringify(previous.attachments[id]) === JSON.stringify(attachment)) continue;
            names["#att"] = "attachments";
            names[`#att${i}`] = id;
            values[`:att${i}`] = attachment;
            sets.push(`#att.#att${i} = :att${i}`);
            i++;
          }
          continue;
        }
        const before = previousAttributes[name];
        const after = nextAttributes[name];
        if (JSON.stringify(before) === JSON.stringify(after)) continue;
        const alias = `#a${i}`;
        names[alias] = name;
        if (after === undefined) removes.push(alias);
        else {
          values[`:v${i}`] = after;
          sets.push(`${alias} = :v${i}`);
        }
        i++;
      }
      // The timeline grows by appending in the same write: who, what, when, note.
      const appended = next.timeline.slice(previous.timeline.length);
      if (appended.length) {
        names["#timeline"] = "timeline"; // only when used: DynamoDB refuses unused names
        values[":appended"] = appended;
        sets.push("#timeline = list_append(#timeline, :appended)");
      }
      const update = `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(previous.code),
            UpdateExpression: update,
            // Declaring a file is its own write and moves no version: the attachment count catches one that landed
            // after `previous` was read (e.g. while a submit verified the files), so no step is decided on a stale set.
            ConditionExpression:
              "#version = :expectedVersion AND #status = :expectedStatus AND size(#attachments) = :attachmentCount",
            ExpressionAttributeNames: { ...names, "#attachments": "attachments" },
            ExpressionAttributeValues: { ...values, ":attachmentCount": Object.keys(previous.attachments).length },
          }),
        );
      } catch (err) {
        if (isConditionFailure(err)) throw new ConflictError("dossier.version_conflict", { code: previous.code });
        throw err;
      }
    },

    async putAttachment(code, attachment, statuses) {
      const values: Record<string, unknown> = { ":attachment": attachment };
      statuses.forEach((s, i) => (values[`:s${i}`] = s));
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(code),
            UpdateExpression: "SET #attachments.#id = :attachment",
            ConditionExpression: `attribute_exists(pk) AND #status IN (${statuses.map((_, i) => `:s${i}`).join(", ")}) AND attribute_not_exists(#attachments.#id)`,
            ExpressionAttributeNames: { "#attachments": "attachments", "#id": attachment.id, "#status": "status" },
            ExpressionAttributeValues: values,
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const current = await this.get(code);
        const stored = current?.attachments[attachment.id];
        if (stored) {
          if (JSON.stringify({ ...stored, declaredAt: 0 }) === JSON.stringify({ ...attachment, declaredAt: 0 })) return;
          throw new ConflictError("attachment.exists", { id: attachment.id });
        }
        throw new ConflictError("dossier.invalid_transition", { action: "attach", status: current?.status ?? "unknown" });
      }
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
      // A filter may leave a page short: keep reading until the page is full or the index ends.
      const items: Dossier[] = [];
      let startKey = decodeCursor(query.cursor, query.agencyCode, { from: values[":from"] as string | undefined, to: values[":to"] as string | undefined });
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
            Limit: query.limit - items.length,
          }),
        );
        for (const item of out.Items ?? []) items.push(dossierFromItem(item));
        lastKey = out.LastEvaluatedKey;
        startKey = lastKey;
      } while (lastKey && items.length < query.limit);
      return { items, nextCursor: encodeCursor(lastKey) };
    },
  };
}
