import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
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

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // SDK clients keep connections alive; without this, close waits for them to time out.
    server.closeAllConnections?.();
  });
}

export async function startEmbeddedStores(options: StoreOptions): Promise<EmbeddedStores> {
  const dynamoPath = join(options.dataDir, "dynamodb");
  const s3Path = join(options.dataDir, "s3");
  if (!options.inMemory) mkdirSync(dynamoPath, { recursive: true });
  mkdirSync(s3Path, { recursive: true });

  let dynamoPort = options.dynamoPort ?? 0;
  let dynamo: Server | undefined;
  const startDynamo = async () => {
    if (dynamo) return;
    const server: Server = dynalite({
      path: options.inMemory ? undefined : dynamoPath,
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(dynamoPort, HOST, () => resolve());
    });
    dynamoPort = (server.address() as AddressInfo).port;
    dynamo = server;
  };
  const stopDynamo = async () => {
    const server = dynamo;
    dynamo = undefined;
    if (server) await closeServer(server);
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
