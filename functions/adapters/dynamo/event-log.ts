import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { DossierEvent } from "../../core/dossier/events";
import type { EventLog } from "../../core/ports";
import type { Dynamo } from "./client";
import { decodeCursor, encodeCursor } from "./cursor";

/**
 * The event log: `pk=DOSSIER#<code> sk=EVENT#<version>#<index>`, in the dossier's own partition, so a dossier's events
 * are one Query, oldest first. The key is the event's id: writing an event twice leaves one item.
 */
const eventKey = (event: DossierEvent) => ({
  pk: `DOSSIER#${event.dossierCode}`,
  sk: `EVENT#${String(event.version).padStart(10, "0")}#${String(event.id.split("/").pop()).padStart(3, "0")}`,
});

export function dynamoEventLog(db: Dynamo, tableName: string): EventLog {
  return {
    async append(events) {
      // Batches of 25 (BatchWriteItem's limit), retrying what the store hands back unprocessed.
      for (let i = 0; i < events.length; i += 25) {
        let pending: Record<string, unknown>[] | undefined = events
          .slice(i, i + 25)
          .map((event) => ({ PutRequest: { Item: { ...eventKey(event), kind: "event", ...event } } }));
        for (let attempt = 0; pending?.length; attempt++) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
          pending = out.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
          if (pending?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        }
      }
    },

    async list(code, page) {
      const partition = `DOSSIER#${code}`;
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": partition, ":prefix": "EVENT#" },
          ExclusiveStartKey: decodeCursor(page.cursor, { index: "table", partition, accepts: (key) => key.sk!.startsWith("EVENT#") }),
          Limit: page.limit,
          ConsistentRead: true,
        }),
      );
      const items = (out.Items ?? []).map(({ pk: _pk, sk: _sk, kind: _kind, ...event }) => event as DossierEvent);
      return { items, nextCursor: encodeCursor(out.LastEvaluatedKey) };
    },
  };
}
