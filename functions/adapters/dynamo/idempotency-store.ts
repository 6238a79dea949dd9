import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { IdempotencyRecord, IdempotencyStore } from "../../core/idempotency";
import type { Dynamo } from "./client";
import { isConditionFailure } from "./query";

const RETENTION_SECONDS = 24 * 60 * 60;
const keyOf = (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: "IDEMP" });

/** Idempotency records as conditional puts; DynamoDB's TTL removes them after 24 h (dynalite keeps them). */
export function dynamoIdempotencyStore(db: Dynamo, tableName: string): IdempotencyStore {
  const get = async (scope: string, key: string) => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(scope, key), ConsistentRead: true }));
    if (!out.Item) return undefined;
    // Past its 24 h an expired record counts as absent even where TTL has not swept it yet.
    if (typeof out.Item.expiresAt === "number" && out.Item.expiresAt * 1000 < Date.now()) return undefined;
    return out.Item as unknown as IdempotencyRecord;
  };
  return {
    get,
    async claim(record) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keyOf(record.scope, record.key), ...record, expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS },
            ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
            ExpressionAttributeValues: { ":now": Math.floor(Date.now() / 1000) },
          }),
        );
        return { claimed: true };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const existing = await get(record.scope, record.key);
        if (!existing) return this.claim(record);
        return { claimed: false, existing };
      }
    },
    async renew(scope, key, previousLease, leaseUntil) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(scope, key),
            UpdateExpression: "SET leaseUntil = :lease",
            ConditionExpression: "#state = :pending AND leaseUntil = :previous",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":lease": leaseUntil, ":pending": "pending", ":previous": previousLease },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },
    async saveProgress(scope, key, progress) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(scope, key),
            UpdateExpression: "SET progress = :progress",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(progress)",
            ExpressionAttributeValues: { ":progress": progress },
            ReturnValues: "ALL_NEW",
          }),
        );
        return (out.Attributes?.progress as Record<string, string>) ?? progress;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const existing = await get(scope, key);
        return existing?.progress ?? progress;
      }
    },
    async complete(scope, key, response) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(scope, key),
          UpdateExpression: "SET #state = :done, #response = :response",
          ExpressionAttributeNames: { "#state": "state", "#response": "response" },
          ExpressionAttributeValues: { ":done": "done", ":response": response },
        }),
      );
    },
    async release(scope, key) {
      await db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keyOf(scope, key),
          ConditionExpression: "#state = :pending",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":pending": "pending" },
        }),
      ).catch((err) => {
        if (!isConditionFailure(err)) throw err;
      });
    },
  };
}
