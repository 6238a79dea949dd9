import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { createServer as createHttpServer, type RequestListener, type ServerOptions } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { compress } from "hono/compress";
import { createRoot } from "../http/app";
import { WEB_FILE_PREFIXES, WEB_SECURITY_HEADERS, webContentSecurityPolicy } from "../http/web-headers";
import { loadConfig, type Config } from "../config";
import { eventConsumers, makeAdapters, malwareScanner, type Adapters } from "../wiring";
import { mountApis } from "./apis";
import type { MalwareScanner } from "../core/ports";
import { answerClientErrors } from "./client-errors";
import { startClamd, type Clamd } from "./clamd";
import { ensureStores } from "./ensure";
import { startStatsSchedule } from "./scheduler";
import { startEventPoller, type EventPoller } from "./event-poller";
import { jsonLogger } from "../adapters/log/json";
import { seedIfEmpty } from "./seed";
import { startDevMailbox, type DevMailbox } from "./dev-mailbox";
import { startQueueWorker, type QueueWorker } from "./queue-worker";
import { dynamoLocalQueue } from "../adapters/dynamo/notification-store";
import { senders } from "../wiring/notify-send";
import { fileIdpAccounts } from "./idp-accounts";
import { mountLocalIdp, OFFICER_AUDIENCE, OFFICER_CLIENT_ID } from "./idp";
import { DEMO_OFFICERS, DEMO_PASSWORD, seedDemoOfficers } from "./seed-officers";
import { startEmbeddedStores, type EmbeddedStores } from "./stores";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_DATA_DIR = join(ROOT, ".data");
const PORTAL_FILE = "portal.json";

export interface PortalOptions {
  /** 0 picks a free port (tests). Default: PORT or 3000. */
  port?: number;
  /** Default: DATA_DIR or ./.data */
  dataDir?: string;
  /** Start empty: delete the data folder first. */
  reset?: boolean;
  /** Seed the sample catalogue into an empty table (default true). */
  seed?: boolean;
  /** Environment to read DYNAMODB_ENDPOINT / S3_ENDPOINT and the rest from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Compute missing statistics days at start and run the daily job at 00:05 (default true). */
  statsSchedule?: boolean;
  /** The clock of the dossier apps (tests move it to check due dates); default: real time. */
  now?: () => Date;
  /** Log lines to this function (default: nothing). */
  log?: (line: string) => void;
  /**
   * Start the ClamAV daemon when it is installed (default true), as the local malware scanner; without ClamAV the
   * portal still starts, and says so.
   */
  malwareScan?: boolean;
  /** Seed the demo officers (functions/local/seed-officers.ts) when missing (default true). */
  officers?: boolean;
}

export interface Portal {
  url: string;
  config: Config;
  adapters: Adapters;
  /** Present when the portal runs its own embedded stores (absent with DYNAMODB_ENDPOINT / S3_ENDPOINT). */
  stores?: EmbeddedStores;
  dataDir: string;
  /** The local malware scanner (ClamAV), when it runs: the one every submission is screened by. */
  scanner?: MalwareScanner;
  clamd?: Clamd;
  /** Delivers domain events to their consumers (the stand-in for DynamoDB Streams); `drain()` delivers what waits. */
  events: EventPoller;
  /** Sends what the channels' queues hold (the stand-in for the notify function on SQS); `drain()` sends what is due. */
  notify: QueueWorker;
  /** Every e-mail, SMS and Zalo message sent, as `/dev/mailbox` shows them. */
  mailbox: DevMailbox;
  /** The embedded OpenID provider's issuer (`<url>/idp`), and the demo officers' password. */
  idp: { issuer: string; demoPassword: string; demoUsers: string[] };
  close(): Promise<void>;
}

/** What a running portal records in its data folder, so the CLI can work on the same data. */
export interface PortalRecord {
  pid: number;
  url: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  /** The portal's ClamAV daemon (`host:port`), when it runs one: the CLI's rescans use it. */
  clamdAddress?: string;
  startedAt: string;
}

