import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { HealthProbe } from "../http/system";
import type { Dynamo } from "./dynamo/client";

/** Health probes that need only the rights the dossiers function already has (GetItem, ListBucket). */
export function storeProbes(db: Dynamo, tableName: string, s3: S3Client, bucketName: string): HealthProbe[] {
  return [
    {
      name: "dynamodb",
      check: async () => {
        await db.send(new GetCommand({ TableName: tableName, Key: { pk: "HEALTH", sk: "HEALTH" } }));
      },
    },
    {
      name: "s3",
      check: async () => {
        await s3.send(new HeadBucketCommand({ Bucket: bucketName }));
      },
    },
  ];
}
