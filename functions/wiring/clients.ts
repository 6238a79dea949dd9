/**
 * The SDK clients a composition is given, and the S3 side made on first use.
 *
 * A Lambda function builds its DynamoDB client at init (every route of every function but the docs reads the table),
 * but nothing of the S3 SDK until a request touches a file: the S3 client, the presigner and the file store are in
 * ./s3.ts, which is imported the first time a file store method, or the health probe, runs. With the bundles split
 * (stacks/bundling.ts) that module is its own chunk, so the public status of a dossier, the catalogue of an agency's
 * inbox and every other route that handles no file never parse it (asserted in tests/stacks/bundles.test.ts).
 *
 * The `import()` itself is in ./lazy-s3.ts, which only the entries of the functions that handle files import: esbuild
 * writes the chunk of an `import()` into the bundle of every function whose graph holds it, called or not.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { Dynamo } from "../adapters/dynamo/client";
import { objectKeyFor } from "../adapters/s3/keys";
import type { FileStore } from "../core/ports";
import type { S3Side } from "./s3";

export type { S3Side };

/** What a composition may use: the table's client, and the S3 side on first use (ready-made where one exists). */
export interface Clients {
  db: Dynamo;
  s3: () => Promise<S3Side>;
}

/** The clients of an operator's process (the local portal, the CLI): both made already, over one pair of clients. */
export interface ReadyClients {
  db: Dynamo;
  s3: S3Client;
}

/**
 * The attachments bucket as a FileStore, whose S3 side is loaded by the first method that needs it. The key layout
 * is the s3 adapter's (adapters/s3/keys.ts, no SDK), so `keyFor` stays synchronous, as the port has it.
 */
export function lazyFileStore(s3: () => Promise<S3Side>): FileStore {
  const files = async () => (await s3()).files;
  return {
    keyFor: objectKeyFor,
    presignUpload: async (objectKey, file) => (await files()).presignUpload(objectKey, file),
    inspect: async (objectKey) => (await files()).inspect(objectKey),
    sha256: async (objectKey) => (await files()).sha256(objectKey),
    remove: async (objectKeys) => (await files()).remove(objectKeys),
    presignDownload: async (objectKey, fileName, mediaType) => (await files()).presignDownload(objectKey, fileName, mediaType),
    head: async (objectKey, bytes) => (await files()).head(objectKey, bytes),
  };
}
