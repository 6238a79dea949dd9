/**
 * Lambda entry — the nightly sweep of abandoned uploads (EventBridge cron, stacks/Jobs.ts): takes the week-old
 * uploads off the drafts created eight days before (functions/wiring/sweep-job.ts `sweepDay`) and one to four weeks
 * before them that are still drafts; the events function deletes the files. An event `{ "date": "YYYY-MM-DD" }`
 * sweeps that creation day instead (idempotent).
 */
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table"]);
const db = makeDynamo(config);
// The job's code on the first invocation (functions/wiring/lambda.ts).
export const handler = await lazyHandler(async () => (await import("./wiring/sweep-job")).sweepJob(config, { db }));
