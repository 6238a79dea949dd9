/**
 * The HTTP API: one Lambda function per concern, each with only the rights and the environment it uses.
 *
 *   catalogue  public reads of the procedure catalogue
 *   dossiers   the citizen side: create, attach (presigned upload), submit, track, withdraw, supplement…
 *              (and GET /v1/health)
 *   agency     the agency side, behind the API-key authorizer
 *   officer    the back office (/v1/officer/*), behind API Gateway's JWT authorizer over the officers' Cognito pool
 *   authorizer checks an agency's API key (one GetItem)
 *   stats      public statistics (reads the STATS# rows the daily job writes)
 *   payments   online fee payment and the gateway's callbacks (VNPay return + IPN)
 *   docs       the OpenAPI document and its reference page (no store, no rights)
 *
 * Which routes go to which function is not written here: each function's routes are read off the apps it mounts
 * (functions/wiring.ts `apiRoutes()`), so a route can only be deployed where it is served.
 *
 * Rights are named actions on named resources (the table's ARN, an index's ARN, an object-key prefix),
 * not `bind`, which would grant `dynamodb:*` / `s3:*` on everything bound.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AccountRecovery, Mfa, OAuthScope, UserPool, UserPoolClient } from "aws-cdk-lib/aws-cognito";
import { CfnRoute } from "aws-cdk-lib/aws-apigatewayv2";
import { ComparisonOperator } from "aws-cdk-lib/aws-cloudwatch";
import { Alias, type IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import { Config, Api as HttpApi, use, type ApiRouteProps, type Function, type StackContext } from "sst/constructs";
import { Edge } from "./Edge";
import { allow, lambda } from "./lambda";
import { apiRoutes } from "../functions/wiring";
import { stageConfig } from "./stage-config";
import { ATTACHMENT_PREFIXES } from "../functions/adapters/s3/keys";
import { Storage } from "./Storage";
import { queueEnvironment } from "./notify-queues";

/** The one officer route without a token: the OpenID settings the back-office web signs in with. */
export const OFFICER_PUBLIC_ROUTE = "GET /v1/officer/config";

/** Authorizer results are cached per Authorization header for this long (see the authorizer below). */
export const AUTHORIZER_CACHE_SECONDS = 30;

