/**
 * Scheduled and background work: the daily statistics job, the nightly sweep of abandoned drafts' uploads, and
 * GuardDuty's malware verdicts (stacks/malware-verdicts.ts).
 *
 * The statistics job runs at 00:05 Vietnam time (UTC+7, no daylight saving) = 17:05 UTC the day before, and
 * computes the day that just ended from the day indexes (received, ended, submitted), writing one STATS# row per
 * agency and scope. A rerun for a date overwrites the same rows, so a retry (EventBridge retries, or an operator's
 * `npm run cli -- stats run --date …`) converges.
 *
 * The sweep runs at 00:30 Vietnam time: it takes the uploads off the drafts created eight days before that are still
 * drafts (functions/wiring/jobs.ts `sweepDay`), each an `expire_uploads` committed with its event; the events
 * function (stacks/event-consumer.ts), which alone may delete objects, deletes the files. A rerun finds nothing more
 * to do (`npm run cli -- drafts sweep --date …` by hand).
 *
 * Two functions, not one doing both: each role holds only its own job's rights (the statistics job reads the day
 * indexes and writes STATS# rows; the sweep reads counters and dossiers by key and updates dossiers — neither can do
 * the other's writes), and each fails, retries and alarms on its own, so a failing sweep never holds up the day's
 * statistics, nor the other way round.
 */
import { Duration } from "aws-cdk-lib";
import { ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Cron, dependsOn, use, type StackContext } from "sst/constructs";
import { lambda } from "./lambda";
import { malwareVerdicts } from "./malware-verdicts";
import { stageConfig } from "./stage-config";
import { Storage } from "./Storage";

/** 00:05 in Asia/Ho_Chi_Minh, as an EventBridge (UTC) cron expression. */
export const DAILY_STATS_SCHEDULE = "cron(5 17 * * ? *)";

/** 00:30 in Asia/Ho_Chi_Minh: after the statistics job, off its load. */
export const NIGHTLY_SWEEP_SCHEDULE = "cron(30 17 * * ? *)";

/** The day indexes the job reads, and the open-dossier index for the period-end snapshot (functions/adapters/dynamo/table.ts). */
export const STATS_JOB_INDEXES = ["gsi2", "gsi3", "gsi4", "gsi7"] as const;

export function Jobs({ stack }: StackContext) {
  const config = stageConfig(stack.stage);
  const { table, bucket, alarms } = use(Storage);
  dependsOn(Storage); // the table reaches this stack as a plain name, not an export: order it explicitly

  const job = lambda(stack, "StatsJob", {
    handler: "functions/stats-job.handler",
    description: "Daily statistics (00:05 Vietnam time)",
    environment: { TABLE_NAME: table.tableName, STAGE: stack.stage },
    permissions: [
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["dynamodb:Query"],
        resources: [table.tableArn, ...STATS_JOB_INDEXES.map((index) => table.indexArn(index))],
      }),
      // Writes the STATS#<date> rows (single puts, or batches of up to 25).
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["dynamodb:PutItem", "dynamodb:BatchWriteItem"],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["STATS#*"] } },
      }),
    ],
    sizing: config.job,
  });

  const cron = new Cron(stack, "DailyStats", {
    schedule: DAILY_STATS_SCHEDULE,
    // Asynchronous invocation: Lambda itself retries twice on error; EventBridge retries delivery.
    job: { function: job, cdk: { target: { retryAttempts: 2, maxEventAge: Duration.hours(2) } } },
  });

  if (alarms) {
    alarms.add(stack, "StatsJobErrors", job.metricErrors({ period: Duration.minutes(5) }), 1, "Daily statistics job failed");
    // A schedule that silently stopped firing is as bad as a failing job.
    alarms.add(
      stack,
      "StatsJobDidNotRun",
      job.metricInvocations({ period: Duration.days(1), statistic: "Sum" }),
      1,
      "Daily statistics job did not run in the last 24 hours",
      { comparison: ComparisonOperator.LESS_THAN_THRESHOLD, treatMissingData: TreatMissingData.BREACHING },
    );
  }

  const sweep = lambda(stack, "SweepJob", {
    handler: "functions/sweep-job.handler",
    description: "Nightly sweep of abandoned drafts' uploads (00:30 Vietnam time)",
    environment: { TABLE_NAME: table.tableName, STAGE: stack.stage },
    permissions: [
      // The receiving units, from the catalogue (a day's dossier codes are numbered per unit).
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["dynamodb:Query"],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["CATALOGUE"] } },
      }),
      // The day's counters (SEQ#<unit>#<day>: how many codes were given), then each of those dossiers by key.
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem"],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["SEQ#*", "DOSSIER#*"] } },
      }),
      // The `expire_uploads` change, conditional on the version read (its event rides in the same write).
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["dynamodb:UpdateItem"],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["DOSSIER#*"] } },
      }),
    ],
    sizing: config.job,
  });

  const sweepCron = new Cron(stack, "NightlySweep", {
    schedule: NIGHTLY_SWEEP_SCHEDULE,
    job: { function: sweep, cdk: { target: { retryAttempts: 2, maxEventAge: Duration.hours(2) } } },
  });

  if (alarms) {
    alarms.add(stack, "SweepJobErrors", sweep.metricErrors({ period: Duration.minutes(5) }), 1, "Nightly sweep of abandoned uploads failed");
    alarms.add(
      stack,
      "SweepJobDidNotRun",
      sweep.metricInvocations({ period: Duration.days(1), statistic: "Sum" }),
      1,
      "Nightly sweep of abandoned uploads did not run in the last 24 hours",
      { comparison: ComparisonOperator.LESS_THAN_THRESHOLD, treatMissingData: TreatMissingData.BREACHING },
    );
  }

  const verdicts = malwareVerdicts(stack, { table, bucket, config, alarms });

  stack.addOutputs({ StatsJobFunction: job.functionName, SweepJobFunction: sweep.functionName });

  return { job, cron, sweep, sweepCron, verdicts };
}
