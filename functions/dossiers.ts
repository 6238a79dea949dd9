/** Lambda entry — the citizen side: create, attach, submit, track, withdraw, supplement, feedback; and health. */
import { handle } from "hono/aws-lambda";
import { ssmParameterReader } from "./adapters/ssm/parameters";
import { loadConfig, withSecrets } from "./config";
import { dossiersFunction } from "./wiring";

export const handler = handle(
  dossiersFunction(loadConfig(["table", "bucket", "tokenSecret"], await withSecrets(process.env, ssmParameterReader))),
);
