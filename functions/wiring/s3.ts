/**
 * Everything of S3 a composition uses, in one module that ./clients.ts imports on first use: the client, the file
 * store over the attachments bucket, and the bucket's health probe. Nothing else imports it statically (a static
 * import anywhere in a function's graph would put the S3 SDK back into that function's init).
 */
import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { makeS3 } from "../adapters/s3/client";
import { s3FileStore } from "../adapters/s3/file-store";
import type { Config } from "../config";
import type { FileStore } from "../core/ports";

export interface S3Side {
  client: S3Client;
  files: FileStore;
  /** `GET /v1/health`: resolves when the bucket answers (HeadBucket: the ListBucket right the dossiers function has). */
  probe(): Promise<void>;
}

export function s3Side(config: Pick<Config, "region" | "s3Endpoint" | "bucketName" | "presignSeconds">, client?: S3Client): S3Side {
  const s3 = client ?? makeS3(config);
  return {
    client: s3,
    files: s3FileStore(s3, config.bucketName, config.presignSeconds),
    async probe() {
      await s3.send(new HeadBucketCommand({ Bucket: config.bucketName }));
    },
  };
}
