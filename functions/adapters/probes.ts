import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { HealthProbe } from "../http/system";
import type { Dynamo } from "./dynamo/client";

/**
 * The table's health probe, with the right the dossiers function already has (GetItem). The bucket's is with the
 * rest of the S3 side (functions/wiring/s3.ts), which is loaded only when used.
 */
export function tableProbe(db: Dynamo, tableName: string): HealthProbe {
  return {
    name: "dynamodb",
    check: async () => {
      await db.send(new GetCommand({ TableName: tableName, Key: { pk: "HEALTH", sk: "HEALTH" } }));
    },
  };
}
