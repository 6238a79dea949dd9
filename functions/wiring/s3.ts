/**
 * Everything of S3 a composition uses, in one module that ./lazy-s3.ts imports on first use: the client, the file
 * store over the attachments bucket, the malware scanner (both read the stored objects), and the bucket's health
 * probe. Nothing else imports it statically (a static
 * import anywhere in a function's graph would put the S3 SDK back into that function's init).
 */
import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { clamavScanner } from "../adapters/clamav/scanner";
import { guardDutyScanner } from "../adapters/guardduty/scanner";
import { makeS3 } from "../adapters/s3/client";
import { s3FileStore, s3ObjectReader } from "../adapters/s3/file-store";
import type { Config } from "../config";
import type { FileStore, MalwareScanner } from "../core/ports";
import { scannerKind } from "./clients";

/** What the S3 side needs of the config. */
export type S3Config = Pick<Config, "region" | "s3Endpoint" | "bucketName" | "presignSeconds" | "clamdAddress" | "stage">;

/** The scanner `scannerKind` names for this config, over `s3` (functions/wiring/clients.ts). */
export function malwareScanner(config: S3Config, s3: S3Client): MalwareScanner | undefined {
  switch (scannerKind(config)) {
    case "clamav":
      return clamavScanner(config.clamdAddress!, s3ObjectReader(s3, config.bucketName));
    case "guardduty":
      return guardDutyScanner(s3, config.bucketName);
    default:
      return undefined;
  }
}

export interface S3Side {
  client: S3Client;
  files: FileStore;
  scanner: MalwareScanner | undefined;
  /** `GET /v1/health`: resolves when the bucket answers (HeadBucket: the ListBucket right the dossiers function has). */
  probe(): Promise<void>;
}

export function s3Side(config: S3Config, client?: S3Client): S3Side {
  const s3 = client ?? makeS3(config);
  return {
    client: s3,
    files: s3FileStore(s3, config.bucketName, config.presignSeconds),
    scanner: malwareScanner(config, s3),
    async probe() {
      await s3.send(new HeadBucketCommand({ Bucket: config.bucketName }));
    },
  };
}
