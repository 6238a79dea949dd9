import { S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../../config";
import { translateUnavailable } from "../unavailable";

/**
 * An S3 client for the configured endpoint. Locally (s3rver) path-style addressing is required, and checksums
 * are only computed when required, or streamed bodies are stored with their chunk framing.
 */
export function makeS3(config: Pick<Config, "region" | "s3Endpoint">): S3Client {
  const local = Boolean(config.s3Endpoint);
  const client = new S3Client({
    region: config.region,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(local
      ? {
          endpoint: config.s3Endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
          maxAttempts: 2,
          requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
        }
      : {}),
  });
  translateUnavailable(client, "s3");
  return client;
}
