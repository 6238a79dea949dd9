import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../../config";
import { translateUnavailable } from "../unavailable";

export type Dynamo = DynamoDBDocumentClient;

/** A document client for the configured endpoint; a local endpoint gets dummy credentials and quick retries. */
export function makeDynamo(config: Pick<Config, "region" | "dynamoEndpoint">): Dynamo {
  const local = Boolean(config.dynamoEndpoint);
  const client = new DynamoDBClient({
    region: config.region,
    ...(local
      ? {
          endpoint: config.dynamoEndpoint,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
          maxAttempts: 2,
          requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
        }
      : {}),
  });
  translateUnavailable(client, "dynamodb");
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
