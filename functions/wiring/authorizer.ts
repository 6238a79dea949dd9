/** The API-key authorizer of the agency routes (no Hono: one key lookup). */
import { dynamoApiKeyRepository } from "../adapters/dynamo/api-key-repository";
import type { Dynamo } from "../adapters/dynamo/client";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { resolveApiKey } from "../core/agency/keys";
import type { Logger } from "../core/log";
import { bearer } from "../http/bearer";

export function authorizerDeps(config: Config, clients: { db: Dynamo }, log: Logger) {
  return { keys: dynamoApiKeyRepository(clients.db, config.tableName), log };
}

/** What API Gateway sends a Lambda authorizer (HTTP API, payload 2.0): only the headers are read. */
export interface AuthorizerEvent {
  headers?: Record<string, string | undefined>;
}

/**
 * API Gateway's authorizer for the agency routes, "simple" responses. API Gateway caches the answer per
 * Authorization header for the TTL set in stacks/Api.ts, so a revoked key stops working within it.
 */
export function authorizerFunction(config: Config, clients: { db: Dynamo }) {
  const { keys, log } = authorizerDeps(config, clients, jsonLogger());
  return async (event: AuthorizerEvent) => {
    try {
      const identity = await resolveApiKey(keys, bearer(event.headers?.authorization));
      return { isAuthorized: true, context: { agencyCode: identity.agencyCode, keyId: identity.keyId } };
    } catch (err) {
      // A store outage must not read as "valid key"; it is a denial the client may retry.
      if ((err as { kind?: string }).kind !== "unauthenticated") log.error("authorizer could not check a key", { error: err as Error });
      return { isAuthorized: false };
    }
  };
}
