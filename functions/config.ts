/**
 * The only module that reads the environment (DESIGN.md "Config at the edge"). Each entry point asks for
 * what it needs once, at start-up, and fails fast naming the missing variable.
 *
 * Deployed, the stacks set TABLE_NAME / BUCKET_NAME / WEB_ORIGIN on each function (only what it uses);
 * locally, functions/local sets them and DYNAMODB_ENDPOINT / S3_ENDPOINT point at the embedded stores.
 */
/** Reads SSM parameters by name (functions/adapters/ssm/parameters.ts): the values of those that exist. */
export type ParameterReader = (names: string[]) => Promise<Map<string, string>>;

export interface Config {
  stage: string;
  region: string;
  tableName: string;
  bucketName: string;
  /** Any DynamoDB-compatible endpoint (dynalite, DynamoDB Local, LocalStack); unset on AWS. */
  dynamoEndpoint?: string;
  /** Any S3-compatible endpoint (s3rver, MinIO, LocalStack); unset on AWS. */
  s3Endpoint?: string;
  /** The web front-end's origin, for CORS and links; "*" only locally. */
  webOrigin: string;
  /** Seconds a presigned upload or download URL stays valid. */
  presignSeconds: number;
  /** Public write requests a client may make per minute (token bucket; functions/http/rate-limit.ts). */
  rateLimitPerMinute: number;
  /** `dossier.not_found` answers a client may get per minute before its dossier lookups are throttled. */
  notFoundLimitPerMinute: number;
  /** Public status lookups (GET /v1/dossiers/{code}/status) a client may make per minute, found or not. */
  statusLookupLimitPerMinute: number;
  /** How often a warm process compares the stored catalogue version (ms): a change is visible within this. */
  catalogueRefreshMs: number;
  /**
   * Server secret that derives the access token of a dossier created under an Idempotency-Key, so a retry gets the
   * same token while the store keeps only its hash. Deployed: an SST secret; locally: generated in the data folder.
   */
  tokenSecret: string;
  /**
   * The VNPay merchant (functions/adapters/payment/vnpay.ts): terminal code, hash secret and the gateway's payment
   * page. Deployed: SST secrets; locally: the portal's sandbox gateway (functions/local/sandbox-gateway.ts) with a
   * secret generated in the data folder, unless VNPAY_* are set (e.g. to VNPay's own sandbox).
   */
  vnpay: { tmnCode: string; hashSecret: string; payUrl: string };
  /** The public base URL of this API (no trailing slash): the gateway sends the browser back to `<it>/v1/payments/…`. */
  publicUrl: string;
  /** Minutes a payment attempt stays payable at the gateway (vnp_ExpireDate). */
  paymentExpiryMinutes: number;
  /**
   * Where domain events are picked up after a change: DynamoDB Streams (deployed), or the outbox work queue that the
   * local portal's poller reads (dynalite has no Streams). EVENT_SOURCE overrides; default: `poll` on the local stage.
   */
  eventSource: "stream" | "poll";
  /** How often the local portal's poller looks for undelivered events (ms). */
  eventPollMs: number;
  /**
   * The ClamAV daemon that scans uploaded files (CLAMD_ADDRESS, `host:port`): set by the local portal when it started
   * one (functions/local/clamd.ts). Unset, the local portal has no scanner; deployed, GuardDuty is the scanner
   * (functions/wiring.ts `malwareScanner`).
   */
  clamdAddress?: { host: string; port: number };
  /** Citizens' notifications and agencies' webhooks (docs/notifications.md). */
  notify: NotifyConfig;
  /**
   * The officers' OpenID provider (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLIENT_ID, optional OIDC_JWKS_URL): Cognito
   * deployed, the provider embedded in the local portal (functions/local/idp.ts), or any other (Keycloak) by these
   * alone. Unset issuer: the officer API refuses every token.
   */
  oidc: { issuer: string; audience: string; clientId: string; jwksUrl?: string; scopes: string };
  /**
   * The stage's officer user pool (OFFICER_USER_POOL_ID; the CLI reads it off the Api stack's `OfficerUserPoolId`
   * output when unset), where `officers add|disable --stage` create and disable the Cognito users. CLI only.
   */
  officerUserPoolId?: string;
  /** Any Cognito-compatible endpoint (COGNITO_ENDPOINT: cognito-local in the tests); unset on AWS. */
  cognitoEndpoint?: string;
}

