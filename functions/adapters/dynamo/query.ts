import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Dynamo } from "./client";

/** True when a conditional write was refused because its condition did not hold. */
export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === "ConditionalCheckFailedException"
  );
}

/** Whether a conditional write's condition held: true once written, false when refused for its condition. */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
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

/**
 * Reads items by key, 100 a request, retrying what the store hands back unprocessed; the answer is in `keys`' order,
 * `undefined` where an item does not exist.
 */
export async function batchGet(
  db: Dynamo,
  tableName: string,
  keys: Record<string, unknown>[],
  options: { projection?: string; names?: Record<string, string> } = {},
): Promise<(Record<string, unknown> | undefined)[]> {
  const found = new Map<string, Record<string, unknown>>();
  const id = (key: Record<string, unknown>) => `${String(key.pk)}\u0000${String(key.sk)}`;
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ...(options.projection
                ? { ProjectionExpression: `pk, sk, ${options.projection}`, ExpressionAttributeNames: options.names }
                : {}),
            },
          },
        }),
      );
      for (const item of out.Responses?.[tableName] ?? []) found.set(id(item), item);
      pending = out.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
      if (pending?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    }
  }
  return keys.map((key) => found.get(id(key)));
}

