/**
 * Everything that differs between stages, in one place (the stacks read nothing else from the environment).
 *
 * - `prod` is the production stage: nothing stateful is ever deleted with the stack (RETAIN), the table has
 *   deletion protection, and alarms go by e-mail to ALARM_EMAIL (required: a production stage nobody hears
 *   from is not deployed).
 * - Every other stage (`dev`, a personal stage, a pull-request stage, `test` in the CDK tests) is disposable:
 *   `sst remove` deletes its table and empties and deletes its buckets.
 *
 * Values that are not secrets but vary per deployment come from the environment of the shell that runs
 * `sst deploy` (see docs/operating.md):
 *   ALARM_EMAIL            recipient of the alarm topic (required on prod, optional elsewhere: alarms on if set)
 *   WEB_DOMAIN             custom domain of the portal, e.g. dichvucong.example.gov.vn (optional)
 *   WEB_CERTIFICATE_ARN    ACM certificate for WEB_DOMAIN, in us-east-1 (CloudFront's region); required with it
 *   WEB_HOSTED_ZONE_ID     Route 53 zone to create the alias records in (optional; otherwise point DNS yourself)
 *   WEB_HOSTED_ZONE_NAME   that zone's name, e.g. example.gov.vn (required with WEB_HOSTED_ZONE_ID)
 *   TABLE_IMPORT_NAME      use this existing table instead of the stack's own (after a point-in-time restore)
 *   TABLE_IMPORT_STREAM_ARN that table's stream (NEW_AND_OLD_IMAGES), which the event consumer reads; required with it
 *   PROVISIONED_CONCURRENCY instances of the catalogue and dossiers functions kept initialised (default 0: none)
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";

export const PRODUCTION_STAGES: readonly string[] = ["prod"];

export interface CustomDomain {
  /** Host name only, no scheme: `dichvucong.example.gov.vn`. */
  name: string;
  /** An ACM certificate covering `name`, issued in us-east-1 (CloudFront only takes certificates from there). */
  certificateArn: string;
  /** When set, the stack creates the A/AAAA alias records; otherwise point a CNAME at the distribution yourself. */
  hostedZone?: { id: string; name: string };
}

export interface LambdaSizing {
  /** MB. A starting point: size it by measurement (Lambda Power Tuning on the bench scenarios), not by guess. */
  memorySize: number;
  /** Seconds. API functions stay well under API Gateway's 30 s integration limit. */
  timeout: number;
}

export interface StageConfig {
  stage: string;
  isProduction: boolean;
  /** Table, buckets and log groups. */
  removalPolicy: RemovalPolicy;
  /** Empty the buckets on `sst remove` (only where they are destroyed). */
  autoDeleteObjects: boolean;
  tableDeletionProtection: boolean;
  /** Lambda logs and API access logs. */
  logRetention: RetentionDays;
  /** Days S3 server access logs and CloudFront logs are kept. */
  accessLogDays: number;
  /** Alarms are created only when there is someone to tell. */
  alarmEmail?: string;
  domain?: CustomDomain;
  /** Stage-wide API Gateway throttling (token bucket): steady requests per second and burst. */
  throttle: { rate: number; burst: number };
  /** Defaults for the API functions; the daily job gets its own. */
  api: LambdaSizing;
  job: LambdaSizing;
  /** Name of an existing table to use instead of creating one (re-pointing after a restore). */
  importTableName?: string;
  /** That table's stream: a restored table has none until one is enabled, and its ARN is known only then. */
  importTableStreamArn?: string;
  /**
   * Instances of each citizen-facing function (catalogue, dossiers) kept initialised with provisioned concurrency,
   * so that up to that many requests at once never wait for a cold start; 0 keeps none. They are paid for every hour, used or not
   * (docs/operating.md, "Cold starts").
   */
  provisionedConcurrency: number;
  /**
   * Citizens' notifications (docs/notifications.md): e-mail through SES from NOTIFY_EMAIL_FROM (its domain becomes the
   * stage's SES identity), SMS through eSMS.vn when NOTIFY_SMS=esms (its keys are SST secrets). None: no message sent.
   */
  notifyEmailFrom?: string;
  notifySms: boolean;
  /** The citizen channels that are on: what the event consumer queues messages for. */
  notifyChannels: ("email" | "sms")[];
}