/** Structured access log (one JSON object per request); no bodies, no tokens. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  // Set by functions/authorizer in its simple-response context: which agency (and key) made the call.
  agencyCode: "$context.authorizer.agencyCode",
  keyId: "$context.authorizer.keyId",
});


export function Api({ stack }: StackContext) {
  const config = stageConfig(stack.stage);
  const { webOrigin } = use(Edge);
  const { table, bucket, alarms, queues } = use(Storage);

  const tableArn = table.tableArn;
  const objects = (prefix: string) => `${bucket.bucketArn}/${prefix}*`;
  const STAGE = stack.stage;

  const catalogue = lambda(stack, "Catalogue", {
    handler: "functions/catalogue.handler",
    description: "Public catalogue: agencies, procedures, OpenAPI document",
    environment: { TABLE_NAME: table.tableName, WEB_ORIGIN: webOrigin, STAGE },
    permissions: [
      // Reads of the CATALOGUE partition only: the function cannot even read a dossier.
      allow(["dynamodb:GetItem", "dynamodb:Query"], [tableArn], {
        "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["CATALOGUE"] },
      }),
    ],
    sizing: config.api,
  });

  // Idempotent writes claim an IDEMP# record and delete it again when the write fails, so a retry can run.
  const releaseIdempotencyClaims = allow(["dynamodb:DeleteItem"], [tableArn], {
    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["IDEMP#*"] },
  });

  // Derives the access token of a dossier created under an Idempotency-Key (functions/config.ts, TOKEN_SECRET):
  // an SST secret, set with `npx sst secrets set TOKEN_SECRET … --stage <stage>` (docs/operating.md).
  const tokenSecret = new Config.Secret(stack, "TOKEN_SECRET");

  const dossiers = lambda(stack, "Dossiers", {
    handler: "functions/dossiers.handler",
    description: "Citizen side: dossiers, attachments, submission, tracking",
    // The printed declaration's font (functions/adapters/pdf/declaration.ts reads it from here when deployed).
    copyFiles: [{ from: "node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf", to: "fonts/DejaVuSans.ttf" }],
    environment: { TABLE_NAME: table.tableName, BUCKET_NAME: bucket.bucketName, WEB_ORIGIN: webOrigin, STAGE },
    permissions: [
      allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"], [tableArn]),
      releaseIdempotencyClaims,
      // Presigned uploads are signed with this role: it may write drafts and submitted documents only.
      allow(["s3:PutObject", "s3:GetObject"], [objects(ATTACHMENT_PREFIXES.drafts), objects(ATTACHMENT_PREFIXES.dossiers)]),
      allow(["s3:GetObject"], [objects(ATTACHMENT_PREFIXES.results)]),
      // GuardDuty's verdict tag, read at submission and for each download link (functions/adapters/guardduty).
      allow(["s3:GetObjectTagging"], [objects(ATTACHMENT_PREFIXES.drafts), objects(ATTACHMENT_PREFIXES.dossiers), objects(ATTACHMENT_PREFIXES.results)]),
      // HeadBucket (GET /v1/health), and a 404 rather than a 403 when HeadObject asks for a missing upload.
      allow(["s3:ListBucket"], [bucket.bucketArn]),
    ],
    secrets: [tokenSecret],
    sizing: config.api,
  });

  const agency = lambda(stack, "Agency", {
    handler: "functions/agency.handler",
    description: "Agency side: inbox, lifecycle actions, result documents",
    environment: { TABLE_NAME: table.tableName, BUCKET_NAME: bucket.bucketName, WEB_ORIGIN: webOrigin, STAGE, ...queueEnvironment(queues) },
    permissions: [
      allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"], [tableArn]),
      allow(["dynamodb:Query"], [table.indexArn("gsi1")]), // the agency inbox
      // Webhook subscriptions removed (only the agency's own: the condition is in the request), pings and replays queued.
      allow(["dynamodb:DeleteItem"], [tableArn], { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["WEBHOOKS"] } }),
      allow(["sqs:SendMessage"], [queues.webhook.queue.queueArn]),
      releaseIdempotencyClaims,
      allow(["s3:PutObject", "s3:GetObject"], [objects(ATTACHMENT_PREFIXES.results)]),
      allow(["s3:GetObject"], [objects(ATTACHMENT_PREFIXES.dossiers)]),
      // GuardDuty's verdict tag, read when a result is returned and for each download link (functions/adapters/guardduty).
      allow(["s3:GetObjectTagging"], [objects(ATTACHMENT_PREFIXES.dossiers), objects(ATTACHMENT_PREFIXES.results)]),
      // A 404 rather than a 403 when HeadObject asks for a result that was never uploaded (422, not 500).
      allow(["s3:ListBucket"], [bucket.bucketArn]),
    ],
    sizing: config.api,
  });

  // The officers' identities (docs/operating.md "Officers"): no self sign-up, a strong password policy, MFA by
  // configuration (OFFICER_MFA=required|optional|off at deploy, default optional: TOTP), and one public app client
  // (authorization code + PKCE, no secret) for the back-office web. Roles are the portal's records, not Cognito's.
  const mfa = process.env.OFFICER_MFA === "required" ? Mfa.REQUIRED : process.env.OFFICER_MFA === "off" ? Mfa.OFF : Mfa.OPTIONAL;
  const officerPool = new UserPool(stack, "OfficerPool", {
    selfSignUpEnabled: false,
    signInAliases: { username: true, email: true },
    passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
    mfa,
    mfaSecondFactor: { sms: false, otp: true },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    removalPolicy: stack.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const officerClient = new UserPoolClient(stack, "OfficerWebClient", {
    userPool: officerPool,
    generateSecret: false,
    authFlows: { userSrp: true },
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
      scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
      callbackUrls: [`${webOrigin}/officer/callback`],
      logoutUrls: [`${webOrigin}/officer/`],
    },
    preventUserExistenceErrors: true,
    accessTokenValidity: Duration.minutes(15),
    idTokenValidity: Duration.minutes(15),
  });
  // The hosted sign-in pages, when OFFICER_AUTH_DOMAIN_PREFIX names a free Cognito domain prefix.
  if (process.env.OFFICER_AUTH_DOMAIN_PREFIX) officerPool.addDomain("OfficerDomain", { cognitoDomain: { domainPrefix: process.env.OFFICER_AUTH_DOMAIN_PREFIX } });
  NagSuppressions.addResourceSuppressions(officerPool, [
    {
      id: "AwsSolutions-COG3",
      reason:
        "Cognito threat protection is the paid Plus tier, a per-province cost decision; accounts are admin-created only, with a 12-character mixed password policy and MFA (TOTP) by configuration.",
    },
  ]);
  const officerIssuer = `https://cognito-idp.${stack.region}.amazonaws.com/${officerPool.userPoolId}`;

  const officer = lambda(stack, "Officer", {
    handler: "functions/officer.handler",
    description: "Back office: officers' inbox, actions, counter intake, slips (JWT authorizer)",
    environment: {
      TABLE_NAME: table.tableName,
      BUCKET_NAME: bucket.bucketName,
      WEB_ORIGIN: webOrigin,
      STAGE,
      OIDC_ISSUER: officerIssuer,
      OIDC_AUDIENCE: officerClient.userPoolClientId,
      OIDC_CLIENT_ID: officerClient.userPoolClientId,
      OIDC_JWKS_URL: `${officerIssuer}/.well-known/jwks.json`,
    },
    permissions: [
      // BatchGetItem: an agency's officers (and the tracking book's dossiers) are read by key from the gsi1 listing
      allow(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"], [tableArn]),
      allow(["dynamodb:Query"], [table.indexArn("gsi1"), table.indexArn("gsi7")]), // gsi1: the tracking book, an agency's officers; gsi7: the inbox shelves
      releaseIdempotencyClaims,
      allow(["s3:PutObject", "s3:GetObject"], [objects(ATTACHMENT_PREFIXES.results)]),
      // The papers of counter dossiers: presigned uploads to their final key, read back to verify them.
      allow(["s3:PutObject", "s3:GetObject"], [objects(ATTACHMENT_PREFIXES.dossiers)]),
      allow(["s3:GetObjectTagging"], [objects(ATTACHMENT_PREFIXES.dossiers), objects(ATTACHMENT_PREFIXES.results)]),
      // A 404 rather than a 403 when HeadObject asks for a paper or result not uploaded yet (a 422, not a 500).
      allow(["s3:ListBucket"], [bucket.bucketArn]),
    ],
    // No token secret: a counter dossier retried under the same Idempotency-Key is found again, with a fresh token.
    sizing: config.api,
  });

  const authorizer = lambda(stack, "Authorizer", {
    handler: "functions/authorizer.handler",
    description: "API-key authorizer of the agency routes",
    environment: { TABLE_NAME: table.tableName, STAGE },
    permissions: [allow(["dynamodb:GetItem"], [tableArn])],
    sizing: config.api,
  });

  const stats = lambda(stack, "Stats", {
    handler: "functions/stats.handler",
    description: "Public statistics (daily rows and summaries)",
    environment: { TABLE_NAME: table.tableName, WEB_ORIGIN: webOrigin, STAGE },
    permissions: [allow(["dynamodb:Query"], [tableArn])],
    sizing: config.api,
  });

  // VNPay merchant credentials (functions/adapters/payment/vnpay.ts), set per stage with `npx sst secrets set`.
  const vnpaySecrets = ["VNPAY_TMN_CODE", "VNPAY_HASH_SECRET", "VNPAY_PAY_URL"].map((name) => new Config.Secret(stack, name));
  const payments = lambda(stack, "Payments", {
    handler: "functions/payments.handler",
    description: "Online fee payment: create a payment, gateway return and IPN",
    environment: { TABLE_NAME: table.tableName, WEB_ORIGIN: webOrigin, STAGE },
    permissions: [
      // Dossiers (payment state, conditional on version), PAYREF#/PAYEVT# items, the catalogue's fees. No S3.
      allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"], [tableArn]),
    ],
    secrets: vnpaySecrets,
    sizing: config.api,
  });

  // The API reference: generated on first request from the route definitions of every app; reads nothing.
  const docs = lambda(stack, "Docs", {
    handler: "functions/docs.handler",
    description: "API reference: the OpenAPI document and its page",
    // The page's Swagger UI files are the web site's (functions/http/reference-page.ts).
    environment: { WEB_ORIGIN: webOrigin, STAGE },
    permissions: [],
    sizing: config.api,
  });

  const accessLogGroup = new LogGroup(stack, "ApiAccessLogs", {
    retention: config.logRetention,
    removalPolicy: config.removalPolicy,
  });

  // With PROVISIONED_CONCURRENCY, the citizen-facing functions are invoked through a `live` alias of their latest
  // version, on which that many instances are kept initialised; otherwise API Gateway invokes the function itself.
  const warm = (fn: Function): IFunction =>
    config.provisionedConcurrency > 0
      ? new Alias(stack, `${fn.node.id}Live`, {
          aliasName: "live",
          version: fn.currentVersion,
          provisionedConcurrentExecutions: config.provisionedConcurrency,
        })
      : fn;
  const served = apiRoutes();
  const routes = (fn: Function | IFunction, keys: string[], authorizer?: "agencyKey" | "officerJwt") =>
    Object.fromEntries(
      keys.map((key): [string, ApiRouteProps<"agencyKey" | "officerJwt">] => {
        const target = fn instanceof Alias ? { cdk: { function: fn } } : { function: fn as Function };
        return [key, authorizer ? { ...target, authorizer } : target];
      }),
    );

  const api = new HttpApi(stack, "Api", {
    cors: {
      allowOrigins: [webOrigin],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["authorization", "content-type", "idempotency-key"],
      exposeHeaders: ["location", "retry-after", "x-request-id"],
      allowCredentials: false, // bearer tokens, never cookies
      maxAge: "2 hours",
    },
    accessLog: { format: ACCESS_LOG_FORMAT, destinationArn: accessLogGroup.logGroupArn },
    defaults: { throttle: { rate: config.throttle.rate, burst: config.throttle.burst } },
    authorizers: {
      agencyKey: {
        type: "lambda",
        function: authorizer,
        responseTypes: ["simple"],
        identitySource: ["$request.header.Authorization"],
        // API Gateway caches the answer per Authorization header: a revoked key keeps working for at most
        // this long after `keys revoke` (docs/operating.md). Raise it only knowing that.
        resultsCacheTtl: `${AUTHORIZER_CACHE_SECONDS} seconds`,
      },
      // Every /v1/officer/* route but the public sign-in settings: a Cognito access token of the officers' client.
      officerJwt: { type: "jwt", jwt: { issuer: officerIssuer, audience: [officerClient.userPoolClientId] } },
    },
    routes: {
      ...routes(warm(catalogue), served.catalogue),
      ...routes(warm(dossiers), served.dossiers),
      ...routes(payments, served.payments),
      ...routes(agency, served.agency, "agencyKey"),
      ...routes(officer, served.officer.filter((key) => key === OFFICER_PUBLIC_ROUTE), undefined),
      ...routes(officer, served.officer.filter((key) => key !== OFFICER_PUBLIC_ROUTE), "officerJwt"),
      ...routes(stats, served.stats),
      ...routes(docs, served.docs),
    },
  });

  // Public by design (docs/api.md): the catalogue, the statistics and the citizen routes. A citizen's dossier
  // routes are authorised inside the function by the dossier's access token, which API Gateway cannot check.
  for (const child of api.node.children) {
    const route = child.node.defaultChild;
    if (route instanceof CfnRoute && route.authorizationType === "NONE") {
      NagSuppressions.addResourceSuppressions(route, [
        {
          id: "AwsSolutions-APIG4",
          reason: "Public route by design (docs/api.md); citizen actions are authorised in the handler by the dossier token.",
        },
      ]);
    }
  }

  // Object-level actions are granted on one key prefix each; the object key itself is chosen at run time.
  for (const fn of [dossiers, agency, officer]) {
    NagSuppressions.addResourceSuppressions(
      fn.role!,
      [
        {
          id: "AwsSolutions-IAM5",
          reason: "Object actions on one attachments key prefix (drafts/, dossiers/ or results/); keys are per dossier.",
          appliesTo: [{ regex: "/^Resource::<AttachmentsBucket[0-9A-F]+\\.Arn>\\/(drafts|dossiers|results)\\/\\*$/g" }],
        },
      ],
      true,
    );
  }

  if (alarms) {
    for (const [name, fn] of Object.entries({ Catalogue: catalogue, Dossiers: dossiers, Agency: agency, Officer: officer, Authorizer: authorizer, Stats: stats, Payments: payments, Docs: docs })) {
      alarms.add(stack, `${name}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), 1, `Lambda ${name}: errors`);
      alarms.add(stack, `${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5) }), 1, `Lambda ${name}: throttles`);
    }
    const httpApi = api.cdk.httpApi;
    alarms.add(stack, "Api5xx", httpApi.metricServerError({ period: Duration.minutes(5), statistic: "Sum" }), 10, "API: 5xx answers");
    alarms.add(
      stack,
      "ApiLatencyP99",
      httpApi.metricLatency({ period: Duration.minutes(5), statistic: "p99" }),
      3_000,
      "API: p99 latency above 3 s",
      { evaluationPeriods: 3, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD },
    );
  }

  // The gateway sends the browser back to this API; known only once the API exists (no cycle: the route depends on
  // the function, the function's environment on the API's endpoint attribute).
  payments.addEnvironment("PUBLIC_URL", api.url);

  stack.addOutputs({ ApiUrl: api.url, OfficerUserPoolId: officerPool.userPoolId, OfficerClientId: officerClient.userPoolClientId, OfficerIssuer: officerIssuer });

  return { api, url: api.url, tokenSecret, officerPool, officerClient, functions: { catalogue, dossiers, agency, officer, authorizer, stats, payments, docs } };
}
