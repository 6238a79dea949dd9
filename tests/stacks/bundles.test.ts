/**
 * The bundles `sst deploy` would upload, run as Lambda runs them: each function's .mjs from SST's own build of the
 * app (tests/support/function-bundles.ts), imported in a fresh Node process with the environment its stack gives
 * it, its handler called with the event API Gateway or EventBridge sends. The stores are embedded dynalite and
 * s3rver; SSM Parameter Store, which has no emulator, is a local stand-in speaking its JSON protocol.
 *
 * What this catches that the HTTP tests cannot: the lean bundling of stacks/bundling.ts (split chunks loaded on
 * first use, zod's English-only messages, credentials from the environment, no keepNames) breaking a function or
 * loading what it should not, and the secrets path of a deployed stage (placeholder variable → GetParameters → the
 * value, or the stage-less fallback).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { gunzipSync } from "node:zlib";
import { marshall } from "@aws-sdk/util-dynamodb";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { dynamoWebhookStore } from "../../functions/adapters/dynamo/notification-store";
import { newWebhookSecret } from "../../functions/core/notify/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { birthAnswers } from "../support/forms";
import { SSM_PLACEHOLDER } from "../../functions/config";
import { seedIfEmpty } from "../../functions/local/seed";
import { NO_ENVIRONMENT_CREDENTIALS } from "../../stacks/bundling";
import { COMPRESS_MIN_BYTES } from "../../functions/http/app";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { loadConfig } from "../../functions/config";
import { atVietnamTime } from "../../functions/core/calendar";
import { declareAttachment } from "../../functions/core/dossier/attachments";
import { CreateDossierInput, DeclareAttachmentInput } from "../../functions/core/dossier/model";
import { createDossier } from "../../functions/core/dossier/submission";
import { apiRoutes, clientsOf, dossiersDeps, HTTP_FUNCTIONS, sweepDay } from "../../functions/wiring";
import {
  bundleCode,
  FUNCTION_NAMES,
  httpAnswer,
  httpEvent,
  lambdaEnvironment,
  runBundle,
  runBundleEvents,
  runBundleSequence,
  shippedBundles,
  type FunctionName,
} from "../support/function-bundles";
import { startLocalStores, type LocalStores } from "../support/local-stores";
import { applicant, pdfBytes, sha256 } from "../support/portal";

const APP = "dichvucong";
const STAGE = "test";
const PREFIX = `/sst/${APP}/${STAGE}/`;

/** SSM's GetParameters, in-memory: what a stage's `sst secrets set` would have written. */
interface FakeSsm {
  url: string;
  parameters: Map<string, string>;
  /** Every request: the names asked for and the access key that signed it. */
  requests: { names: string[]; withDecryption: boolean; accessKeyId: string | undefined }[];
  close(): Promise<void>;
}