export interface NotifyConfig {
  /** NOTIFY_EMAIL: `ses` (deployed), `smtp` (SMTP_URL: the local dev mailbox or a province's relay), `off`. */
  email: "ses" | "smtp" | "off";
  /** EMAIL_FROM */
  from: string;
  smtpUrl?: string;
  sesConfigurationSet?: string;
  /** NOTIFY_SMS: `esms` (eSMS.vn's brand-name API; locally the portal's sandbox of it) or `off`. */
  sms: "esms" | "off";
  esms: { baseUrl: string; apiKey: string; secretKey: string; brandname: string; sandbox: boolean };
  /** Zalo ZNS, on when ZALO_ACCESS_TOKEN is set; ZALO_TEMPLATES maps event types to approved template ids. */
  zalo?: { baseUrl: string; accessToken: string; templates: Record<string, string> };
  /** Where the links in messages point (the opt-out, the track page): NOTIFY_LINK_BASE, else PUBLIC_URL, else WEB_ORIGIN. */
  linkBase: string;
  perRecipientPerHour: number;
  /** Sends per second per provider, in each sending process. */
  perSecond: { email: number; sms: number; zalo: number; webhook: number };
  messageScheduleMs: number[];
  webhookScheduleMs: number[];
  webhookTimeoutMs: number;
  rotationGraceHours: number;
  /** WEBHOOKS_ALLOW_PRIVATE: loopback and private webhook targets (the local portal sets it; never deployed). */
  allowPrivateTargets: boolean;
  /** Deployed: the SQS queue of each channel (QUEUE_URL_EMAIL, …); none: the table's local queues. */
  queueUrls?: { email: string; sms: string; zalo: string; webhook: string };
  /** How often the local portal's senders look at the queues (ms). */
  pollMs: number;
  /**
   * NOTIFY_CHANNELS (`email,sms,zalo`): the citizen channels messages are queued for, where the process that queues
   * them is not the one that sends (the deployed event consumer); default: the channels configured here.
   */
  channels?: ("email" | "sms" | "zalo")[];
}

export type Need = "table" | "bucket" | "tokenSecret" | "payments";

export class ConfigError extends Error {
  constructor(variable: string, why: string) {
    super(`config: ${variable} ${why}`);
    this.name = "ConfigError";
  }
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(name, `must be a positive integer, got "${raw}"`);
  return value;
}

function eventSource(env: NodeJS.ProcessEnv): Config["eventSource"] {
  const value = env.EVENT_SOURCE;
  if (value === undefined || value === "") return (env.SST_STAGE ?? env.STAGE ?? "local") === "local" ? "poll" : "stream";
  if (value !== "stream" && value !== "poll") throw new ConfigError("EVENT_SOURCE", `must be "stream" or "poll", got "${value}"`);
  return value;
}

function clamdAddress(env: NodeJS.ProcessEnv): Config["clamdAddress"] {
  const raw = env.CLAMD_ADDRESS;
  if (raw === undefined || raw === "") return undefined;
  const match = /^([A-Za-z0-9.-]+):([0-9]{1,5})$/.exec(raw);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) throw new ConfigError("CLAMD_ADDRESS", `must be host:port, got "${raw}"`);
  return { host: match[1]!, port };
}

/** Reads the configuration; throws ConfigError naming the first missing or bad variable. */
export function loadConfig(needs: Need[], env: NodeJS.ProcessEnv = process.env): Config {
  const required = (name: string, need: Need): string => {
    const value = env[name];
    if (needs.includes(need) && !value) throw new ConfigError(name, "is not set");
    return value ?? "";
  };
  for (const name of ["DYNAMODB_ENDPOINT", "S3_ENDPOINT", "VNPAY_PAY_URL", "PUBLIC_URL", "OIDC_ISSUER", "OIDC_JWKS_URL", "COGNITO_ENDPOINT"]) {
    const value = env[name];
    if (value && !/^https?:\/\/[^/]+/.test(value)) throw new ConfigError(name, `must be an http(s) URL, got "${value}"`);
  }
  return {
    stage: env.SST_STAGE ?? env.STAGE ?? "local",
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "ap-southeast-1",
    tableName: required("TABLE_NAME", "table"),
    bucketName: required("BUCKET_NAME", "bucket"),
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: env.S3_ENDPOINT || undefined,
    webOrigin: env.WEB_ORIGIN || "*",
    presignSeconds: positiveInt(env, "PRESIGN_SECONDS", 900),
    rateLimitPerMinute: positiveInt(env, "RATE_LIMIT_PER_MINUTE", 60),
    notFoundLimitPerMinute: positiveInt(env, "NOT_FOUND_LIMIT_PER_MINUTE", 30),
    statusLookupLimitPerMinute: positiveInt(env, "STATUS_LOOKUP_LIMIT_PER_MINUTE", 30),
    catalogueRefreshMs: positiveInt(env, "CATALOGUE_REFRESH_MS", 60_000),
    tokenSecret: required("TOKEN_SECRET", "tokenSecret"),
    vnpay: {
      tmnCode: required("VNPAY_TMN_CODE", "payments"),
      hashSecret: required("VNPAY_HASH_SECRET", "payments"),
      payUrl: required("VNPAY_PAY_URL", "payments"),
    },
    publicUrl: required("PUBLIC_URL", "payments").replace(/\/+$/, ""),
    paymentExpiryMinutes: positiveInt(env, "PAYMENT_EXPIRY_MINUTES", 15),
    eventSource: eventSource(env),
    eventPollMs: positiveInt(env, "EVENT_POLL_MS", 200),
    clamdAddress: clamdAddress(env),
    notify: notifyConfig(env),
    oidc: {
      issuer: (env.OIDC_ISSUER ?? "").replace(/\/+$/, ""),
      audience: env.OIDC_AUDIENCE || "urn:dichvucong:api",
      clientId: env.OIDC_CLIENT_ID || "dichvucong-officer",
      jwksUrl: env.OIDC_JWKS_URL || undefined,
      scopes: env.OIDC_SCOPES || "openid profile",
    },
    officerUserPoolId: env.OFFICER_USER_POOL_ID || undefined,
    cognitoEndpoint: env.COGNITO_ENDPOINT || undefined,
  };
}

