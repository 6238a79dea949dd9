import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { IdempotencyRecord, IdempotencyStore } from "../../core/ports";
import type { Dynamo } from "./client";
import { isConditionFailure } from "./query";

const RETENTION_SECONDS = 24 * 60 * 60;
const keyOf = (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: "IDEMP" });

/** Idempotency records as conditional puts; DynamoDB's TTL removes them after 24 h (dynalite keeps them). */
export function dynamoIdempotencyStore(db: Dynamo, tableName: string): IdempotencyStore {
  return {
    async claim(record) {
      const now = Math.floor(Date.now() / 1000);
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keyOf(record.scope, record.key), ...record, expiresAt: now + RETENTION_SECONDS },
            // Past its 24 h a record counts as absent even where TTL has not swept it yet.
            ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
            ExpressionAttributeValues: { ":now": now },
          }),
        );
        return { claimed: true };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const out = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(record.scope, record.key), ConsistentRead: true }));
        if (!out.Item) return this.claim(record); // expired and swept in between
        // Records written before the value existed kept the code as `progress`.
        const { scope, key, requestHash, value, progress } = out.Item as IdempotencyRecord & { progress?: Record<string, string> };
        return { claimed: false, existing: { scope, key, requestHash, value: value ?? progress ?? {} } };
      }
    },
  };
}
