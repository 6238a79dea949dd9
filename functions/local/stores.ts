import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { join } from "node:path";
import dynalite from "dynalite";
import S3rver from "s3rver";

/**
 * The embedded stores of the local portal: dynalite (DynamoDB) and s3rver (S3), in this process, persisted under
 * `dataDir`. Each can be stopped and started again on the same port, which is how fault-injection tests
 * simulate a store that stops answering.
 */
export interface EmbeddedStores {
  dynamoEndpoint: string;
  s3Endpoint: string;
  stopDynamo(): Promise<void>;
  startDynamo(): Promise<void>;
  stopS3(): Promise<void>;
  startS3(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  /** 0 (default) picks free ports. */
  dynamoPort?: number;
  s3Port?: number;
  /** Keep everything in memory (tests that need no persistence). */
  inMemory?: boolean;
}

const HOST = "127.0.0.1";

/**
 * How dynalite is stopped: like a process that stops answering, without tearing a request it is serving in two.
 * Closing dynalite's database under a request it is still serving makes dynalite throw "Database is closed" from a
 * promise nobody awaits (an uncaught exception in whoever runs it), so: new requests, on new or kept-alive
 * connections, are cut off at once (the client sees a reset connection, as from a stopped store); requests already
 * inside finish (milliseconds); then every connection is closed and the database with the server.
 */
function drainingStop(server: Server): () => Promise<void> {
  const [handler] = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  const serving = new Set<ServerResponse>();
  let stopping = false;
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (stopping) {
      req.socket.destroy();
      return;
    }
    serving.add(res);
    res.once("close", () => serving.delete(res));
    handler!(req, res);
  });
  return async () => {
    stopping = true;
    const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    server.closeIdleConnections();
    for (const deadline = Date.now() + 5_000; serving.size > 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    server.closeAllConnections();
    await closed;
  };
}

export async function startEmbeddedStores(options: StoreOptions): Promise<EmbeddedStores> {
  const dynamoPath = join(options.dataDir, "dynamodb");
  const s3Path = join(options.dataDir, "s3");
  if (!options.inMemory) mkdirSync(dynamoPath, { recursive: true });
  mkdirSync(s3Path, { recursive: true });

  let dynamoPort = options.dynamoPort ?? 0;
  let dynamo: { server: Server; stop(): Promise<void> } | undefined;
  const startDynamo = async () => {
    if (dynamo) return;
    const server: Server = dynalite({
      path: options.inMemory ? undefined : dynamoPath,
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    const stop = drainingStop(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(dynamoPort, HOST, () => resolve());
    });
    dynamoPort = (server.address() as AddressInfo).port;
    dynamo = { server, stop };
  };
  const stopDynamo = async () => {
    const running = dynamo;
    dynamo = undefined;
    if (running) await running.stop();
  };

  let s3Port = options.s3Port ?? 0;
  let s3: S3rver | undefined;
  const startS3 = async () => {
    if (s3) return;
    const server = new S3rver({
      port: s3Port,
      address: HOST,
      silent: true,
      directory: s3Path,
      // s3rver does not check signatures against real keys; the server verifies every upload itself.
      allowMismatchedSignatures: true,
      vhostBuckets: false,
    });
    const address = (await server.run()) as AddressInfo;
    s3Port = address.port;
    s3 = server;
  };
  const stopS3 = async () => {
    const server = s3;
    s3 = undefined;
    if (server) {
      const http = (server as unknown as { httpServer?: Server }).httpServer;
      http?.closeAllConnections?.();
      await server.close();
    }
  };

  await startDynamo();
  await startS3();

  return {
    dynamoEndpoint: `http://${HOST}:${dynamoPort}`,
    s3Endpoint: `http://${HOST}:${s3Port}`,
    startDynamo,
    stopDynamo,
    startS3,
    stopS3,
    close: async () => {
      await Promise.all([stopDynamo(), stopS3()]);
    },
  };
}
