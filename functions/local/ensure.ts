import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from "@aws-sdk/client-s3";
import type { Adapters } from "../wiring";
import { createTableInput } from "../adapters/dynamo/table";
import type { Config } from "../config";

/** Creates the table and the bucket when missing (the local portal, or a fresh DynamoDB Local / MinIO). */
export async function ensureStores(adapters: Pick<Adapters, "db" | "s3">, config: Config): Promise<void> {
  try {
    await adapters.db.send(new DescribeTableCommand({ TableName: config.tableName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as { name?: string }).name !== "ResourceNotFoundException") throw err;
    await adapters.db.send(new CreateTableCommand(createTableInput(config.tableName)));
  }
  try {
    await adapters.s3.send(new HeadBucketCommand({ Bucket: config.bucketName }));
  } catch {
    await adapters.s3.send(new CreateBucketCommand({ Bucket: config.bucketName }));
  }
  // The browser uploads straight to the bucket (presigned), so the bucket must answer CORS for the web origin.
  await adapters.s3.send(
    new PutBucketCorsCommand({
      Bucket: config.bucketName,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [config.webOrigin],
            AllowedMethods: ["GET", "PUT", "POST", "HEAD"],
            AllowedHeaders: ["*"],
            ExposeHeaders: ["ETag"],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}
