import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { OfficerAccounts } from "../core/ports";
import { makeAdapters, makeOfficerAccounts, type Adapters } from "../wiring";
import { loadConfig, type Config } from "../config";
import { ensureStores } from "../local/ensure";
import { DEFAULT_DATA_DIR, ROOT, readPortalRecord } from "../local/portal";
import { startEmbeddedStores } from "../local/stores";

export interface CliContext {
  config: Config;
  adapters: Adapters;
  /** Where the data lives, said to the operator before anything is written. */
  target: string;
  /**
   * The officers' accounts at the identity provider (`officers add|disable`): the stage's Cognito user pool, or
   * locally the embedded provider's accounts (DATA_DIR). Opened on first use; throws when a stage has no pool id.
   */
  officerAccounts(): Promise<OfficerAccounts>;
  close(): Promise<void>;
}

/** Opens the officer accounts once, on first use, and closes them with the context. */
function lazyAccounts(open: () => ReturnType<typeof makeOfficerAccounts>) {
  let opened: ReturnType<typeof makeOfficerAccounts> | undefined;
  return {
    officerAccounts: () => (opened ??= open()),
    async closeAccounts() {
      if (opened) (await opened.catch(() => undefined))?.destroy();
    },
  };
}

type DeployedNames = { TABLE_NAME?: string; BUCKET_NAME?: string; OFFICER_USER_POOL_ID?: string };

/**
 * The names of a deployed stage's resources: TABLE_NAME, BUCKET_NAME, OFFICER_USER_POOL_ID, else the SST outputs of
 * the last deploy from this checkout.
 */
function deployedNames(stage: string, env: NodeJS.ProcessEnv): DeployedNames {
  const outputsFile = join(ROOT, ".sst", "outputs.json");
  const names: DeployedNames = {};
  if (existsSync(outputsFile)) {
    const outputs = JSON.parse(readFileSync(outputsFile, "utf8")) as Record<string, Record<string, string>>;
    for (const [stack, values] of Object.entries(outputs)) {
      if (!stack.startsWith(`${stage}-`)) continue;
      names.TABLE_NAME ??= values.TableName;
      names.BUCKET_NAME ??= values.BucketName;
      names.OFFICER_USER_POOL_ID ??= values.OfficerUserPoolId;
    }
  }
  return {
    TABLE_NAME: env.TABLE_NAME ?? names.TABLE_NAME,
    BUCKET_NAME: env.BUCKET_NAME ?? names.BUCKET_NAME,
    OFFICER_USER_POOL_ID: env.OFFICER_USER_POOL_ID || names.OFFICER_USER_POOL_ID,
  };
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
    const { officerAccounts, closeAccounts } = lazyAccounts(() => makeOfficerAccounts({ stage: config }));
    return {
      config,
      adapters,
      target: `stage ${options.stage} (table ${config.tableName})`,
      officerAccounts,
      close: async () => {
        adapters.destroy();
        await closeAccounts();
      },
    };
  }
  const dataDir = resolve(env.DATA_DIR ?? DEFAULT_DATA_DIR);
  const { officerAccounts } = lazyAccounts(() => makeOfficerAccounts({ dataDir }));
  if (env.DYNAMODB_ENDPOINT) {
    const config = loadConfig(["table", "bucket"], {
      TABLE_NAME: "dichvucong-local",
      BUCKET_NAME: "dichvucong-local-attachments",
      ...env,
    });
    const adapters = makeAdapters(config);
    return { config, adapters, target: `${config.dynamoEndpoint} (table ${config.tableName})`, officerAccounts, close: async () => adapters.destroy() };
  }
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
    return { config, adapters, target: `the running portal at ${record.url}`, officerAccounts, close: async () => adapters.destroy() };
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
    officerAccounts,
    close: async () => {
      adapters.destroy();
      await stores.close();
    },
  };
}
