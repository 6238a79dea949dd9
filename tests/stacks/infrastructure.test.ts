/**
 * The whole app synthesized once for a disposable stage ("test", like `dev`), then read resource by resource:
 * storage, functions and their rights, the API, the daily job, the site, and cdk-nag's verdict.
 */
import { apiRoutes } from "../../functions/wiring";
import { beforeAll, describe, expect, it } from "vitest";
import { createTableInput } from "../../functions/adapters/dynamo/table";
import { AUTHORIZER_CACHE_SECONDS } from "../../stacks/Api";
import { DEAD_LETTER_RETENTION_DAYS, EVENTS_BATCH_SIZE, EVENTS_RETRY_ATTEMPTS } from "../../stacks/event-consumer";
import { DAILY_STATS_SCHEDULE, NIGHTLY_SWEEP_SCHEDULE } from "../../stacks/Jobs";
import { DRAFT_DAYS } from "../../stacks/Storage";
import { appFunctions, label, nagSuppressions, resources, statementsOf, synth, type Statement, type Synth } from "./synth";

let s: Synth;
beforeAll(async () => {
  s = await synth("test");
});

/** The table has a fixed name per stage, and reaches the other stacks as plain strings (stacks/Storage.ts). */
const TABLE = "test-dichvucong-Table";
const TABLE_ARN = () => `arn:\${AWS::Partition}:dynamodb:${s.app.region}:123456789012:table/${TABLE}`;

const one = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0]!;
};

const HANDLERS = [
  "functions/agency.handler",
  "functions/authorizer.handler",
  "functions/catalogue.handler",
  "functions/docs.handler",
  "functions/dossiers.handler",
  "functions/events.handler",
  "functions/malware-verdicts.handler",
  "functions/officer.handler",
  "functions/payments.handler",
  "functions/stats-job.handler",
  "functions/stats.handler",
  "functions/sweep-job.handler",
];

/**
 * The stack each function is in: the API's in Api, the scheduled jobs and GuardDuty's verdicts
 * (stacks/malware-verdicts.ts, tested in malware-verdicts.test.ts) in Jobs, the stream's consumer beside its table.
 */
const stackOf = (handler: string) =>
  ["functions/stats-job.handler", "functions/sweep-job.handler", "functions/malware-verdicts.handler"].includes(handler)
    ? "Jobs"
    : handler === "functions/events.handler"
      ? "Storage"
      : "Api";
const FUNCTION_STACKS = ["Api", "Jobs", "Storage"] as const;
const allFunctions = (): ReturnType<typeof appFunctions> => Object.assign({}, ...FUNCTION_STACKS.map((name) => appFunctions(s.templates[name])));

