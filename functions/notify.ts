/**
 * Lambda entry — the senders, on the channels' SQS queues (stacks/Notify.ts): each record is one citizen's message
 * or one webhook delivery, handled by functions/wiring/notify.ts `queueHandler` (partial batch failures: SQS hands
 * over again only the records that failed, then moves them to the queue's dead-letter queue).
 */
import { makeDynamo } from "./adapters/dynamo/client";
import { ssmParameterReader } from "./adapters/ssm/parameters";
import { loadConfig, withSecrets } from "./config";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table", "tokenSecret"], await withSecrets(process.env, ssmParameterReader));
const db = makeDynamo(config);
export const handler = await lazyHandler(async () => (await import("./wiring/notify-send")).queueHandler(config, { db }));