export class StageConfigError extends Error {
  constructor(variable: string, why: string) {
    super(`stage-config: ${variable} ${why}`);
    this.name = "StageConfigError";
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]+\/stream\/[\w:.-]+$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readDomain(env: NodeJS.ProcessEnv): CustomDomain | undefined {
  const name = optional(env, "WEB_DOMAIN")?.toLowerCase();
  if (!name) return undefined;
  if (!HOST.test(name)) throw new StageConfigError("WEB_DOMAIN", `must be a host name without scheme, got "${name}"`);
  const certificateArn = optional(env, "WEB_CERTIFICATE_ARN");
  if (!certificateArn) throw new StageConfigError("WEB_CERTIFICATE_ARN", "is not set (required with WEB_DOMAIN)");
  if (!ACM_ARN.test(certificateArn)) {
    throw new StageConfigError("WEB_CERTIFICATE_ARN", `must be an ACM certificate ARN in us-east-1, got "${certificateArn}"`);
  }
  const zoneId = optional(env, "WEB_HOSTED_ZONE_ID");
  const zoneName = optional(env, "WEB_HOSTED_ZONE_NAME");
  if (Boolean(zoneId) !== Boolean(zoneName)) {
    throw new StageConfigError(zoneId ? "WEB_HOSTED_ZONE_NAME" : "WEB_HOSTED_ZONE_ID", "must be set together with the other");
  }
  return { name, certificateArn, ...(zoneId && zoneName ? { hostedZone: { id: zoneId, name: zoneName } } : {}) };
}

const MAX_PROVISIONED = 50;

function provisioned(env: NodeJS.ProcessEnv): number {
  const raw = optional(env, "PROVISIONED_CONCURRENCY");
  if (raw === undefined) return 0;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > MAX_PROVISIONED) {
    throw new StageConfigError("PROVISIONED_CONCURRENCY", `must be a whole number from 0 to ${MAX_PROVISIONED}, got "${raw}"`);
  }
  return value;
}

/** The configuration of one stage; throws StageConfigError naming the first missing or bad variable. */
export function stageConfig(stage: string, env: NodeJS.ProcessEnv = process.env): StageConfig {
  const isProduction = PRODUCTION_STAGES.includes(stage);
  const alarmEmail = optional(env, "ALARM_EMAIL");
  if (isProduction && !alarmEmail) throw new StageConfigError("ALARM_EMAIL", `is not set (required on stage "${stage}")`);
  if (alarmEmail && !EMAIL.test(alarmEmail)) throw new StageConfigError("ALARM_EMAIL", `is not an e-mail address: "${alarmEmail}"`);
  const domain = readDomain(env);
  const importTableName = optional(env, "TABLE_IMPORT_NAME");
  const importTableStreamArn = optional(env, "TABLE_IMPORT_STREAM_ARN");
  if (importTableName && !importTableStreamArn) {
    throw new StageConfigError(
      "TABLE_IMPORT_STREAM_ARN",
      "is not set (required with TABLE_IMPORT_NAME: enable the restored table's stream with NEW_AND_OLD_IMAGES and give its LatestStreamArn)",
    );
  }
  if (importTableStreamArn && !STREAM_ARN.test(importTableStreamArn)) {
    throw new StageConfigError("TABLE_IMPORT_STREAM_ARN", `must be a DynamoDB stream ARN, got "${importTableStreamArn}"`);
  }
  if (importTableStreamArn && importTableName && !importTableStreamArn.includes(`:table/${importTableName}/stream/`)) {
    throw new StageConfigError("TABLE_IMPORT_STREAM_ARN", `is not a stream of the table ${importTableName}: "${importTableStreamArn}"`);
  }
  const provisionedConcurrency = provisioned(env);
  const notifyEmailFrom = optional(env, "NOTIFY_EMAIL_FROM");
  if (notifyEmailFrom && !EMAIL.test(notifyEmailFrom)) throw new StageConfigError("NOTIFY_EMAIL_FROM", `is not an e-mail address: "${notifyEmailFrom}"`);
  const sms = optional(env, "NOTIFY_SMS");
  if (sms && sms !== "esms") throw new StageConfigError("NOTIFY_SMS", `must be "esms" or unset, got "${sms}"`);

  return {
    stage,
    isProduction,
    removalPolicy: isProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !isProduction,
    tableDeletionProtection: isProduction,
    logRetention: isProduction ? RetentionDays.SIX_MONTHS : RetentionDays.ONE_MONTH,
    accessLogDays: isProduction ? 365 : 30,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(domain ? { domain } : {}),
    throttle: isProduction ? { rate: 200, burst: 400 } : { rate: 20, burst: 40 },
    api: { memorySize: 512, timeout: 10 },
    job: { memorySize: 1024, timeout: 300 },
    ...(importTableName ? { importTableName } : {}),
    ...(importTableStreamArn ? { importTableStreamArn } : {}),
    provisionedConcurrency,
    ...(notifyEmailFrom ? { notifyEmailFrom } : {}),
    notifySms: sms === "esms",
    notifyChannels: [...(notifyEmailFrom ? (["email"] as const) : []), ...(sms === "esms" ? (["sms"] as const) : [])],
  };
}
