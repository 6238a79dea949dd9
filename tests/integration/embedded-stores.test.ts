import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDynamo, type Dynamo } from "../../functions/adapters/dynamo/client";
import { UnavailableError } from "../../functions/core/errors";
import { createTable } from "../../functions/local/ensure";
import { startEmbeddedStores, type EmbeddedStores } from "../../functions/local/stores";

/**
 * The embedded DynamoDB (dynalite) stopped and started again on the same port, as the fault-injection tests and a
 * restarted local portal do. Stopping it under load used to close its database beneath requests it was still
 * serving, and dynalite then threw "Database is closed" from a promise nobody awaits: an uncaught exception in the
 * process (which vitest reports as an error of the whole run).
 */
const TABLE = "stores-test";
let dataDir: string;
let stores: EmbeddedStores;
let db: Dynamo;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "dvc-embedded-"));
  stores = await startEmbeddedStores({ dataDir });
  db = makeDynamo({ region: "ap-southeast-1", dynamoEndpoint: stores.dynamoEndpoint });
  await createTable(db, TABLE);
});
afterAll(async () => {
  db?.destroy();
  await stores?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const put = (n: number) =>
  db.send(new PutCommand({ TableName: TABLE, Item: { pk: `ITEM#${n}`, sk: "A", n, padding: "x".repeat(2_000) } }));
const query = (n: number) =>
  db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `ITEM#${n}` } }));
const batch = (n: number) =>
  db.send(
    new BatchWriteCommand({
      RequestItems: { [TABLE]: [0, 1, 2].map((k) => ({ PutRequest: { Item: { pk: `ITEM#${n}`, sk: `B${k}`, n } } })) },
    }),
  );
const get = async (n: number) => (await db.send(new GetCommand({ TableName: TABLE, Key: { pk: `ITEM#${n}`, sk: "A" }, ConsistentRead: true }))).Item;

describe("the embedded DynamoDB, stopped under load", () => {
  it("lets requests already inside finish, refuses the rest as unavailable, and keeps every write it acknowledged (writes, reads, queries, batches)", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    try {
      for (let round = 0; round < 8; round++) {
        const base = round * 10_000;
        // Eight clients keep sending while the store stops: some requests are inside it, some arrive on
        // kept-alive connections, some find the port closed.
        let next = base;
        let down = false;
        const outcomes: { n: number; ok: boolean; err?: unknown }[] = [];
        const client = async () => {
          while (!down) {
            const n = next++;
            try {
              await Promise.all([put(n), get(n - 1), query(n - 2), batch(n - 3)]);
              outcomes.push({ n, ok: true });
            } catch (err) {
              outcomes.push({ n, ok: false, err });
            }
          }
        };
        const clients = Array.from({ length: 8 }, client);
        while (outcomes.length < 10 + round * 5) await new Promise((resolve) => setTimeout(resolve, 1));
        const started = Date.now();
        await stores.stopDynamo();
        expect(Date.now() - started).toBeLessThan(5_000);
        down = true;
        await Promise.all(clients);

        // Down: a request now is refused quickly, as the adapters' unavailable error (the API's 503).
        const refused = await put(base + 9_999).then(() => undefined, (err: unknown) => err);
        expect(refused).toBeInstanceOf(UnavailableError);

        await stores.startDynamo();
        expect(outcomes.filter((o) => o.ok).length).toBeGreaterThan(0);
        for (const failed of outcomes.filter((o) => !o.ok)) expect(failed.err).toBeInstanceOf(UnavailableError);
        // Every write the store said yes to is there after the restart.
        for (const done of outcomes.filter((o) => o.ok)) expect((await get(done.n))?.n).toBe(done.n);
      }
      // Let any stray rejection surface before looking.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught.map(String)).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      process.off("unhandledRejection", onUncaught);
    }
  });
});