export function readPortalRecord(dataDir: string): PortalRecord | undefined {
  const file = join(dataDir, PORTAL_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as PortalRecord;
    process.kill(record.pid, 0); // throws when that process is gone
    return record;
  } catch {
    return undefined;
  }
}

/** A local secret (the token secret, the sandbox gateway's hash secret): made once per data folder, kept there. */
function localSecret(dataDir: string, name = "token-secret"): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function webRoot(): string {
  const built = join(ROOT, "web", "dist");
  return existsSync(join(built, "index.html")) ? built : join(ROOT, "web");
}

/** The given port, or for 0 a free one picked now (so the URL is known before the server listens). */
async function choosePort(port: number): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const chosen = (probe.address() as AddressInfo).port;
      probe.close(() => resolvePort(chosen));
    });
  });
}

/**
 * Starts the whole portal in this process: embedded dynalite + s3rver (or the endpoints given by
 * DYNAMODB_ENDPOINT / S3_ENDPOINT), the table and bucket, the sample catalogue, every API under /v1 and the web
 * front-end at /, on one port.
 */
export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir ?? env.DATA_DIR ?? DEFAULT_DATA_DIR);
  const running = readPortalRecord(dataDir);
  if (running && running.pid !== process.pid) {
    throw new Error(`a portal (pid ${running.pid}) already runs on ${dataDir} at ${running.url}; stop it or use another DATA_DIR`);
  }
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  // The data folder holds citizens' dossiers and files and the local secrets: its owner only (0700), also when it
  // was made before by an older version or by hand.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);

  // The malware scanner first: the config carries its address (CLAMD_ADDRESS) to every app's composition
  // (functions/wiring.ts malwareScanner), so submissions are screened by it.
  let clamd: Clamd | undefined;
  if (options.malwareScan ?? true) {
    const started = await startClamd({ dataDir, env });
    if ("reason" in started) log(`malware scanning: off — ${started.reason}`);
    else {
      clamd = started;
      log(`malware scanning: ClamAV on ${started.address.host}:${started.address.port} (signatures: ${started.databases.join(", ")})`);
    }
  }

  const external = Boolean(env.DYNAMODB_ENDPOINT) || Boolean(env.S3_ENDPOINT);
  const stores = external
    ? undefined
    : await startEmbeddedStores({ dataDir }).catch(async (err) => {
        await clamd?.stop();
        throw err;
      });
  // The port is chosen before the apps are mounted: the payment return URL and the sandbox gateway's URL hold it.
  const port = await choosePort(options.port ?? Number(env.PORT ?? 3000));
  const ownUrl = env.PUBLIC_URL || `http://localhost:${port}`;
  // Every message the portal sends lands in the dev mailbox (functions/local/dev-mailbox.ts): e-mail over SMTP, SMS
  // through the portal's sandbox of eSMS.vn's API, unless the environment names real providers.
  const tokenSecret = localSecret(dataDir);
  const mailbox = await startDevMailbox({ dataDir, secret: tokenSecret });
  const config = loadConfig(["table", "bucket", "tokenSecret", "payments"], {
    TABLE_NAME: "dichvucong-local",
    BUCKET_NAME: "dichvucong-local-attachments",
    AWS_REGION: "ap-southeast-1",
    TOKEN_SECRET: tokenSecret,
    NOTIFY_EMAIL: "smtp",
    SMTP_URL: mailbox.smtpUrl,
    NOTIFY_SMS: "esms",
    ESMS_URL: `${ownUrl}/sandbox/esms`,
    ESMS_API_KEY: mailbox.esms.apiKey,
    ESMS_SECRET_KEY: mailbox.esms.secretKey,
    ESMS_BRANDNAME: mailbox.esms.brandname,
    // Agencies' test receivers run on this machine: loopback targets are allowed here, never deployed.
    WEBHOOKS_ALLOW_PRIVATE: "true",
    NOTIFY_LINK_BASE: ownUrl,
    ...env,
    // ZALO_ACCESS_TOKEN=sandbox: Zalo ZNS through the portal's sandbox of its API (messages in the dev mailbox).
    ...(env.ZALO_ACCESS_TOKEN === "sandbox" ? { ZALO_ACCESS_TOKEN: mailbox.zaloToken, ZALO_URL: `${ownUrl}/sandbox/zalo` } : {}),
    ...(stores ? { DYNAMODB_ENDPOINT: stores.dynamoEndpoint, S3_ENDPOINT: stores.s3Endpoint } : {}),
    STAGE: "local",
    // Payments go to the local sandbox gateway (functions/local/sandbox-gateway.ts) unless VNPAY_* say otherwise
    // (e.g. VNPay's own sandbox, with PUBLIC_URL a tunnel its servers can reach for the IPN).
    PUBLIC_URL: ownUrl,
    VNPAY_TMN_CODE: env.VNPAY_TMN_CODE || "DVCLOCAL",
    VNPAY_HASH_SECRET: env.VNPAY_HASH_SECRET || localSecret(dataDir, "vnpay-sandbox-secret"),
    VNPAY_PAY_URL: env.VNPAY_PAY_URL || `${ownUrl}/sandbox/vnpay/pay`,
    // The daemon this portal started, else one the environment names (CLAMD_ADDRESS), else none.
    CLAMD_ADDRESS: clamd ? `${clamd.address.host}:${clamd.address.port}` : (env.CLAMD_ADDRESS ?? ""),
    // Officers sign in at the embedded provider (functions/local/idp.ts) unless OIDC_* point at another (Keycloak).
    OIDC_ISSUER: env.OIDC_ISSUER || `${ownUrl}/idp`,
    OIDC_AUDIENCE: env.OIDC_AUDIENCE || OFFICER_AUDIENCE,
    OIDC_CLIENT_ID: env.OIDC_CLIENT_ID || OFFICER_CLIENT_ID,
  });
  const adapters = makeAdapters(config);
  const scanner = malwareScanner(config, adapters);
  try {
    await ensureStores(adapters, config, { log, rebuildFile: join(dataDir, "table-rebuild.jsonl") });
    if (options.seed ?? true) {
      const seeded = await seedIfEmpty(adapters);
      if (seeded) log(`seeded the sample catalogue: ${seeded.agencies} agencies, ${seeded.procedures} procedures`);
    }
  } catch (err) {
    await stores?.close();
    await clamd?.stop();
    await mailbox.close();
    throw err;
  }

  const idpAccounts = fileIdpAccounts(dataDir);
  const demoPassword = env.IDP_DEMO_PASSWORD || DEMO_PASSWORD;
  if (options.officers ?? true) {
    const added = await seedDemoOfficers(adapters.officers, idpAccounts, demoPassword, new Date());
    if (added) log(`seeded ${added} demo officers`);
  }
  const root = createRoot();
  // The web's pages and files carry the same security headers as deployed (stacks/Edge.ts): a strict CSP, no
  // sniffing, no framing; so do the local sign-in provider's. The browser uploads straight to the store, so that is
  // the one other origin it may reach.
  const webHeaders: Record<string, string> = {
    "content-security-policy": webContentSecurityPolicy({
      connect: [config.s3Endpoint ?? `https://*.s3.${config.region}.amazonaws.com`],
    }),
    ...WEB_SECURITY_HEADERS,
  };
  // Before the web's middleware: the provider writes its own responses (with the same headers).
  const idp = await mountLocalIdp(root, {
    portalUrl: ownUrl,
    dataDir,
    accounts: idpAccounts,
    accessTokenTtl: Number(env.IDP_ACCESS_TOKEN_TTL ?? 900) || 900,
    headers: webHeaders,
  });
  mountApis(root, adapters, config, options.now);
  mailbox.mount(root);
  const staticRoot = webRoot();
  // As CloudFront serves it deployed: compressed, hashed assets cached for good, the HTML page always revalidated.
  root.use("/*", async (c, next) => (c.req.path.startsWith("/v1") ? next() : compress()(c, next)));
  root.use("/*", async (c, next) => {
    await next();
    if (c.req.path.startsWith("/v1")) return;
    for (const [name, value] of Object.entries(webHeaders)) c.res.headers.set(name, value);
  });
  root.use("/assets/*", async (c, next) => {
    await next();
    if (c.res.ok) c.header("cache-control", "public, max-age=31536000, immutable");
  });
  root.use("/*", serveStatic({ root: staticRoot }));
  // A build file that is not there is a 404 (deployed, S3 says so): never index.html, and never cached for good.
  root.get("*", async (c, next) => {
    if (!WEB_FILE_PREFIXES.some((prefix) => c.req.path.startsWith(prefix))) return next();
    return c.text("Not found", 404, { "cache-control": "no-store" });
  });
  // The front-end routes in the browser: any other GET outside /v1 gets index.html (the back office's own under /officer).
  root.get("*", async (c, next) => {
    if (c.req.path.startsWith("/v1")) return next();
    if (c.req.path === "/officer" || c.req.path.startsWith("/officer/")) {
      c.header("cache-control", "no-cache");
      return c.html(readFileSync(join(staticRoot, "officer", "index.html"), "utf8"));
    }
    c.header("cache-control", "no-cache");
    return c.html(readFileSync(join(staticRoot, "index.html"), "utf8"));
  });

  const server: ServerType = await new Promise<ServerType>((resolveServer, reject) => {
    const s = serve(
      {
        fetch: root.fetch,
        port,
        hostname: "127.0.0.1",
        // The OpenID provider's endpoints go to it straight (it is a Node handler); everything else to the root.
        createServer: ((options: ServerOptions, handler: RequestListener) =>
          createHttpServer(options, (req, res) => {
            if (!idp.handles(req, res)) handler(req, res);
          })) as never,
      },
      () => resolveServer(s),
    );
    s.once("error", reject);
    answerClientErrors(s);
  }).catch(async (err) => {
    await clamd?.stop();
    await mailbox.close();
    throw err;
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  const record: PortalRecord = {
    pid: process.pid,
    url,
    dynamoEndpoint: config.dynamoEndpoint ?? "",
    s3Endpoint: config.s3Endpoint ?? "",
    tableName: config.tableName,
    bucketName: config.bucketName,
    ...(config.clamdAddress ? { clamdAddress: `${config.clamdAddress.host}:${config.clamdAddress.port}` } : {}),
    startedAt: new Date().toISOString(),
  };
  writeFileSync(join(dataDir, PORTAL_FILE), JSON.stringify(record, null, 2));

  const schedule = options.statsSchedule ?? true ? startStatsSchedule(adapters, log, options.now) : undefined;
  const events = startEventPoller({
    outbox: adapters.outbox,
    consumers: eventConsumers(config, adapters), // the same consumers as the deployed stream's (functions/wiring.ts)
    intervalMs: config.eventPollMs,
    log: jsonLogger({ component: "events" }),
  });

  const notify = startQueueWorker({
    senders: senders(config, adapters, jsonLogger({ component: "notify" })),
    queue: dynamoLocalQueue(adapters.db, config.tableName),
    intervalMs: config.notify.pollMs,
    log: jsonLogger({ component: "notify" }),
  });

  let closed = false;
  return {
    url,
    config,
    adapters,
    stores,
    dataDir,
    scanner,
    clamd,
    events,
    notify,
    mailbox,
    idp: { issuer: `${ownUrl}/idp`, demoPassword, demoUsers: DEMO_OFFICERS.map((o) => o.username) },
    async close() {
      if (closed) return;
      closed = true;
      await events.stop();
      await notify.stop();
      await mailbox.close();
      schedule?.stop();
      await schedule?.ready;
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      adapters.destroy();
      await clamd?.stop();
      await stores?.close();
      rmSync(join(dataDir, PORTAL_FILE), { force: true });
    },
  };
}
