/**
 * Lambda entry — API Gateway (HTTP API) authorizer for the agency routes, "simple" responses: one GetItem of the
 * key's record (functions/wiring.ts).
 */
import { loadConfig } from "./config";
import { authorizerFunction } from "./wiring";

export const handler = authorizerFunction(loadConfig(["table"]));
