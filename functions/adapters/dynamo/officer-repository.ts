import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Officer, OfficerRepository } from "../../core/officer/model";
import type { Dynamo } from "./client";
import { batchGet, queryAll } from "./query";

/**
 * Officers: `pk=OFFICER#<officerId> sk=OFFICER` (listed per agency through the inbox index, gsi1pk=OFFICERS#<agency>,
 * no Scan) and `pk=OFFICERNAME#<username> sk=OFFICERNAME` pointing at it; the pointer written first.
 */
const keyOf = (officerId: string) => ({ pk: `OFFICER#${officerId}`, sk: "OFFICER" });
const nameKey = (username: string) => ({ pk: `OFFICERNAME#${username.toLowerCase()}`, sk: "OFFICERNAME" });
const strip = (item: Record<string, unknown>): Officer => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as unknown as Officer;
};

export function dynamoOfficerRepository(db: Dynamo, tableName: string): OfficerRepository {
  const get = async (officerId: string) => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keyOf(officerId), ConsistentRead: true }));
    return out.Item ? strip(out.Item) : undefined;
  };
  return {
    get,
    async byUsername(username) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: nameKey(username), ConsistentRead: true }));
      return out.Item ? get(String(out.Item.officerId)) : undefined;
    },
    async put(officer) {
      // Two writes (the local emulator has no transactions): the name's pointer first, so a record is never
      // written that its user name does not find. Officers are few and written by an operator's command.
      await db.send(new PutCommand({ TableName: tableName, Item: { ...nameKey(officer.username), officerId: officer.officerId } }));
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keyOf(officer.officerId), gsi1pk: `OFFICERS#${officer.agencyCode}`, gsi1sk: officer.username, ...officer },
        }),
      );
    },
    async listByAgency(agencyCode) {
      const items = await queryAll(db, {
        TableName: tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `OFFICERS#${agencyCode}` },
      });
      const records = await batchGet(db, tableName, items.map((item) => ({ pk: item.pk, sk: item.sk })));
      return records
        .filter((item): item is Record<string, unknown> => Boolean(item))
        .map(strip)
        .sort((a, b) => a.username.localeCompare(b.username));
    },
  };
}
