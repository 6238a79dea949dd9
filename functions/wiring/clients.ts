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
import { locateObjectKey, objectKeyFor } from "../adapters/s3/keys";
import type { Config } from "../config";
import type { FileStore, MalwareScanner } from "../core/ports";
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
    locate: locateObjectKey,
    presignUpload: async (objectKey, file) => (await files()).presignUpload(objectKey, file),
    inspect: async (objectKey) => (await files()).inspect(objectKey),
    sha256: async (objectKey) => (await files()).sha256(objectKey),
    remove: async (objectKeys) => (await files()).remove(objectKeys),
    presignDownload: async (objectKey, fileName, mediaType) => (await files()).presignDownload(objectKey, fileName, mediaType),
    head: async (objectKey, bytes) => (await files()).head(objectKey, bytes),
    quarantine: async (objectKey) => (await files()).quarantine(objectKey),
    write: async (objectKey, body, file) => {
      const store = await files();
      if (!store.write) throw new Error("this file store cannot write files");
      await store.write(objectKey, body, file);
    },
  };
}

/** What each scanner tells of itself before it is loaded (MalwareScanner's synchronous members). */
const SCANNERS = {
  clamav: { verdictsGateDownloads: false }, // it answers at once: no verdict is a refusal
  guardduty: { verdictsGateDownloads: true }, // the bucket policy denies downloads without its clean tag
} as const;
export type ScannerKind = keyof typeof SCANNERS;

/**
 * The malware scanner of the files handed in (DossierDeps.scanner), decided from the config alone: the ClamAV daemon
 * the local portal started, when it runs one; deployed, GuardDuty's verdict tag on each object (stacks/Storage.ts);
 * none on a local portal without ClamAV (contents are still checked). Built by ./s3.ts, with the S3 side.
 */
export function scannerKind(config: Pick<Config, "clamdAddress" | "stage">): ScannerKind | undefined {
  if (config.clamdAddress) return "clamav";
  return config.stage === "local" ? undefined : "guardduty";
}

/**
 * That scanner, whose S3 side (both read the stored object) is loaded by its first scan. The loaded scanner must say
 * of itself what `SCANNERS` says, or the scan fails loudly rather than gate downloads the wrong way.
 */
export function lazyScanner(config: Pick<Config, "clamdAddress" | "stage">, s3: () => Promise<S3Side>): MalwareScanner | undefined {
  const kind = scannerKind(config);
  if (!kind) return undefined;
  const { verdictsGateDownloads } = SCANNERS[kind];
  return {
    name: kind,
    verdictsGateDownloads,
    async scan(objectKey) {
      const scanner = (await s3()).scanner;
      if (scanner?.name !== kind || scanner.verdictsGateDownloads !== verdictsGateDownloads) {
        throw new Error(`the ${kind} scanner loaded is not the one composed (functions/wiring/clients.ts SCANNERS)`);
      }
      return scanner.scan(objectKey);
    },
  };
}
