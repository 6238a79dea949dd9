import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll } from "vitest";
import { makeDynamo, type Dynamo } from "../../functions/adapters/dynamo/client";
import { createTable } from "../../functions/local/ensure";
import { makeS3 } from "../../functions/adapters/s3/client";
import { startEmbeddedStores, type EmbeddedStores } from "../../functions/local/stores";

/**
 * The real emulators for a contract suite's adapter runs: the embedded dynalite and s3rver the local portal uses
 * (functions/local/stores.ts), in memory, once per test file. Every test gets a table (or bucket) of its own, so
 * queues and indexes it reads (the outbox queue, an agency's inbox) hold only what that test wrote.
 */
export interface Emulator {
  db: Dynamo;
  s3: S3Client;
  /** A fresh table of the portal's shape (table.ts). */
  table(): Promise<string>;
  /** A fresh bucket. */
  bucket(): Promise<string>;
}

let tables = 0;

/** Starts the emulators before the file's tests and stops them after; call at the top of a test file. */
export function useEmulator(): () => Emulator {
  let stores: EmbeddedStores | undefined;
  let emulator: Emulator | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "dvc-contracts-"));
    stores = await startEmbeddedStores({ dataDir, inMemory: true });
    const region = "ap-southeast-1";
    const db = makeDynamo({ region, dynamoEndpoint: stores.dynamoEndpoint });
    const s3 = makeS3({ region, s3Endpoint: stores.s3Endpoint });
    emulator = {
      db,
      s3,
      async table() {
        const name = `contracts-${process.pid}-${++tables}`;
        await createTable(db, name);
        return name;
      },
      async bucket() {
        const name = `contracts-${process.pid}-${++tables}`;
        await s3.send(new CreateBucketCommand({ Bucket: name }));
        return name;
      },
    };
  });
  afterAll(async () => {
    emulator?.db.destroy();
    emulator?.s3.destroy();
    await stores?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!emulator) throw new Error("the emulators are not started (useEmulator() must be called at the top of the file)");
    return emulator;
  };
}
