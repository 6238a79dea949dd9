import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Dynamo } from "./client";

/** True when a conditional write was refused because its condition did not hold. */
export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === "ConditionalCheckFailedException"
  );
}

/** Reads every item a Query matches, page by page (one partition: a day's dossiers, the catalogue, the keys). */
export async function queryAll(db: Dynamo, input: ConstructorParameters<typeof QueryCommand>[0]) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
