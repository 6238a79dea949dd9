/** Lambda entry — the citizen side: create, attach, submit, track, withdraw, supplement, feedback; and health. */
import { makeDynamo } from "./adapters/dynamo/client";
import { ssmParameterReader } from "./adapters/ssm/parameters";
import { loadConfig, withSecrets } from "./config";
import { lazyS3 } from "./wiring/lazy-s3";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table", "bucket", "tokenSecret"], await withSecrets(process.env, ssmParameterReader));
const db = makeDynamo(config);
// The routes on the first request (functions/wiring/lambda.ts); the S3 SDK on the first that touches a file.
export const handler = await lazyHandler(async () => (await import("./wiring/dossiers")).dossiersHandler(config, { db, s3: lazyS3(config) }));
