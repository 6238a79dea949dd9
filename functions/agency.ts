/** Lambda entry — the agency side (behind the API-key authorizer): inbox, lifecycle actions, result documents, events. */
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { lazyS3 } from "./wiring/lazy-s3";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table", "bucket"]);
const db = makeDynamo(config);
// The routes on the first request (functions/wiring/lambda.ts); the S3 SDK on the first that touches a file.
export const handler = await lazyHandler(async () => (await import("./wiring/agency")).agencyHandler(config, { db, s3: lazyS3(config) }));
