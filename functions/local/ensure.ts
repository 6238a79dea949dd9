import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from "@aws-sdk/client-s3";
import { BatchWriteCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { Adapters } from "../wiring";
import { withDerivedAttributes } from "../adapters/dynamo/dossier-repository";
import { createTableInput, GLOBAL_INDEXES } from "../adapters/dynamo/table";
import type { Config } from "../config";

export interface EnsureOptions {
  log?: (line: string) => void;
  /**
   * Where a table rebuild keeps its copy of the items while the table is recreated (a file in the data folder):
   * a rebuild interrupted at any point resumes from it at the next start. Without it a table that lacks an index
   * is refused with a message instead of rebuilt.
   */
  rebuildFile?: string;
}

/** Creates the table and the bucket when missing (the local portal, or a fresh DynamoDB Local / MinIO). */
export async function ensureStores(adapters: Pick<Adapters, "db" | "s3">, config: Config, options: EnsureOptions = {}): Promise<void> {
  const log = options.log ?? (() => {});
  if (options.rebuildFile && existsSync(options.rebuildFile)) await restore(adapters, config, options.rebuildFile, log);
  let table: TableDescription | undefined;
  try {
    table = (await adapters.db.send(new DescribeTableCommand({ TableName: config.tableName }))).Table;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as { name?: string }).name !== "ResourceNotFoundException") throw err;
    await createTable(adapters.db, config.tableName);
  }
  const missing = table ? GLOBAL_INDEXES.filter((index) => !table.GlobalSecondaryIndexes?.some((g) => g.IndexName === index.indexName)) : [];
  if (missing.length) {
    const names = missing.map((index) => index.indexName).join(", ");
    if (!options.rebuildFile) throw new Error(`the table ${config.tableName} lacks ${names}: start the portal once (npm start) to rebuild it`);
    await rebuildTable(adapters, config, names, options.rebuildFile, log);
  }
  try {
    await adapters.s3.send(new HeadBucketCommand({ Bucket: config.bucketName }));
  } catch {
    await adapters.s3.send(new CreateBucketCommand({ Bucket: config.bucketName }));
  }
  // The browser uploads straight to the bucket (presigned), so the bucket must answer CORS for the web origin.
  await adapters.s3.send(
    new PutBucketCorsCommand({
      Bucket: config.bucketName,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [config.webOrigin],
            AllowedMethods: ["GET", "PUT", "POST", "HEAD"],
            AllowedHeaders: ["*"],
            ExposeHeaders: ["ETag"],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}

/**
 * A local table from before an index existed: dynalite cannot add an index to a table, so the table is read whole
 * into `file` (in the data folder), created again with every index, and written back from the file with each
 * dossier's derived attributes recomputed; then the file goes. Interrupted anywhere, the next start resumes from the
 * file. (Deployed, CloudFormation adds indexes one per deployment: docs/operating.md.)
 */
async function rebuildTable(adapters: Pick<Adapters, "db">, config: Config, indexes: string, file: string, log: (line: string) => void) {
  log(`the local table lacks ${indexes}: rebuilding it with every index…`);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await adapters.db.send(new ScanCommand({ TableName: config.tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  // Written whole, then renamed: the file either holds every item or does not exist.
  writeFileSync(`${file}.tmp`, items.map((item) => JSON.stringify(item)).join("\n"), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  await restore(adapters, config, file, log);
}

/** Recreates the table from a rebuild file and removes the file. */
async function restore(adapters: Pick<Adapters, "db">, config: Config, file: string, log: (line: string) => void) {
  const text = readFileSync(file, "utf8");
  const items = text ? text.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>) : [];
  try {
    await adapters.db.send(new DeleteTableCommand({ TableName: config.tableName }));
  } catch (err) {
    if ((err as { name?: string }).name !== "ResourceNotFoundException") throw err;
  }
  await waitForTable(adapters.db, config.tableName, "gone");
  await createTable(adapters.db, config.tableName);
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: withDerivedAttributes(item) } }));
    while (pending?.length) {
      const out = await adapters.db.send(new BatchWriteCommand({ RequestItems: { [config.tableName]: pending as never } }));
      pending = out.UnprocessedItems?.[config.tableName] as Record<string, unknown>[] | undefined;
    }
    if (i % 5000 === 0 && i) log(`  ${i} / ${items.length} items`);
  }
  rmSync(file, { force: true });
  log(`rebuilt the local table: ${items.length} items`);
}

/**
 * Creates a table of the portal's shape and waits until it is ACTIVE: dynalite, like DynamoDB, answers CreateTable
 * while the table is still CREATING, and a request that comes in before it turns ACTIVE is refused
 * (ResourceNotFoundException) — rarely, on a loaded machine, which made the first write after a start fail.
 */
export async function createTable(db: Adapters["db"], tableName: string): Promise<void> {
  await db.send(new CreateTableCommand(createTableInput(tableName)));
  await waitForTable(db, tableName, "ACTIVE");
}

async function waitForTable(db: Adapters["db"], tableName: string, state: "gone" | "ACTIVE") {
  for (let i = 0; i < 600; i++) {
    try {
      const table = (await db.send(new DescribeTableCommand({ TableName: tableName }))).Table;
      if (state === "ACTIVE" && table?.TableStatus === "ACTIVE") return;
    } catch (err) {
      if ((err as { name?: string }).name !== "ResourceNotFoundException") throw err;
      if (state === "gone") return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the local table ${tableName} did not become ${state}`);
}