function schedule(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const values = raw.split(",").map((v) => Number(v.trim()));
  if (!values.length || values.some((v) => !Number.isInteger(v) || v < 0)) throw new ConfigError(name, `must be comma-separated milliseconds, got "${raw}"`);
  return values;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${values.join(", ")}, got "${raw}"`);
  return raw as T;
}

function channelList(raw: string): ("email" | "sms" | "zalo")[] {
  const values = raw.split(",").map((v) => v.trim()).filter(Boolean);
  const bad = values.find((v) => !["email", "sms", "zalo"].includes(v));
  if (bad) throw new ConfigError("NOTIFY_CHANNELS", `must list email, sms or zalo, got "${bad}"`);
  return values as ("email" | "sms" | "zalo")[];
}

function notifyConfig(env: NodeJS.ProcessEnv): NotifyConfig {
  const email = oneOf(env, "NOTIFY_EMAIL", ["ses", "smtp", "off"] as const, env.SMTP_URL ? "smtp" : "off");
  if (email === "smtp" && !env.SMTP_URL) throw new ConfigError("SMTP_URL", "is not set (NOTIFY_EMAIL=smtp)");
  if (env.SMTP_URL && !/^smtps?:\/\/[^/]+/.test(env.SMTP_URL)) throw new ConfigError("SMTP_URL", `must be an smtp(s):// URL, got "${env.SMTP_URL}"`);
  const sms = oneOf(env, "NOTIFY_SMS", ["esms", "off"] as const, env.ESMS_API_KEY ? "esms" : "off");
  if (sms === "esms") for (const name of ["ESMS_API_KEY", "ESMS_SECRET_KEY", "ESMS_BRANDNAME"]) if (!env[name]) throw new ConfigError(name, "is not set (NOTIFY_SMS=esms)");
  let templates: Record<string, string> = {};
  if (env.ZALO_TEMPLATES) {
    try {
      templates = JSON.parse(env.ZALO_TEMPLATES) as Record<string, string>;
    } catch {
      throw new ConfigError("ZALO_TEMPLATES", "must be a JSON object of event type → template id");
    }
  }
  const queueUrls = ["EMAIL", "SMS", "ZALO", "WEBHOOK"].map((q) => env[`QUEUE_URL_${q}`] ?? "");
  if (queueUrls.some(Boolean) && !queueUrls.every(Boolean)) throw new ConfigError("QUEUE_URL_*", "must be set for every channel (EMAIL, SMS, ZALO, WEBHOOK) or none");
  const linkBase = (env.NOTIFY_LINK_BASE || env.PUBLIC_URL || (env.WEB_ORIGIN && env.WEB_ORIGIN !== "*" ? env.WEB_ORIGIN : "") || "").replace(/\/+$/, "");
  return {
    email,
    from: env.EMAIL_FROM || "Cổng dịch vụ công <no-reply@dichvucong.local>",
    smtpUrl: env.SMTP_URL || undefined,
    sesConfigurationSet: env.SES_CONFIGURATION_SET || undefined,
    sms,
    esms: {
      baseUrl: env.ESMS_URL || "https://rest.esms.vn",
      apiKey: env.ESMS_API_KEY ?? "",
      secretKey: env.ESMS_SECRET_KEY ?? "",
      brandname: env.ESMS_BRANDNAME ?? "",
      sandbox: env.ESMS_SANDBOX === "true",
    },
    zalo: env.ZALO_ACCESS_TOKEN ? { baseUrl: env.ZALO_URL || "https://business.openapi.zalo.me", accessToken: env.ZALO_ACCESS_TOKEN, templates } : undefined,
    linkBase,
    perRecipientPerHour: positiveInt(env, "NOTIFY_PER_RECIPIENT_PER_HOUR", 10),
    perSecond: {
      email: positiveInt(env, "NOTIFY_RATE_EMAIL_PER_SECOND", 14),
      sms: positiveInt(env, "NOTIFY_RATE_SMS_PER_SECOND", 10),
      zalo: positiveInt(env, "NOTIFY_RATE_ZALO_PER_SECOND", 10),
      webhook: positiveInt(env, "NOTIFY_RATE_WEBHOOK_PER_SECOND", 50),
    },
    messageScheduleMs: schedule(env, "MESSAGE_RETRY_SCHEDULE_MS", [30_000, 120_000, 600_000, 1_800_000, 7_200_000, 21_600_000]),
    // Standard Webhooks' recommended schedule: 27.6 hours of retries in all.
    webhookScheduleMs: schedule(env, "WEBHOOK_RETRY_SCHEDULE_MS", [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]),
    webhookTimeoutMs: positiveInt(env, "WEBHOOK_TIMEOUT_MS", 10_000),
    rotationGraceHours: positiveInt(env, "WEBHOOK_ROTATION_GRACE_HOURS", 24),
    allowPrivateTargets: env.WEBHOOKS_ALLOW_PRIVATE === "true",
    queueUrls: queueUrls.every(Boolean) ? { email: queueUrls[0]!, sms: queueUrls[1]!, zalo: queueUrls[2]!, webhook: queueUrls[3]! } : undefined,
    pollMs: positiveInt(env, "NOTIFY_POLL_MS", 200),
    ...(env.NOTIFY_CHANNELS !== undefined ? { channels: channelList(env.NOTIFY_CHANNELS) } : {}),
  };
}

