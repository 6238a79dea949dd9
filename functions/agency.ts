/**
 * Lambda entry — the agency side: inbox, lifecycle actions, result uploads. API Gateway's Lambda authorizer
 * (functions/authorizer.ts) has resolved the API key before this runs; the app trusts its context.
 */
import { handle } from "hono/aws-lambda";
import { loadConfig } from "./config";
import { agencyFunction } from "./wiring";

export const handler = handle(agencyFunction(loadConfig(["table", "bucket"])));
