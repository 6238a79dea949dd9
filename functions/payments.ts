/**
 * Lambda entry — online fee payment: `POST /v1/dossiers/{code}/payment` (citizen token), and VNPay's callbacks
 * `GET /v1/payments/vnpay/return` (the browser) and `GET /v1/payments/vnpay/ipn` (VNPay's servers).
 * Needs the table (DOSSIER#, PAYREF#, PAYEVT#, CATALOGUE), no bucket; the VNPay merchant secrets come from SST.
 */
import { makeDynamo } from "./adapters/dynamo/client";
import { ssmParameterReader } from "./adapters/ssm/parameters";
import { loadConfig, withSecrets } from "./config";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table", "payments"], await withSecrets(process.env, ssmParameterReader));
const db = makeDynamo(config);
// The routes on the first request (functions/wiring/lambda.ts).
export const handler = await lazyHandler(async () => (await import("./wiring/payments")).paymentsHandler(config, { db }));
