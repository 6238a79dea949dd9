import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { makeAdapters, type Adapters } from "../wiring";
import { loadConfig, type Config } from "../config";
import { ensureStores } from "../local/ensure";
import { DEFAULT_DATA_DIR, ROOT, readPortalRecord } from "../local/portal";
import { startEmbeddedStores } from "../local/stores";

export interface CliContext {
  config: Config;
  adapters: Adapters;
  /** Where the data lives, said to the operator before anything is written. */
  target: string;
  close(): Promise<void>;
}

/** The table name of a deployed stage: TABLE_NAME, else the SST outputs of the last deploy from this checkout. */
function deployedNames(stage: string, env: NodeJS.ProcessEnv): { TABLE_NAME?: string; BUCKET_NAME?: string } {
  const outputsFile = join(ROOT, ".sst", "outputs.json");
  const names: { TABLE_NAME?: string; BUCKET_NAME?: string } = {};
  if (existsSync(outputsFile)) {
    const outputs = JSON.parse(readFileSync(outputsFile, "utf8")) as Record<string, Record<string, string>>;
    for (const [stack, values] of Object.entries(outputs)) {
      if (!stack.startsWith(`${stage}-`)) continue;
      names.TABLE_NAME ??= values.TableName;
      names.BUCKET_NAME ??= values.BucketName;
    }
  }
  return { TABLE_NAME: env.TABLE_NAME ?? names.TABLE_NAME, BUCKET_NAME: env.BUCKET_NAME ?? names.BUCKET_NAME };
}

/**
 * Opens the stores a CLI command works on:
 * - `--stage NAME`: a deployed stage, with the AWS SDK's usual credentials;
 * - a running local portal on the same DATA_DIR: its embedded endpoints (recorded in the data folder);
 * - otherwise: the embedded stores of the data folder, opened by this process.
 */
export async function openContext(options: { stage?: string; env?: NodeJS.ProcessEnv }): Promise<CliContext> {
  const env = options.env ?? process.env;
  if (options.stage) {
    const names = deployedNames(options.stage, env);
    if (!names.TABLE_NAME) {
      throw new Error(
        `no table name for stage ${options.stage}: set TABLE_NAME (and BUCKET_NAME), or deploy from this checkout so .sst/outputs.json exists`,
      );
    }
    const config = loadConfig(["table"], { ...env, ...names, STAGE: options.stage });
    const adapters = makeAdapters(config);
    return { config, adapters, target: `stage ${options.stage} (table ${config.tableName})`, close: async () => adapters.destroy() };
  }
  if (env.DYNAMODB_ENDPOINT) {
    const config = loadConfig(["table", "bucket"], {
      TABLE_NAME: "dichvucong-local",
      BUCKET_NAME: "dichvucong-local-attachments",
      ...env,
    });
    const adapters = makeAdapters(config);
    return { config, adapters, target: `${config.dynamoEndpoint} (table ${config.tableName})`, close: async () => adapters.destroy() };
  }
  const dataDir = resolve(env.DATA_DIR ?? DEFAULT_DATA_DIR);
  const record = readPortalRecord(dataDir);
  if (record) {
    const config = loadConfig(["table", "bucket"], {
      ...env,
      TABLE_NAME: record.tableName,
      BUCKET_NAME: record.bucketName,
      DYNAMODB_ENDPOINT: record.dynamoEndpoint,
      S3_ENDPOINT: record.s3Endpoint,
      // The portal's ClamAV daemon, for `files rescan`.
      ...(record.clamdAddress ? { CLAMD_ADDRESS: record.clamdAddress } : {}),
    });
    const adapters = makeAdapters(config);
    return { config, adapters, target: `the running portal at ${record.url}`, close: async () => adapters.destroy() };
  }
  const stores = await startEmbeddedStores({ dataDir });
  const config = loadConfig(["table", "bucket"], {
    TABLE_NAME: "dichvucong-local",
    BUCKET_NAME: "dichvucong-local-attachments",
    ...env,
    DYNAMODB_ENDPOINT: stores.dynamoEndpoint,
    S3_ENDPOINT: stores.s3Endpoint,
  });
  const adapters = makeAdapters(config);
  await ensureStores(adapters, config);
  return {
    config,
    adapters,
    target: `the local data folder ${dataDir}`,
    close: async () => {
      adapters.destroy();
      await stores.close();
    },
  };
}
