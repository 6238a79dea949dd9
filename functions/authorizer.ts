/**
 * Lambda entry — API Gateway (HTTP API) authorizer for the agency routes, "simple" responses. API Gateway caches
 * the answer per Authorization header for the TTL set in stacks/Api.ts, so a revoked key stops working within it.
 */
import { dynamoApiKeyRepository } from "./adapters/dynamo/api-key-repository";
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { resolveApiKey } from "./core/agency/keys";
import { bearer } from "./http/bearer";

const config = loadConfig(["table"]);
const keys = dynamoApiKeyRepository(makeDynamo(config), config.tableName);

interface AuthorizerEvent {
  headers?: Record<string, string | undefined>;
}

export async function handler(event: AuthorizerEvent) {
  try {
    const identity = await resolveApiKey(keys, bearer(event.headers?.authorization));
    return { isAuthorized: true, context: { agencyCode: identity.agencyCode, keyId: identity.keyId } };
  } catch (err) {
    // A store outage must not read as "valid key"; it is a denial the client may retry.
    if ((err as { kind?: string }).kind !== "unauthenticated") console.error(JSON.stringify({ level: "error", msg: "authorizer", error: String(err) }));
    return { isAuthorized: false };
  }
}
