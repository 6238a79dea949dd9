/** Lambda entry — the back office (behind API Gateway's JWT authorizer): inbox, actions, counter intake, slips. */
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { lazyS3 } from "./wiring/lazy-s3";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table", "bucket"]);
const db = makeDynamo(config);
export const handler = await lazyHandler(async () => (await import("./wiring/officer")).officerHandler(config, { db, s3: lazyS3(config) }));
