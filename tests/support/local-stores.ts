import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeAdapters, type Adapters } from "../../functions/wiring";
import { loadConfig, type Config } from "../../functions/config";
import { ensureStores } from "../../functions/local/ensure";
import { startEmbeddedStores, type EmbeddedStores } from "../../functions/local/stores";

export interface LocalStores {
  config: Config;
  adapters: Adapters;
  stores: EmbeddedStores;
  dataDir: string;
  /** The environment a CLI run needs to work on these stores. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** In-memory dynalite + s3rver in a temp folder, with the table and bucket created. */
export async function startLocalStores(): Promise<LocalStores> {
  const dataDir = mkdtempSync(join(tmpdir(), "dvc-stores-"));
  const stores = await startEmbeddedStores({ dataDir, inMemory: true });
  const env = {
    TABLE_NAME: "dichvucong-test",
    BUCKET_NAME: "dichvucong-test-attachments",
    AWS_REGION: "ap-southeast-1",
    DYNAMODB_ENDPOINT: stores.dynamoEndpoint,
    S3_ENDPOINT: stores.s3Endpoint,
  };
  const config = loadConfig(["table", "bucket"], env);
  const adapters = makeAdapters(config);
  await ensureStores(adapters, config);
  return {
    config,
    adapters,
    stores,
    dataDir,
    env,
    async close() {
      adapters.destroy();
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
