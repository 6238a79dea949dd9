import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ApiKeyRecord, ApiKeyRepository } from "../../core/agency/keys";
import { NotFoundError } from "../../core/errors";
import type { Dynamo } from "./client";
import { batchGet, isConditionFailure, queryAll } from "./query";

const keyOf = (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: "APIKEY" });
const strip = (item: Record<string, unknown>): ApiKeyRecord => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as unknown as ApiKeyRecord;
};

/** API keys: one item per key; listed through the inbox index under a fixed partition (no Scan). */
export function dynamoApiKeyRepository(db: Dynamo, tableName: string): ApiKeyRepository {
  return {
    async put(record) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keyOf(record.keyId), gsi1pk: "APIKEYS", gsi1sk: `${record.createdAt}#${record.keyId}`, ...record },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },
    async get(keyId) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(keyId) }));
      return out.Item ? strip(out.Item) : undefined;
    },
    async list() {
      const items = await queryAll(db, {
        TableName: tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": "APIKEYS" },
      });
      // The index holds the keys (and status) only: each record is then read by its key.
      const records = await batchGet(db, tableName, items.map((item) => ({ pk: item.pk, sk: item.sk })));
      return records.filter((item): item is Record<string, unknown> => Boolean(item)).map(strip);
    },
    async revoke(keyId, at) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(keyId),
            UpdateExpression: "SET revokedAt = if_not_exists(revokedAt, :at)",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":at": at },
            ReturnValues: "ALL_NEW",
          }),
        );
        return strip(out.Attributes ?? {});
      } catch (err) {
        if (isConditionFailure(err)) {
          throw new NotFoundError("key.not_found", { keyId });
        }
        throw err;
      }
    },
  };
}
