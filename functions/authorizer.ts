/** Lambda entry — API Gateway's authorizer of the agency routes: one key lookup (functions/wiring/authorizer.ts). */
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table"]);
const db = makeDynamo(config);
// The key check's code on the first invocation (functions/wiring/lambda.ts).
export const handler = await lazyHandler(async () => (await import("./wiring/authorizer")).authorizerFunction(config, { db }));
