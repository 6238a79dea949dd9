/**
 * Lambda entry — online fee payment: `POST /v1/dossiers/{code}/payment` (citizen token), and VNPay's callbacks
 * `GET /v1/payments/vnpay/return` (the browser) and `GET /v1/payments/vnpay/ipn` (VNPay's servers).
 * Needs the table (DOSSIER#, PAYREF#, PAYEVT#, CATALOGUE), no bucket; the VNPay merchant secrets come from SST.
 */
import { handle } from "hono/aws-lambda";
import { ssmParameterReader } from "./adapters/ssm/parameters";
import { loadConfig, withSecrets } from "./config";
import { paymentsFunction } from "./wiring";

export const handler = handle(paymentsFunction(loadConfig(["table", "payments"], await withSecrets(process.env, ssmParameterReader))));