/** Secrets a deployed stage binds with SST `Config.Secret` (stacks/Api.ts); locally they are plain variables. */
export const SECRET_NAMES = ["TOKEN_SECRET", "VNPAY_TMN_CODE", "VNPAY_HASH_SECRET", "VNPAY_PAY_URL", "ESMS_API_KEY", "ESMS_SECRET_KEY", "ESMS_BRANDNAME"] as const;

/** The value SST v2 gives a bound secret's variable: "read me from SSM at run time". */
export const SSM_PLACEHOLDER = "__FETCH_FROM_SSM__";

/**
 * Deployed, a bound SST secret arrives as a placeholder variable `SST_Secret_value_<NAME>`; its value is in SSM
 * Parameter Store where `sst secrets set` wrote it: `<SST_SSM_PREFIX>Secret/<NAME>/value` for the stage, else the
 * app-wide fallback `/sst/<SST_APP>/.fallback/Secret/<NAME>/value` (`sst secrets set --fallback`), as SST's own
 * `sst/node/config` reads it — without its copy of the SDK. Returns the environment with the values filled in;
 * throws ConfigError naming every secret set in neither place. `reader` makes the SSM reader for the region, only
 * when there is something to read (entries pass the SSM adapter's; it is imported statically there, so that the
 * bundle keeps only the one command it sends).
 */
export async function withSecrets(
  env: NodeJS.ProcessEnv,
  reader: (region: string) => ParameterReader,
): Promise<NodeJS.ProcessEnv> {
  const fetch = SECRET_NAMES.filter((name) => !env[name] && env[`SST_Secret_value_${name}`] === SSM_PLACEHOLDER);
  if (!fetch.length) return env;
  const read = reader(loadConfig([], env).region);
  const stagePath = (name: string) => `${env.SST_SSM_PREFIX ?? ""}Secret/${name}/value`;
  const fallbackPath = (name: string) => `/sst/${env.SST_APP ?? ""}/.fallback/Secret/${name}/value`;
  const own = await read(fetch.map(stagePath));
  const unset = fetch.filter((name) => !own.has(stagePath(name)));
  const fallback = unset.length ? await read(unset.map(fallbackPath)) : new Map<string, string>();
  const values = Object.fromEntries(fetch.map((name) => [name, own.get(stagePath(name)) ?? fallback.get(fallbackPath(name))]));
  const missing = fetch.filter((name) => values[name] === undefined);
  if (missing.length) {
    const stage = env.SST_STAGE ?? "<stage>";
    throw new ConfigError(
      missing.join(", "),
      `${missing.length > 1 ? "are" : "is"} not set on stage "${stage}": \`npx sst secrets set ${missing[0]} <value> --stage ${stage}\``,
    );
  }
  return { ...env, ...values };
}