async function startFakeSsm(): Promise<FakeSsm> {
  const parameters = new Map<string, string>();
  const requests: FakeSsm["requests"] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => resolve(body));
    });
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse(await read(req)) as { Names: string[]; WithDecryption?: boolean };
    const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1];
    requests.push({ names: body.Names, withDecryption: body.WithDecryption === true, accessKeyId });
    if (req.headers["x-amz-target"] !== "AmazonSSM.GetParameters") {
      res.writeHead(400, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify({ __type: "UnknownOperationException" }));
      return;
    }
    const found = body.Names.filter((name) => parameters.has(name));
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(
      JSON.stringify({
        Parameters: found.map((Name) => ({ Name, Type: "SecureString", Value: parameters.get(Name), Version: 1 })),
        InvalidParameters: body.Names.filter((name) => !parameters.has(name)),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    parameters,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let bundles: Record<FunctionName, string>;
let stores: LocalStores;
let ssm: FakeSsm;
let apiKey: string;

beforeAll(async () => {
  [bundles, stores, ssm] = await Promise.all([shippedBundles(STAGE), startLocalStores(), startFakeSsm()]);
  await seedIfEmpty(stores.adapters);
  ({ apiKey } = await createApiKey(stores.adapters.keys, async () => true, { agencyCode: "000.00.31.H99", now: new Date() }));
});
afterAll(async () => {
  await Promise.all([stores?.close(), ssm?.close()]);
});

/** A function's environment on the stage: lambdaEnvironment, SST's variables and a placeholder per bound secret. */
function lambdaEnv(secrets: string[] = [], overrides: Record<string, string | undefined> = {}) {
  return lambdaEnvironment(stores.env, {
    SST_APP: APP,
    SST_STAGE: STAGE,
    SST_SSM_PREFIX: PREFIX,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    ...Object.fromEntries(secrets.map((name) => [`SST_Secret_value_${name}`, SSM_PLACEHOLDER])),
    ...overrides,
  });
}

/** Strings each piece of code carries, to tell from a file's text what it holds. */
const S3_CLIENT = '"AmazonS3"'; // the service's name, in every S3 command the SDK sends
const ZOD = "ZodError"; // zod's error class sets it as its name
const codeOf = (files: string[] = []) => files.map((file) => readFileSync(file, "utf8")).join("\n");

/**
 * A submitted dossier, made through the shipped dossiers bundle as a browser would: created; its two required files
 * declared in one instance (with the files each instance read) and uploaded to the presigned URLs; submitted in
 * another instance.
 */
async function submittedThroughTheBundle() {
  const env = lambdaEnv([], { TOKEN_SECRET: "bundle-status-token-secret-0123456789abcd" });
  const created = httpAnswer(
    (await runBundle(bundles.dossiers, env, httpEvent("POST", "/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online", formData: birthAnswers() } }))).answer,
  );
  expect(created.statusCode).toBe(201);
  const { code, accessToken } = created.json as { code: string; accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const documents = ["to-khai", "giay-chung-sinh"].map((documentKey, i) => ({ documentKey, bytes: pdfBytes(1500 + i, documentKey) }));
  const declaring = await runBundleEvents(
    bundles.dossiers,
    env,
    documents.map(({ documentKey, bytes }) =>
      httpEvent("POST", `/v1/dossiers/${code}/attachments`, {
        headers: auth,
        body: { documentKey, fileName: `${documentKey}.pdf`, mediaType: "application/pdf", size: bytes.byteLength, sha256: sha256(bytes) },
      }),
    ),
    { loads: true },
  );
  for (const [i, answer] of declaring.answers!.entries()) {
    const ticket = httpAnswer(answer);
    expect(ticket.statusCode).toBe(201);
    const put = await fetch(ticket.json.upload.url, { method: "PUT", headers: ticket.json.upload.headers, body: Buffer.from(documents[i]!.bytes) });
    expect(put.status).toBe(200);
  }
  const submitting = await runBundleEvents(bundles.dossiers, env, [httpEvent("POST", `/v1/dossiers/${code}/submit`, { headers: auth })], { loads: true });
  expect(httpAnswer(submitting.answers![0]).statusCode).toBe(200);
  return { code, env, declaring, submitting };
}

describe("The shipped bundles", () => {
  it("are one per function, split into chunks without source maps, and carry none of what stacks/bundling.ts leaves out", () => {
    for (const name of FUNCTION_NAMES) {
      const files = readdirSync(dirname(bundles[name]));
      expect(files.filter((file) => file.endsWith(".map")), name).toEqual([]);
      expect(files.filter((file) => file.endsWith(".mjs")).length, name).toBeGreaterThan(1);
      const code = bundleCode(bundles[name]);
      // The SDK's other credential providers (SSO, profile files, …) and SST's own SDK copy for its secrets.
      expect(code, name).not.toContain("Skipping SSO provider in default chain");
      expect(code, name).not.toContain("Cannot access bound resources");
      // zod's messages in other languages (its Vietnamese and French ones here).
      expect(code, name).not.toContain("Đầu vào không hợp lệ");
      expect(code, name).not.toContain("Entrée invalide");
      // keepNames off: esbuild's naming helper is not there.
      expect(code, name).not.toMatch(/\(([\w$]+),([\w$]+)\)=>[\w$]+\(\1,"name",\{value:\2,configurable:!0\}\)/);
    }
  });

  it("carry only their own concern: no other function's routes, and an S3 client only where files are handled", () => {
    // (events: it deletes the files an expire_uploads took off a draft; malware-verdicts: it moves a file to quarantine.)
    const routes = apiRoutes();
    const pathsOf = (fn: (typeof HTTP_FUNCTIONS)[number]) => new Set(routes[fn].map((key) => key.split(" ")[1]!));
    for (const fn of HTTP_FUNCTIONS.filter((name) => name !== "docs")) {
      const code = bundleCode(bundles[fn]);
      for (const path of pathsOf(fn)) expect(code, `${fn} serves ${path}`).toContain(`"${path}"`);
      // The docs function alone carries every app (the document is built from them).
      const others = HTTP_FUNCTIONS.filter((other) => other !== fn && other !== "docs").flatMap((other) => [...pathsOf(other)]);
      for (const path of others.filter((path) => !pathsOf(fn).has(path))) expect(code, `${fn} carries ${path}`).not.toContain(`"${path}"`);
    }
    // "AmazonS3" names the service in every S3 command the SDK sends.
    const withS3 = FUNCTION_NAMES.filter((name) => bundleCode(bundles[name]).includes(S3_CLIENT));
    expect(withS3.sort()).toEqual(["agency", "dossiers", "events", "malware-verdicts", "officer"]);
  });

  it("load at init their SDK clients and no route's code; the first request loads its routes (zod, the schemas)", async () => {
    const routes = apiRoutes();
    const firstEvents: Record<FunctionName, unknown> = {
      catalogue: httpEvent("GET", "/v1/agencies"),
      dossiers: httpEvent("GET", "/v1/health"),
      agency: httpEvent("GET", "/v1/agency/dossiers?limit=1", { agencyCode: "000.00.31.H99" }),
      officer: httpEvent("GET", "/v1/officer/config"),
      authorizer: { headers: { authorization: `Bearer ${apiKey}` } },
      stats: httpEvent("GET", "/v1/stats/summary?from=2026-11-01&to=2026-11-30"),
      payments: httpEvent("GET", "/v1/payments/vnpay/ipn?vnp_TxnRef=X&vnp_SecureHash=00"),
      docs: httpEvent("GET", "/v1/openapi.json"),
      "stats-job": { date: "2026-11-30" },
      "sweep-job": { date: "2026-11-01" },
      events: { Records: [] },
      "malware-verdicts": { source: "aws.guardduty", "detail-type": "GuardDuty Malware Protection Object Scan Result", detail: {} },
      notify: { Records: [] },
    };
    const secrets = {
      TOKEN_SECRET: "bundle-loads-token-secret-0123456789abcdef",
      VNPAY_TMN_CODE: "DVCTEST1",
      VNPAY_HASH_SECRET: "vnpay-hash-secret-for-the-bundle-test",
      VNPAY_PAY_URL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    };
    // Act: every function once, with the files Node read at init and after
    const runs: [FunctionName, Awaited<ReturnType<typeof runBundle>>][] = [];
    for (const name of FUNCTION_NAMES) runs.push([name, await runBundle(bundles[name], lambdaEnv([], secrets), firstEvents[name], { loads: true })]);
    // Assert
    for (const [name, run] of runs) {
      const atInit = codeOf(run.loadedAtInit);
      const later = codeOf(run.loadedLater);
      expect(run.loadedAtInit!.length, name).toBeGreaterThan(0);
      expect(atInit.includes(S3_CLIENT), `${name}: the S3 client at init`).toBe(false);
      expect(atInit.includes(ZOD), `${name}: zod at init`).toBe(false);
      expect(atInit.includes("DynamoDB_20120810"), `${name}: the DynamoDB client at init`).toBe(name !== "docs");
      for (const key of (routes as Record<string, string[]>)[name] ?? []) expect(atInit.includes(`"${key.split(" ")[1]}"`), `${name}: ${key} at init`).toBe(false);
      // What the first invocation loaded is its function's code: the authorizer's and events' need no zod.
      expect(run.loadedLater!.length, name).toBeGreaterThan(0);
      if (!["authorizer", "events", "stats-job", "notify"].includes(name)) expect(later.includes(ZOD), `${name}: zod on the first invocation`).toBe(true);
    }
  });

  it("load their routes at init on an instance of provisioned concurrency, so its first request pays nothing of them", async () => {
    const env = { TOKEN_SECRET: "bundle-provisioned-token-secret-0123456789", AWS_LAMBDA_INITIALIZATION_TYPE: "provisioned-concurrency" };
    // Act
    const run = await runBundle(bundles.catalogue, lambdaEnv([], env), httpEvent("GET", "/v1/agencies"), { loads: true });
    // Assert
    expect(httpAnswer(run.answer).statusCode).toBe(200);
    expect(codeOf(run.loadedAtInit).includes(ZOD)).toBe(true);
    expect(codeOf(run.loadedAtInit).includes('"/v1/agencies"')).toBe(true);
    expect(run.loadedLater).toEqual([]);
  });

  it("dossiers: the public status of a submitted dossier loads no S3 client; declaring and submitting files do", async () => {
    // Arrange + Act 1: a draft, its two files declared in one instance and uploaded, submitted in another
    const { code, env, declaring, submitting } = await submittedThroughTheBundle();
    // Act 2: its public status, in a new instance
    const status = await runBundleEvents(bundles.dossiers, env, [httpEvent("GET", `/v1/dossiers/${code}/status`)], { loads: true });
    // Assert
    const answer = httpAnswer(status.answers![0]);
    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({ code, status: "submitted" });
    const holdsS3 = (files?: string[]) => codeOf(files).includes(S3_CLIENT);
    expect({ atInit: holdsS3(status.loadedAtInit), onTheStatusRequest: holdsS3(status.loadedLater) }).toEqual({ atInit: false, onTheStatusRequest: false });
    // The files' routes load it, on their first request and not at init.
    expect({ atInit: holdsS3(declaring.loadedAtInit), onTheDeclaration: holdsS3(declaring.loadedLater), onTheSubmission: holdsS3(submitting.loadedLater) }).toEqual({
      atInit: false,
      onTheDeclaration: true,
      onTheSubmission: true,
    });
  });

  it("dossiers: applies the status lookup limit of its environment to the public status (found dossiers too)", async () => {
    // Arrange
    const { code } = await submittedThroughTheBundle();
    const lookup = httpEvent("GET", `/v1/dossiers/${code}/status`);
    // Act: three lookups in one instance, two allowed a minute
    const answers = (await runBundleSequence(bundles.dossiers, lambdaEnv([], { TOKEN_SECRET: "bundle-limit-token-secret-0123456789abcd", STATUS_LOOKUP_LIMIT_PER_MINUTE: "2" }), [lookup, lookup, lookup])).map(httpAnswer);
    // Assert
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 429]);
    expect(answers[2]!.json.code).toBe("request.throttled");
  });

  it("compress a large JSON answer for a client that accepts gzip (base64, as API Gateway needs), and nothing small", async () => {
    // Act: one warm instance, three requests
    const gzip = { "accept-encoding": "gzip, deflate, br" };
    const [compressed, plain, small] = (
      await runBundleSequence(bundles.catalogue, lambdaEnv(), [
        httpEvent("GET", "/v1/procedures?limit=50", { headers: gzip }),
        httpEvent("GET", "/v1/procedures?limit=50"),
        httpEvent("GET", "/v1/procedures/9.999999", { headers: gzip }),
      ])
    ).map((a) => a as { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean });
    // Assert
    expect(compressed!.statusCode).toBe(200);
    expect(compressed!.isBase64Encoded).toBe(true);
    expect(compressed!.headers["content-encoding"]).toBe("gzip");
    expect(compressed!.headers["vary"]).toMatch(/accept-encoding/i);
    const unzipped = gunzipSync(Buffer.from(compressed!.body, "base64")).toString("utf8");
    expect(JSON.parse(unzipped).items).toHaveLength(50);
    expect(plain!.isBase64Encoded).toBe(false);
    expect(plain!.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(plain!.body)).toEqual(JSON.parse(unzipped));
    expect(Buffer.from(compressed!.body, "base64").length).toBeLessThan(plain!.body.length / 4);
    // A problem of a few hundred bytes goes as it is.
    expect(small!.statusCode).toBe(404);
    expect(Buffer.byteLength(small!.body)).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(small!.isBase64Encoded).toBe(false);
    expect(small!.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small!.body).code).toBe("procedure.not_found");
  });

  it("catalogue: finds a procedure with a query typed without diacritics", async () => {
    // Act
    const run = await runBundle(bundles.catalogue, lambdaEnv(), httpEvent("GET", "/v1/procedures?q=dang%20ky%20khai%20sinh&limit=5"));
    // Assert
    const answer = httpAnswer(run.answer);
    expect(answer.statusCode).toBe(200);
    expect(answer.json.items.map((p: { name: string }) => p.name)).toContain("Đăng ký khai sinh");
  });

  it("catalogue: answers a bad query with the API's own Vietnamese message, not one of zod's", async () => {
    // Act
    const run = await runBundle(bundles.catalogue, lambdaEnv(), httpEvent("GET", "/v1/procedures?limit=500"));
    // Assert
    const answer = httpAnswer(run.answer);
    expect(answer.statusCode).toBe(400);
    expect(answer.headers["content-type"]).toContain("application/problem+json");
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual(["limit"]);
    expect(answer.json.errors[0].message).toMatch(/[ăâđêôơưạảấầẩậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
  });

  it("dossiers: reads its secret from SSM with the role's credentials (the stage's, else the fallback) and creates", async () => {
    // Arrange: set for the app only (`sst secrets set --fallback`), not for the stage
    ssm.parameters.set(`/sst/${APP}/.fallback/Secret/TOKEN_SECRET/value`, "fallback-token-secret-0123456789abcdef");
    const asked = ssm.requests.length;
    const create = httpEvent("POST", "/v1/dossiers", {
      body: { procedureCode: "1.001193", applicant, delivery: "online" },
      headers: { "idempotency-key": `bundle-${Date.now()}` },
    });
    // Act: the same create twice, as a retry would arrive at a new instance
    const [first, retry] = [await runBundle(bundles.dossiers, lambdaEnv(["TOKEN_SECRET"]), create), await runBundle(bundles.dossiers, lambdaEnv(["TOKEN_SECRET"]), create)];
    // Assert
    const a = httpAnswer(first.answer);
    const b = httpAnswer(retry.answer);
    expect(a.statusCode).toBe(201);
    expect(a.json.code).toMatch(/^000\.00\.31\.H99-\d{6}-\d{4}$/);
    expect(b.json).toEqual(a.json); // the same token: derived from the secret both instances read
    const requests = ssm.requests.slice(asked, asked + 2);
    expect(requests).toEqual([
      { names: [`${PREFIX}Secret/TOKEN_SECRET/value`], withDecryption: true, accessKeyId: "ASIALAMBDAROLE000001" },
      { names: [`/sst/${APP}/.fallback/Secret/TOKEN_SECRET/value`], withDecryption: true, accessKeyId: "ASIALAMBDAROLE000001" },
    ]);
  });

  it("dossiers: refuses to start when the secret is set nowhere, naming it and the command that sets it", async () => {
    // Act
    const run = runBundle(bundles.dossiers, lambdaEnv(["TOKEN_SECRET"], { SST_APP: "another-app" }));
    // Assert
    await expect(run).rejects.toThrow(/config: TOKEN_SECRET is not set on stage "test": `npx sst secrets set TOKEN_SECRET <value> --stage test`/);
  });

  it("dossiers: takes credentials from the environment only, and says so when there are none", async () => {
    // Act: no AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as nowhere on Lambda
    const run = runBundle(bundles.dossiers, lambdaEnv(["TOKEN_SECRET"], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined }));
    // Assert
    await expect(run).rejects.toThrow(NO_ENVIRONMENT_CREDENTIALS);
  });

  it("authorizer: resolves a valid key to its agency and refuses an unknown one", async () => {
    // Act
    const valid = await runBundle(bundles.authorizer, lambdaEnv(), { headers: { authorization: `Bearer ${apiKey}` } });
    const unknown = await runBundle(bundles.authorizer, lambdaEnv(), { headers: { authorization: "Bearer dvc_aaaaaaaaaaaa_" + "x".repeat(43) } });
    // Assert
    expect(valid.answer).toMatchObject({ isAuthorized: true, context: { agencyCode: "000.00.31.H99" } });
    expect(unknown.answer).toEqual({ isAuthorized: false });
  });

  it("agency: lists the inbox of the agency the authorizer resolved", async () => {
    // Act
    const run = await runBundle(bundles.agency, lambdaEnv(), httpEvent("GET", "/v1/agency/dossiers?limit=5", { agencyCode: "000.00.31.H99" }));
    // Assert
    const answer = httpAnswer(run.answer);
    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({ items: expect.any(Array) });
  });

  it("payments: reads the gateway's three secrets and refuses a forged notification with VNPay's code 97", async () => {
    // Arrange: set for the stage
    for (const [name, value] of [["VNPAY_TMN_CODE", "DVCTEST1"], ["VNPAY_HASH_SECRET", "vnpay-hash-secret-for-the-bundle-test"], ["VNPAY_PAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"]]) {
      ssm.parameters.set(`${PREFIX}Secret/${name}/value`, value!);
    }
    // Act
    const run = await runBundle(
      bundles.payments,
      lambdaEnv(["VNPAY_TMN_CODE", "VNPAY_HASH_SECRET", "VNPAY_PAY_URL"]),
      httpEvent("GET", "/v1/payments/vnpay/ipn?vnp_TxnRef=X1&vnp_Amount=100&vnp_ResponseCode=00&vnp_SecureHash=00"),
    );
    // Assert
    const answer = httpAnswer(run.answer);
    expect(answer.statusCode).toBe(200);
    expect(answer.json.RspCode).toBe("97");
  });

  it("events: writes a stream record's new events to the dossier's event log, once however often it comes", async () => {
    // Arrange: a dossier item's change as DynamoDB Streams hands it over (NEW_AND_OLD_IMAGES)
    const code = "000.00.31.H99-261201-0042";
    const event = {
      id: `${code}/2/0`,
      type: "dossier.received",
      dossierCode: code,
      version: 2,
      at: "2026-12-01T03:00:00.000Z",
      actor: { type: "agency", agencyCode: "000.00.31.H99" },
      data: { status: "received", previousStatus: "submitted", procedureCode: "1.001193", agencyCode: "000.00.31.H99" },
    };
    const image = (outbox: unknown[]) => marshall({ pk: `DOSSIER#${code}`, sk: "DOSSIER", version: 2, outbox });
    const batch = {
      Records: [{ eventID: "e1", eventName: "MODIFY", dynamodb: { SequenceNumber: "100", OldImage: image([]), NewImage: image([event]) } }],
    };
    // Act: the batch twice, as Lambda retries it
    const answers = await runBundleSequence(bundles.events, lambdaEnv(), [batch, batch]);
    // Assert
    expect(answers).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    const logged = await stores.adapters.events.list(code, { limit: 10 });
    expect(logged.items.map((e) => e.id)).toEqual([event.id]);
  });

  it("notify: delivers an SQS record's webhook, signed, and answers a record it cannot handle as failed", async () => {
    // Arrange: a subscription with a pending delivery, a receiver on loopback, and the queue the record came from
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const webhooks = dynamoWebhookStore(stores.adapters.db, stores.config.tableName);
    const secret = newWebhookSecret();
    await webhooks.putSubscription({ id: "wh_bundle", agencyCode: "000.00.31.H99", url, events: null, secrets: [{ secret, createdAt: "2026-12-01T00:00:00Z" }], createdAt: "2026-12-01T00:00:00Z" });
    const payload = JSON.stringify({ type: "webhook.ping", timestamp: "2026-12-01T00:00:00Z", data: {} });
    await webhooks.putDelivery({
      deliveryId: "20261201000000000-bundle",
      subscriptionId: "wh_bundle",
      agencyCode: "000.00.31.H99",
      eventId: "ping/1",
      eventType: "webhook.ping",
      payload,
      eventAt: "2026-12-01T00:00:00Z",
      status: "pending",
      attempts: [],
      attemptCount: 0,
      createdAt: "2026-12-01T00:00:00Z",
    });
    const queues = { QUEUE_URL_EMAIL: "https://sqs.ap-southeast-1.amazonaws.com/1/email-q", QUEUE_URL_SMS: "https://sqs.ap-southeast-1.amazonaws.com/1/sms-q", QUEUE_URL_ZALO: "https://sqs.ap-southeast-1.amazonaws.com/1/zalo-q", QUEUE_URL_WEBHOOK: "https://sqs.ap-southeast-1.amazonaws.com/1/webhook-q" };
    const record = (messageId: string, body: string) => ({ messageId, body, eventSourceARN: "arn:aws:sqs:ap-southeast-1:1:webhook-q" });
    const batch = {
      Records: [
        record("m1", JSON.stringify({ message: { kind: "webhook", subscriptionId: "wh_bundle", deliveryId: "20261201000000000-bundle", attempt: 0 }, notBefore: "2026-12-01T00:00:00Z" })),
        record("m2", "not json"),
      ],
    };
    try {
      // Act
      const [answer] = await runBundleSequence(bundles.notify, lambdaEnv([], { ...queues, TOKEN_SECRET: "bundle-notify-token-secret-0123456789ab", WEBHOOKS_ALLOW_PRIVATE: "true" }), [batch]);
      // Assert
      expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: "m2" }] });
      expect(received).toHaveLength(1);
      expect(new Webhook(secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>)).toMatchObject({ type: "webhook.ping" });
      expect(await webhooks.getDelivery("wh_bundle", "20261201000000000-bundle")).toMatchObject({ status: "delivered", attemptCount: 1 });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("events: reports the batch's records as failed when the store refuses, so Lambda retries them", async () => {
    const code = "000.00.31.H99-261201-0043";
    const image = marshall({ pk: `DOSSIER#${code}`, sk: "DOSSIER", version: 2, outbox: [{ id: `${code}/2/0`, type: "dossier.received", dossierCode: code, version: 2 }] });
    const batch = { Records: [{ eventID: "e2", eventName: "INSERT", dynamodb: { SequenceNumber: "200", NewImage: image } }] };
    const [answer] = await runBundleSequence(bundles.events, lambdaEnv([], { TABLE_NAME: "no-such-table" }), [batch]);
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: "200" }] });
  });

  it("sweep-job: takes the uploads off a draft abandoned eight days ago; events deletes the files from the stream's record", async () => {
    // Arrange: a draft created on the day tonight's sweep handles, with a file uploaded then (the core, on these stores)
    const config = loadConfig(["table", "bucket", "tokenSecret"], { ...stores.env, STAGE, TOKEN_SECRET: "bundle-sweep-token-secret-0123456789abcdef" });
    const then = atVietnamTime(sweepDay(new Date()), "09:30");
    const deps = dossiersDeps(config, clientsOf(config, stores.adapters), () => then);
    const { code, accessToken } = await createDossier(deps, CreateDossierInput.parse({ procedureCode: "1.001193", applicant, delivery: "online" }));
    const bytes = pdfBytes(1400, "abandoned");
    const ticket = await declareAttachment(
      deps,
      code,
      accessToken,
      DeclareAttachmentInput.parse({ documentKey: "to-khai", fileName: "to-khai.pdf", mediaType: "application/pdf", size: bytes.byteLength, sha256: sha256(bytes) }),
    );
    expect((await fetch(ticket.upload.url, { method: "PUT", headers: ticket.upload.headers, body: Buffer.from(bytes) })).status).toBe(200);
    const objectKey = Object.values((await stores.adapters.dossiers.get(code))!.attachments)[0]!.objectKey;
    expect(await stores.adapters.files.inspect(objectKey)).toBeDefined();
    const item = async () =>
      (await stores.adapters.db.send(new GetCommand({ TableName: config.tableName, Key: { pk: `DOSSIER#${code}`, sk: "DOSSIER" }, ConsistentRead: true }))).Item!;
    const before = await item();
    // Act 1: tonight's run, as EventBridge invokes it (no date)
    const swept = await runBundle(bundles["sweep-job"], lambdaEnv(), {});
    // Assert 1: the draft keeps its record, without the file; the change's event is in the item, for the stream
    expect(swept.answer).toMatchObject({ date: sweepDay(new Date()), files: 1 });
    const after = await item();
    expect(after).toMatchObject({ status: "draft", attachments: {} });
    expect(after.outbox).toEqual([expect.objectContaining({ type: "dossier.uploads_expired", data: expect.objectContaining({ objectKeys: [objectKey] }) })]);
    expect(await stores.adapters.files.inspect(objectKey)).toBeDefined(); // the sweep deletes nothing itself
    // Act 2: the stream's record of that change, to the events function
    const record = {
      eventID: "sweep-1",
      eventName: "MODIFY",
      dynamodb: {
        SequenceNumber: "300",
        OldImage: marshall(before, { removeUndefinedValues: true, convertClassInstanceToMap: false }),
        NewImage: marshall(after, { removeUndefinedValues: true, convertClassInstanceToMap: false }),
      },
    };
    const [delivered] = await runBundleSequence(bundles.events, lambdaEnv(), [{ Records: [record] }]);
    // Assert 2
    expect(delivered).toEqual({ batchItemFailures: [] });
    expect(await stores.adapters.files.inspect(objectKey)).toBeUndefined();
    // A rerun finds nothing more; a malformed date is refused rather than another day swept.
    expect((await runBundle(bundles["sweep-job"], lambdaEnv(), {})).answer).toMatchObject({ files: 0 });
    await expect(runBundle(bundles["sweep-job"], lambdaEnv(), { date: "2026-1-5" })).rejects.toThrow(/YYYY-MM-DD/);
  });

  it("malware-verdicts: quarantines the file GuardDuty found infected and flags it on its dossier, once", async () => {
    // Arrange: a submitted dossier holding one uploaded file
    const code = "000.00.31.H99-261201-0044";
    const objectKey = `dossiers/${code}/f1`;
    const at = "2026-12-01T03:00:00.000Z";
    await stores.adapters.s3.send(new PutObjectCommand({ Bucket: stores.config.bucketName, Key: objectKey, Body: "%PDF-1.4 infected" }));
    await stores.adapters.dossiers.create({
      code,
      procedureCode: "1.001193",
      procedureName: "Đăng ký khai sinh",
      agencyCode: "000.00.31.H99",
      receivingAgencyCode: "000.00.31.H99",
      status: "submitted",
      version: 1,
      applicant: { fullName: "Nguyễn Văn An", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
      delivery: "online",
      formData: {},
      tokenHash: "0".repeat(64),
      attachments: {
        f1: { id: "f1", documentKey: "to-khai", fileName: "to-khai.pdf", mediaType: "application/pdf", size: 17, sha256: "0".repeat(64), objectKey, state: "verified", declaredAt: at, kind: "document" },
      },
      timeline: [{ action: "create", status: "draft", at, by: { type: "citizen" } }],
      createdAt: at,
      submittedAt: at,
      channel: "online",
      supplementRequests: 0,
      clock: { processingDays: 1, unit: "working_days", supplement: "pause" },
      round: 0,
    });
    const event = {
      source: "aws.guardduty",
      "detail-type": "GuardDuty Malware Protection Object Scan Result",
      detail: {
        resourceType: "S3_OBJECT",
        s3ObjectDetails: { bucketName: stores.config.bucketName, objectKey },
        scanResultDetails: { scanResultStatus: "THREATS_FOUND", threats: [{ name: "EICAR-Test-File (not a virus)" }] },
      },
    };
    // Act: the event twice, as EventBridge may deliver it
    const answers = await runBundleSequence(bundles["malware-verdicts"], lambdaEnv(), [event, event]);
    // Assert
    expect(answers).toEqual([{ outcome: "flagged" }, { outcome: "already_flagged" }]);
    const flagged = await stores.adapters.dossiers.get(code);
    expect(flagged?.attachments.f1?.malware).toMatchObject({ signature: "EICAR-Test-File (not a virus)", scanner: "guardduty" });
    expect(flagged?.timeline.map((entry) => entry.action)).toEqual(["create", "flag_malware"]);
    await expect(stores.adapters.s3.send(new HeadObjectCommand({ Bucket: stores.config.bucketName, Key: objectKey }))).rejects.toThrow();
    await stores.adapters.s3.send(new HeadObjectCommand({ Bucket: stores.config.bucketName, Key: `quarantine/${objectKey}` }));
  });

  it("stats: answers the summary, and stats-job computes a day", async () => {
    // Act
    const summary = await runBundle(bundles.stats, lambdaEnv(), httpEvent("GET", "/v1/stats/summary?from=2026-11-01&to=2026-11-30"));
    const job = await runBundle(bundles["stats-job"], lambdaEnv(), { date: "2026-11-30" });
    // Assert
    const answer = httpAnswer(summary.answer);
    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({ procedures: 239 });
    expect(job.answer).toMatchObject({ date: "2026-11-30" });
  });

  it("stats: serves the Excel report (exceljs loaded on demand inside the bundle) and the calendar API", async () => {
    // Act
    const report = httpAnswer((await runBundle(bundles.stats, lambdaEnv(), httpEvent("GET", "/v1/stats/report.xlsx?from=2026-11-01&to=2026-11-30"))).answer);
    const calendar = httpAnswer((await runBundle(bundles.stats, lambdaEnv(), httpEvent("GET", "/v1/calendar/2026"))).answer);
    // Assert: an xlsx is a zip ("PK"), sent base64-encoded through API Gateway
    expect(report.statusCode).toBe(200);
    expect((report as unknown as { isBase64Encoded?: boolean }).isBase64Encoded).toBe(true);
    expect(Buffer.from(report.body, "base64").subarray(0, 2).toString()).toBe("PK");
    expect(calendar.statusCode).toBe(200);
    expect(calendar.json).toMatchObject({ year: 2026, announced: true });
  });
});
