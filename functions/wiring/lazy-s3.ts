/**
 * The one `import()` of the S3 side (./s3.ts). Only the entries of the functions that handle files (dossiers,
 * agency, events) and the operator's processes (functions/wiring.ts) import this module: esbuild writes the chunk of
 * an `import()` into the bundle of every function whose graph holds it, called or not.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../config";
import type { Clients, ReadyClients } from "./clients";
import { once } from "./once";
import type { S3Config } from "./s3";

/**
 * The S3 side, made on first use: a new client for `config` (a Lambda function), or `client` (the local portal's).
 * The module is imported then, not before.
 */
export function lazyS3(config: S3Config, client?: S3Client) {
  return once(async () => (await import("./s3")).s3Side(config, client));
}

/** The portal's and the CLI's clients as a composition takes them. */
export function clientsOf(config: Config, clients: ReadyClients): Clients {
  return { db: clients.db, s3: lazyS3(config, clients.s3) };
}