/** The statements every function has besides its own: writing its log group, and X-Ray. */
const baseline = (logGroup: string): Statement[] => [
  { effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup}.Arn`] },
  { effect: "Allow", actions: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], resources: ["*"] },
];

/** Deleting a claim of the idempotency store (IDEMP# items only), when the claimed write failed. */
const releaseIdempotencyClaims = (): Statement => ({
  effect: "Allow",
  actions: ["dynamodb:DeleteItem"],
  resources: [TABLE_ARN()],
  condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["IDEMP#*"] } },
});

const sortStatements = (list: Statement[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));


/** The channels' queues as a function's environment names them (stacks/notify-queues.ts). */
const QUEUE_URLS = {
  QUEUE_URL_EMAIL: "NotifyEmailQueue",
  QUEUE_URL_SMS: "NotifySmsQueue",
  QUEUE_URL_ZALO: "NotifyZaloQueue",
  QUEUE_URL_WEBHOOK: "NotifyWebhookQueue",
};

describe("Storage: the table", () => {
  const table = () => one(resources(s.templates.Storage, "AWS::DynamoDB::Table")).Properties!;

  it("has exactly the keys and indexes of functions/adapters/dynamo/table.ts (the local CreateTable input)", () => {
    const local = createTableInput("any");
    const deployed = table();
    expect(deployed["KeySchema"]).toEqual(local.KeySchema);
    expect(new Set(deployed["AttributeDefinitions"])).toEqual(new Set(local.AttributeDefinitions));
    expect(deployed["GlobalSecondaryIndexes"]).toEqual(local.GlobalSecondaryIndexes);
    expect(deployed["GlobalSecondaryIndexes"]).toHaveLength(7);
  });

  it("is on-demand, with point-in-time recovery and the TTL attribute", () => {
    expect(table()["BillingMode"]).toBe("PAY_PER_REQUEST");
    expect(table()["PointInTimeRecoverySpecification"]).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table()["TimeToLiveSpecification"]).toEqual({ AttributeName: "expiresAt", Enabled: true });
  });

  it("is disposable on a non-production stage", () => {
    const resource = one(resources(s.templates.Storage, "AWS::DynamoDB::Table"));
    expect(resource.Properties!["DeletionProtectionEnabled"]).toBe(false);
    expect(resource.DeletionPolicy).toBe("Delete");
  });
});

describe("Storage: the table's stream and its consumer", () => {
  const mapping = () => one(resources(s.templates.Storage, "AWS::Lambda::EventSourceMapping")).Properties!;
  const queue = () => Object.entries(resources(s.templates.Storage, "AWS::SQS::Queue")).find(([id]) => id.startsWith("EventsDeadLetters"))![1];

  it("streams every change with its old and new image", () => {
    const table = one(resources(s.templates.Storage, "AWS::DynamoDB::Table")).Properties!;
    expect(table["StreamSpecification"]).toEqual({ StreamViewType: "NEW_AND_OLD_IMAGES" });
  });

  it("feeds the events function from the stream, reporting failed records, bisecting, retrying, then dead-lettering", () => {
    const props = mapping();
    expect(label(props["EventSourceArn"])).toBe("Table.StreamArn");
    expect(label(props["FunctionName"])).toBe("Events");
    expect(props).toMatchObject({
      StartingPosition: "TRIM_HORIZON",
      BatchSize: EVENTS_BATCH_SIZE,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: EVENTS_RETRY_ATTEMPTS,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    expect(EVENTS_RETRY_ATTEMPTS).toBeGreaterThan(0);
    expect(label(props["DestinationConfig"]["OnFailure"]["Destination"])).toBe("EventsDeadLetters.Arn");
  });

  it("passes only inserts and updates of dossier items, not the event log's own writes", () => {
    const patterns = (mapping()["FilterCriteria"]["Filters"] as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ["INSERT", "MODIFY"], dynamodb: { Keys: { pk: { S: [{ prefix: "DOSSIER#" }] }, sk: { S: ["DOSSIER"] } } } },
    ]);
  });

  it("keeps failed batches two weeks in an encrypted, TLS-only dead-letter queue, disposable on this stage", () => {
    expect(queue().Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: DEAD_LETTER_RETENTION_DAYS * 86_400,
    });
    expect(DEAD_LETTER_RETENTION_DAYS).toBe(14);
    expect(queue().DeletionPolicy).toBe("Delete");
    const policy = Object.entries(resources(s.templates.Storage, "AWS::SQS::QueuePolicy")).find(([id]) => id.startsWith("EventsDeadLetters"))![1].Properties!;
    expect(policy["PolicyDocument"]["Statement"]).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });
});

describe("Storage: the attachments bucket", () => {
  const bucket = () =>
    Object.entries(resources(s.templates.Storage, "AWS::S3::Bucket")).find(([id]) => id.startsWith("AttachmentsBucket"))![1];
  const props = () => bucket().Properties!;

  it("blocks all public access and disables ACLs", () => {
    expect(props()["PublicAccessBlockConfiguration"]).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props()["OwnershipControls"]).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
  });

  it("is encrypted, versioned and logs its accesses", () => {
    expect(props()["BucketEncryption"]).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
    });
    expect(props()["VersioningConfiguration"]).toEqual({ Status: "Enabled" });
    expect(label(props()["LoggingConfiguration"]["DestinationBucketName"])).toBe("AccessLogs");
  });

  it("denies every request that is not over TLS", () => {
    const policy = Object.values(resources(s.templates.Storage, "AWS::S3::BucketPolicy")).find(
      (p) => label(p.Properties!["Bucket"]) === "AttachmentsBucket",
    )!;
    const statements = policy.Properties!["PolicyDocument"]["Statement"] as Record<string, any>[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "s3:*",
        Principal: { AWS: "*" },
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    const denied = statements.find((st) => st["Effect"] === "Deny")!;
    expect((denied["Resource"] as unknown[]).map(label).sort()).toEqual(["AttachmentsBucket.Arn", "AttachmentsBucket.Arn/*"]);
  });

  it("expires abandoned drafts, incomplete multipart uploads and old versions", () => {
    const rules = props()["LifecycleConfiguration"]["Rules"] as Record<string, any>[];
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: "drafts/", ExpirationInDays: DRAFT_DAYS, Status: "Enabled" }),
    );
    expect(DRAFT_DAYS).toBe(7);
    expect(rules).toContainEqual(
      expect.objectContaining({
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Status: "Enabled",
      }),
    );
    // Only the drafts rule expires current objects: submitted documents and results are kept.
    expect(rules.filter((r) => r["ExpirationInDays"] !== undefined).map((r) => r["Prefix"])).toEqual(["drafts/"]);
  });

  it("allows browser uploads and downloads from the web origin only", () => {
    const rules = props()["CorsConfiguration"]["CorsRules"] as Record<string, any>[];
    expect(rules).toHaveLength(1);
    expect(rules[0]!["AllowedMethods"]).toEqual(["PUT", "POST", "GET"]);
    expect(rules[0]!["AllowedOrigins"].map(label)).toEqual(["https://Cdn.DomainName"]);
  });

  it("is emptied and deleted with a non-production stage", () => {
    expect(bucket().DeletionPolicy).toBe("Delete");
    expect(resources(s.templates.Storage, "Custom::S3AutoDeleteObjects")).not.toEqual({});
  });
});

describe("Functions", () => {
  it("are the eleven entry points, each on Node.js 22 on arm64, with explicit memory and timeout", () => {
    const functions = allFunctions();
    expect(Object.keys(functions).sort()).toEqual(HANDLERS);
    for (const { props } of Object.values(functions)) {
      expect(props["Runtime"]).toBe("nodejs22.x");
      expect(props["Architectures"]).toEqual(["arm64"]);
      expect(props["MemorySize"]).toBeGreaterThanOrEqual(128);
      expect(props["Timeout"]).toBeLessThanOrEqual(300);
      expect(props["TracingConfig"]).toEqual({ Mode: "Active" });
    }
    expect(functions["functions/dossiers.handler"]!.props["Timeout"]).toBeLessThan(30); // API Gateway's limit
  });

  it("log to their own log group, kept for a month on a disposable stage", () => {
    for (const template of FUNCTION_STACKS.map((name) => s.templates[name])) {
      const groups = resources(template, "AWS::Logs::LogGroup");
      for (const { props } of Object.values(appFunctions(template))) {
        const group = groups[props["LoggingConfig"]["LogGroup"]["Ref"]];
        expect(group?.Properties!["RetentionInDays"]).toBe(30);
        expect(group?.DeletionPolicy).toBe("Delete");
      }
    }
  });

  it("get only the environment variables they read", () => {
    const env = (template: typeof s.templates.Api, handler: string) => {
      const vars = appFunctions(template)[handler]!.props["Environment"]["Variables"] as Record<string, unknown>;
      // SST adds its own (SST_APP, SST_STAGE, SST_SSM_PREFIX, AWS_NODEJS_CONNECTION_REUSE_ENABLED).
      return Object.fromEntries(Object.entries(vars).filter(([k]) => !k.startsWith("SST_") && !k.startsWith("AWS_")).map(([k, v]) => [k, label(v)]));
    };
    const origin = "https://Cdn.DomainName";
    expect(env(s.templates.Api, "functions/catalogue.handler")).toEqual({ TABLE_NAME: TABLE, WEB_ORIGIN: origin, STAGE: "test" });
    expect(env(s.templates.Api, "functions/dossiers.handler")).toEqual({
      TABLE_NAME: TABLE,
      BUCKET_NAME: "AttachmentsBucket",
      WEB_ORIGIN: origin,
      STAGE: "test",
    });
    expect(env(s.templates.Api, "functions/agency.handler")).toEqual({
      TABLE_NAME: TABLE,
      BUCKET_NAME: "AttachmentsBucket",
      WEB_ORIGIN: origin,
      STAGE: "test",
      ...QUEUE_URLS,
    });
    expect(env(s.templates.Api, "functions/authorizer.handler")).toEqual({ TABLE_NAME: TABLE, STAGE: "test" });
    const payments = env(s.templates.Api, "functions/payments.handler");
    expect(Object.keys(payments).sort()).toEqual(["PUBLIC_URL", "STAGE", "TABLE_NAME", "WEB_ORIGIN"]);
    expect(payments).toMatchObject({ TABLE_NAME: TABLE, WEB_ORIGIN: origin, STAGE: "test" });
    expect(env(s.templates.Api, "functions/stats.handler")).toEqual({ TABLE_NAME: TABLE, WEB_ORIGIN: origin, STAGE: "test" });
    expect(env(s.templates.Jobs, "functions/stats-job.handler")).toEqual({ TABLE_NAME: TABLE, STAGE: "test" });
    expect(env(s.templates.Jobs, "functions/sweep-job.handler")).toEqual({ TABLE_NAME: TABLE, STAGE: "test" });
    expect(env(s.templates.Jobs, "functions/malware-verdicts.handler")).toEqual({ TABLE_NAME: TABLE, BUCKET_NAME: "AttachmentsBucket", STAGE: "test" });
    // The reference page loads its Swagger UI files from the site (functions/http/reference-page.ts).
    expect(env(s.templates.Api, "functions/docs.handler")).toEqual({ WEB_ORIGIN: origin, STAGE: "test" });
    // The events function queues citizens' messages for no channel on a stage without NOTIFY_EMAIL_FROM / NOTIFY_SMS.
    expect(env(s.templates.Storage, "functions/events.handler")).toEqual({
      TABLE_NAME: TABLE,
      BUCKET_NAME: "AttachmentsBucket",
      STAGE: "test",
      NOTIFY_CHANNELS: "",
      ...QUEUE_URLS,
    });
  });

  it("bind the token secret to the dossiers function and the gateway secrets to the payments function only", () => {
    const functions = allFunctions();
    expect(Object.keys(functions)).toHaveLength(HANDLERS.length);
    const expected: Record<string, string[]> = {
      "functions/dossiers.handler": ["SST_Secret_value_TOKEN_SECRET"],
      "functions/payments.handler": [
        "SST_Secret_value_VNPAY_HASH_SECRET",
        "SST_Secret_value_VNPAY_PAY_URL",
        "SST_Secret_value_VNPAY_TMN_CODE",
      ],
    };
    for (const [handler, { props }] of Object.entries(functions)) {
      const secrets = Object.keys(props["Environment"]["Variables"]).filter((k) => k.startsWith("SST_Secret_")).sort();
      expect(secrets).toEqual(expected[handler] ?? []);
    }
  });

  it("are invoked directly, with no instance kept warm, on a stage without PROVISIONED_CONCURRENCY", () => {
    expect(resources(s.templates.Api, "AWS::Lambda::Alias")).toEqual({});
    expect(resources(s.templates.Api, "AWS::Lambda::Version")).toEqual({});
  });

  it("have their own role, with no managed policy and no inline policy", () => {
    for (const template of FUNCTION_STACKS.map((name) => s.templates[name])) {
      const roles = resources(template, "AWS::IAM::Role");
      for (const { props } of Object.values(appFunctions(template))) {
        const role = roles[props["Role"]["Fn::GetAtt"][0]]!;
        expect(role.Properties!["ManagedPolicyArns"]).toBeUndefined();
        expect(role.Properties!["Policies"]).toBeUndefined();
      }
    }
  });
});

describe("Rights of each function", () => {
  const of = (handler: string) => sortStatements(statementsOf(s.templates[stackOf(handler)], handler));

  it("name their actions and resources: '*' only for X-Ray (and the consumer's ListStreams), no service-wide wildcards", () => {
    for (const handler of HANDLERS) {
      for (const statement of of(handler)) {
        expect(statement.effect).toBe("Allow");
        for (const action of statement.actions) expect(action).toMatch(/^[a-z0-9]+:[A-Z][A-Za-z]+$/);
        if (statement.resources.includes("*")) {
          const unscoped = handler === "functions/events.handler" ? /^(xray:|dynamodb:ListStreams$)/ : /^xray:/;
          expect(statement.actions.every((a) => unscoped.test(a))).toBe(true);
        }
      }
    }
  });

  it("docs: nothing but its own logs", () => {
    expect(of("functions/docs.handler")).toEqual(sortStatements(baseline("DocsLogs")));
  });

  it("events: read the table's stream, write DOSSIER# items only, delete documents' objects, send to its dead-letter queue", () => {
    expect(of("functions/events.handler")).toEqual(
      sortStatements([
        ...baseline("EventsLogs"),
        {
          effect: "Allow",
          actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
          resources: ["Table.StreamArn"],
        },
        { effect: "Allow", actions: ["dynamodb:ListStreams"], resources: ["*"] },
        {
          effect: "Allow",
          actions: ["dynamodb:BatchWriteItem", "dynamodb:PutItem"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["DOSSIER#*"] } },
        },
        { effect: "Allow", actions: ["s3:DeleteObject"], resources: ["AttachmentsBucket.Arn/dossiers/*", "AttachmentsBucket.Arn/drafts/*"] },
        { effect: "Allow", actions: ["sqs:SendMessage"], resources: ["EventsDeadLetters.Arn"] },
        {
          effect: "Allow",
          actions: ["dynamodb:GetItem", "dynamodb:Query"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["DOSSIER#*", "CATALOGUE", "WEBHOOKS"] } },
        },
        {
          effect: "Allow",
          actions: ["dynamodb:GetItem", "dynamodb:PutItem"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["WEBHOOK#*"] } },
        },
        {
          effect: "Allow",
          actions: ["sqs:SendMessage"],
          resources: ["NotifyEmailQueue.Arn", "NotifySmsQueue.Arn", "NotifyWebhookQueue.Arn", "NotifyZaloQueue.Arn"],
        },
      ]),
    );
  });

  it("catalogue: reads of the CATALOGUE partition, no write, no S3", () => {
    const statements = of("functions/catalogue.handler");
    expect(statements).toEqual(
      sortStatements([
        ...baseline("CatalogueLogs"),
        {
          effect: "Allow",
          actions: ["dynamodb:GetItem", "dynamodb:Query"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["CATALOGUE"] } },
        },
      ]),
    );
    const actions = statements.flatMap((st) => st.actions);
    for (const write of ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]) {
      expect(actions).not.toContain(write);
    }
    expect(actions.filter((a) => a.startsWith("s3:"))).toEqual([]);
  });

  it("dossiers: table reads and writes, object writes under drafts/ and dossiers/ only, its one secret", () => {
    const ssm = `arn:\${AWS::Partition}:ssm:${s.app.region}:123456789012:parameter/sst/dichvucong`;
    expect(of("functions/dossiers.handler")).toEqual(
      sortStatements([
        ...baseline("DossiersLogs"),
        {
          effect: "Allow",
          actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
          resources: [TABLE_ARN()],
        },
        releaseIdempotencyClaims(),
        {
          effect: "Allow",
          actions: ["s3:GetObject", "s3:PutObject"],
          resources: ["AttachmentsBucket.Arn/dossiers/*", "AttachmentsBucket.Arn/drafts/*"],
        },
        { effect: "Allow", actions: ["s3:GetObject"], resources: ["AttachmentsBucket.Arn/results/*"] },
        {
          effect: "Allow",
          actions: ["s3:GetObjectTagging"],
          resources: ["AttachmentsBucket.Arn/dossiers/*", "AttachmentsBucket.Arn/drafts/*", "AttachmentsBucket.Arn/results/*"],
        },
        { effect: "Allow", actions: ["s3:ListBucket"], resources: ["AttachmentsBucket.Arn"] },
        {
          effect: "Allow",
          actions: ["ssm:GetParameters"],
          resources: [`${ssm}/.fallback/Secret/TOKEN_SECRET/value`, `${ssm}/test/Secret/TOKEN_SECRET/value`],
        },
      ]),
    );
  });

  it("agency: table and inbox index, result uploads, reads of submitted documents", () => {
    expect(of("functions/agency.handler")).toEqual(
      sortStatements([
        ...baseline("AgencyLogs"),
        {
          effect: "Allow",
          actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
          resources: [TABLE_ARN()],
        },
        { effect: "Allow", actions: ["dynamodb:Query"], resources: [`${TABLE_ARN()}/index/gsi1`] },
        {
          effect: "Allow",
          actions: ["dynamodb:DeleteItem"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["WEBHOOKS"] } },
        },
        { effect: "Allow", actions: ["sqs:SendMessage"], resources: ["NotifyWebhookQueue.Arn"] },
        releaseIdempotencyClaims(),
        { effect: "Allow", actions: ["s3:GetObject", "s3:PutObject"], resources: ["AttachmentsBucket.Arn/results/*"] },
        { effect: "Allow", actions: ["s3:GetObject"], resources: ["AttachmentsBucket.Arn/dossiers/*"] },
        { effect: "Allow", actions: ["s3:GetObjectTagging"], resources: ["AttachmentsBucket.Arn/dossiers/*", "AttachmentsBucket.Arn/results/*"] },
        // Without it S3 answers a missing result's HeadObject with 403, which the file store does not read as missing.
        { effect: "Allow", actions: ["s3:ListBucket"], resources: ["AttachmentsBucket.Arn"] },
      ]),
    );
  });

  it("payments: dossier, reference and callback items; no S3; its three gateway secrets", () => {
    const statements = of("functions/payments.handler");
    const actions = statements.flatMap((st) => st.actions);
    expect(actions.filter((a) => a.startsWith("s3:"))).toEqual([]);
    expect(actions).not.toContain("dynamodb:DeleteItem");
    expect(statements).toContainEqual({
      effect: "Allow",
      actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
      resources: [TABLE_ARN()],
    });
    const ssm = statements.filter((st) => st.actions.includes("ssm:GetParameters")).flatMap((st) => st.resources);
    expect(ssm.filter((r) => r.includes("/test/Secret/")).map((r) => r.split("/Secret/")[1]).sort()).toEqual([
      "VNPAY_HASH_SECRET/value",
      "VNPAY_PAY_URL/value",
      "VNPAY_TMN_CODE/value",
    ]);
  });

  it("authorizer: one GetItem", () => {
    expect(of("functions/authorizer.handler")).toEqual(
      sortStatements([
        ...baseline("AuthorizerLogs"),
        { effect: "Allow", actions: ["dynamodb:GetItem"], resources: [TABLE_ARN()] },
      ]),
    );
  });

  it("stats: queries only", () => {
    expect(of("functions/stats.handler")).toEqual(
      sortStatements([...baseline("StatsLogs"), { effect: "Allow", actions: ["dynamodb:Query"], resources: [TABLE_ARN()] }]),
    );
  });

  it("stats job: queries of the table, the day indexes and the open-dossier index, writes of STATS# rows only", () => {
    expect(of("functions/stats-job.handler")).toEqual(
      sortStatements([
        ...baseline("StatsJobLogs"),
        {
          effect: "Allow",
          actions: ["dynamodb:Query"],
          resources: [TABLE_ARN(), ...["gsi2", "gsi3", "gsi4", "gsi7"].map((index) => `${TABLE_ARN()}/index/${index}`)],
        },
        {
          effect: "Allow",
          actions: ["dynamodb:BatchWriteItem", "dynamodb:PutItem"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["STATS#*"] } },
        },
      ]),
    );
  });

  it("sweep job: the catalogue's query, the day's counters and dossiers by key, updates of dossiers; no S3, no index", () => {
    expect(of("functions/sweep-job.handler")).toEqual(
      sortStatements([
        ...baseline("SweepJobLogs"),
        {
          effect: "Allow",
          actions: ["dynamodb:Query"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["CATALOGUE"] } },
        },
        {
          effect: "Allow",
          actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["SEQ#*", "DOSSIER#*"] } },
        },
        {
          effect: "Allow",
          actions: ["dynamodb:UpdateItem"],
          resources: [TABLE_ARN()],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["DOSSIER#*"] } },
        },
      ]),
    );
  });
});

describe("Api", () => {
  const routes = () =>
    Object.values(resources(s.templates.Api, "AWS::ApiGatewayV2::Route")).map((r) => r.Properties!) as Record<string, any>[];
  const integrations = () => resources(s.templates.Api, "AWS::ApiGatewayV2::Integration");
  const handlerOfRoute = (route: Record<string, any>) => {
    const integrationId = (route["Target"]["Fn::Join"][1][1] as { Ref: string }).Ref;
    const uri = integrations()[integrationId]!.Properties!["IntegrationUri"];
    const fnId = uri["Fn::GetAtt"][0] as string;
    return resources(s.templates.Api, "AWS::Lambda::Function")[fnId]!.Properties!["Handler"] as string;
  };

  it("routes every path of docs/api.md to the function of its concern", () => {
    const table = Object.fromEntries(routes().map((r) => [r["RouteKey"], handlerOfRoute(r)]));
    expect(table).toEqual({
      "GET /v1/agencies": "functions/catalogue.handler",
      "GET /v1/procedures": "functions/catalogue.handler",
      "GET /v1/procedures/{code}": "functions/catalogue.handler",
      "GET /v1/procedures/{code}/forms/{version}": "functions/catalogue.handler",
      "GET /v1/openapi.json": "functions/docs.handler",
      "GET /v1/docs": "functions/docs.handler",
      "POST /v1/dossiers": "functions/dossiers.handler",
      "POST /v1/dossiers/{code}/attachments": "functions/dossiers.handler",
      "POST /v1/dossiers/{code}/submit": "functions/dossiers.handler",
      "GET /v1/dossiers/{code}/status": "functions/dossiers.handler",
      "GET /v1/dossiers/{code}": "functions/dossiers.handler",
      "POST /v1/dossiers/{code}/withdraw": "functions/dossiers.handler",
      "POST /v1/dossiers/{code}/supplement": "functions/dossiers.handler",
      "POST /v1/dossiers/{code}/feedback": "functions/dossiers.handler",
      "GET /v1/health": "functions/dossiers.handler",
      "POST /v1/dossiers/{code}/payment": "functions/payments.handler",
      "GET /v1/payments/vnpay/return": "functions/payments.handler",
      "GET /v1/payments/vnpay/ipn": "functions/payments.handler",
      "GET /v1/agency/dossiers": "functions/agency.handler",
      "GET /v1/agency/dossiers/{code}": "functions/agency.handler",
      "GET /v1/agency/dossiers/{code}/events": "functions/agency.handler",
      "POST /v1/agency/dossiers/{code}/actions": "functions/agency.handler",
      "POST /v1/agency/dossiers/{code}/results": "functions/agency.handler",
      "POST /v1/agency/webhooks": "functions/agency.handler",
      "GET /v1/agency/webhooks": "functions/agency.handler",
      "DELETE /v1/agency/webhooks/{id}": "functions/agency.handler",
      "POST /v1/agency/webhooks/{id}/rotate": "functions/agency.handler",
      "POST /v1/agency/webhooks/{id}/test": "functions/agency.handler",
      "GET /v1/agency/webhooks/{id}/deliveries": "functions/agency.handler",
      "POST /v1/agency/webhooks/{id}/deliveries/{deliveryId}/replay": "functions/agency.handler",
      "GET /v1/notifications/opt-out": "functions/dossiers.handler",
      "POST /v1/notifications/opt-out": "functions/dossiers.handler",
      ...Object.fromEntries(apiRoutes().officer.map((key) => [key, "functions/officer.handler"])),
      "GET /v1/stats/daily": "functions/stats.handler",
      "GET /v1/stats/summary": "functions/stats.handler",
      "GET /v1/stats/report.xlsx": "functions/stats.handler",
      "GET /v1/calendar/{year}": "functions/stats.handler",
      "GET /v1/calendar/due": "functions/stats.handler",
    });
  });

  it("puts the API-key authorizer on the agency routes and on no other (the officer routes: tests/stacks/officer.test.ts)", () => {
    const authorizers = Object.entries(resources(s.templates.Api, "AWS::ApiGatewayV2::Authorizer"))
      .filter(([, r]) => r.Properties!["AuthorizerType"] === "REQUEST")
      .map(([id]) => id);
    expect(authorizers).toHaveLength(1);
    const authorizerId = authorizers[0];
    for (const route of routes()) {
      if (String(route["RouteKey"]).includes(" /v1/officer/")) continue;
      if (String(route["RouteKey"]).includes(" /v1/agency/")) {
        expect(route["AuthorizationType"]).toBe("CUSTOM");
        expect(route["AuthorizerId"]).toEqual({ Ref: authorizerId });
      } else {
        expect(route["AuthorizationType"]).toBe("NONE");
        expect(route["AuthorizerId"]).toBeUndefined();
      }
    }
  });

  it("runs the authorizer with simple responses on the Authorization header, cached 30 seconds", () => {
    const authorizer = one(
      Object.fromEntries(Object.entries(resources(s.templates.Api, "AWS::ApiGatewayV2::Authorizer")).filter(([, r]) => r.Properties!["AuthorizerType"] === "REQUEST")),
    ).Properties!;
    expect(authorizer).toMatchObject({
      AuthorizerType: "REQUEST",
      AuthorizerPayloadFormatVersion: "2.0",
      EnableSimpleResponses: true,
      IdentitySource: ["$request.header.Authorization"],
      AuthorizerResultTtlInSeconds: AUTHORIZER_CACHE_SECONDS,
    });
    expect(AUTHORIZER_CACHE_SECONDS).toBe(30);
    expect(JSON.stringify(authorizer["AuthorizerUri"])).toContain("Authorizer");
  });

  it("throttles at the stage", () => {
    const stage = one(resources(s.templates.Api, "AWS::ApiGatewayV2::Stage")).Properties!;
    expect(stage["DefaultRouteSettings"]).toEqual({ ThrottlingBurstLimit: 40, ThrottlingRateLimit: 20 });
  });

  it("writes JSON access logs to a log group with a retention", () => {
    const stage = one(resources(s.templates.Api, "AWS::ApiGatewayV2::Stage")).Properties!;
    const format = JSON.parse(stage["AccessLogSettings"]["Format"]) as Record<string, string>;
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status", routeKey: "$context.routeKey" });
    const groupId = stage["AccessLogSettings"]["DestinationArn"]["Fn::GetAtt"][0] as string;
    expect(resources(s.templates.Api, "AWS::Logs::LogGroup")[groupId]!.Properties!["RetentionInDays"]).toBe(30);
  });

  it("answers CORS for the web origin only, without credentials", () => {
    const api = one(resources(s.templates.Api, "AWS::ApiGatewayV2::Api")).Properties!;
    expect(api["CorsConfiguration"]["AllowOrigins"].map(label)).toEqual(["https://Cdn.DomainName"]);
    expect(api["CorsConfiguration"]["AllowCredentials"]).toBe(false);
    expect(api["CorsConfiguration"]["AllowHeaders"]).toEqual(
      expect.arrayContaining(["authorization", "content-type", "idempotency-key"]),
    );
  });
});

describe("Jobs", () => {
  const rules = () => Object.values(resources(s.templates.Jobs, "AWS::Events::Rule")).map((r) => r.Properties!);
  const ruleOf = (target: string) => {
    const found = rules().filter((rule) => label(rule["Targets"][0]["Arn"]) === target);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it("has two schedules: the statistics job's and the sweep's", () => {
    // (The stack's other rule passes GuardDuty's verdicts: tests/stacks/malware-verdicts.test.ts.)
    expect(rules().filter((rule) => rule["ScheduleExpression"]).map((rule) => label(rule["Targets"][0]["Arn"])).sort()).toEqual(["StatsJob.Arn", "SweepJob.Arn"]);
  });

  it("runs the statistics job daily at 00:05 Vietnam time", () => {
    const rule = ruleOf("StatsJob.Arn");
    expect(rule["ScheduleExpression"]).toBe("cron(5 17 * * ? *)");
    expect(DAILY_STATS_SCHEDULE).toBe("cron(5 17 * * ? *)");
    expect(rule["State"]).toBe("ENABLED");
    const target = rule["Targets"][0];
    expect(label(target["Arn"])).toBe("StatsJob.Arn");
    expect(target["RetryPolicy"]).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 });
  });

  it("runs the sweep of abandoned uploads nightly at 00:30 Vietnam time, after the statistics", () => {
    const rule = ruleOf("SweepJob.Arn");
    expect(rule["ScheduleExpression"]).toBe("cron(30 17 * * ? *)");
    expect(NIGHTLY_SWEEP_SCHEDULE).toBe("cron(30 17 * * ? *)");
    expect(rule["State"]).toBe("ENABLED");
    expect(rule["Targets"][0]["RetryPolicy"]).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 });
  });
});

describe("Web", () => {
  it("serves a private bucket through CloudFront with origin access control, HTTPS and logs", () => {
    const distribution = one(resources(s.templates.Edge, "AWS::CloudFront::Distribution")).Properties!["DistributionConfig"];
    expect(distribution["DefaultCacheBehavior"]["ViewerProtocolPolicy"]).toBe("redirect-to-https");
    expect(distribution["Origins"][0]["OriginAccessControlId"]).toBeDefined();
    expect(distribution["Origins"][0]["S3OriginConfig"]).toEqual({ OriginAccessIdentity: "" });
    expect(label(distribution["Logging"]["Bucket"])).toBe("AccessLogs.RegionalDomainName");
    expect(distribution["DefaultRootObject"]).toBe("index.html");
    const site = Object.entries(resources(s.templates.Edge, "AWS::S3::Bucket")).find(([id]) => id.startsWith("Site"))![1];
    expect(site.Properties!["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"]).toBe(true);
  });

  it("uploads the build into that bucket with VITE_API_URL replaced by the API's URL, then invalidates", () => {
    const uploader = one(resources(s.templates.Web, "Custom::S3Uploader")).Properties!;
    expect(label(uploader["destinationBucketName"])).toBe("Site");
    expect(uploader["replaceValues"]).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ files: "**/*.js", search: "{{ VITE_API_URL }}", replace: expect.anything() }),
      ]),
    );
    for (const value of uploader["replaceValues"] as Record<string, unknown>[]) expect(label(value["replace"])).toBe("Api.ApiEndpoint");
    const invalidator = one(resources(s.templates.Web, "Custom::CloudFrontInvalidator")).Properties!;
    expect(label(invalidator["distributionId"])).toBe("Cdn");
  });

  it("has no dependency cycle: Edge ← Storage ← Api ← Jobs/Web", () => {
    const deps = (name: keyof Synth["stacks"]) => s.stacks[name].dependencies.map((d) => d.node.id.split("-").pop()).sort();
    expect(deps("Edge")).toEqual([]);
    expect(deps("Storage")).toEqual(["Edge"]);
    expect(deps("Api")).toEqual(["Edge", "Storage"]);
    expect(deps("Jobs")).toEqual(["Storage"]);
    expect(deps("Web")).toEqual(["Api", "Edge"]);
  });
});

describe("cdk-nag (AwsSolutions)", () => {
  it("reports no unsuppressed error", () => {
    expect(s.nagErrors).toEqual([]);
  });

  it("every suppression carries a one-line reason", () => {
    const all = Object.values(s.templates).flatMap(nagSuppressions);
    expect(all.length).toBeGreaterThan(0);
    for (const { id, reason } of all) {
      expect(id).toMatch(/^AwsSolutions-[A-Z0-9]+$/);
      expect(reason.length).toBeGreaterThanOrEqual(20);
      expect(reason).not.toMatch(/\n/);
    }
  });
});
