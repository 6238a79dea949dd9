/**
 * Lambda entry — online fee payment: `POST /v1/dossiers/{code}/payment` (citizen token), and VNPay's callbacks
 * `GET /v1/payments/vnpay/return` (the browser) and `GET /v1/payments/vnpay/ipn` (VNPay's servers).
 * Needs the table (DOSSIER#, PAYREF#, PAYEVT#, CATALOGUE), no bucket; the VNPay merchant secrets come from SST.
 */
import { handle } from "hono/aws-lambda";
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { catalogueLookup, catalogueReader } from "./core/catalogue/cache";
import { makeDynamo } from "./adapters/dynamo/client";
import { dynamoDossierRepository } from "./adapters/dynamo/dossier-repository";
import { dynamoPaymentStore } from "./adapters/dynamo/payment-store";
import { jsonLogger } from "./adapters/log/json";
import { vnpayProvider } from "./adapters/payment/vnpay";
import { ssmParameterReader } from "./adapters/ssm/parameters";
import { loadConfig, withSecrets } from "./config";
import { createRoot } from "./http/app";
import { paymentsApp } from "./http/payments-app";
import { abuseLimits } from "./http/rate-limit";

const config = loadConfig(["table", "payments"], await withSecrets(process.env, ssmParameterReader));
const db = makeDynamo(config);

const app = createRoot();
// The citizen's POST …/payment is a public write like any other (the gateway's callbacks are exempt, and signed).
app.use("/v1/*", abuseLimits({ writesPerMinute: config.rateLimitPerMinute, notFoundPerMinute: config.notFoundLimitPerMinute }));
app.route(
  "/",
  paymentsApp({
    dossiers: dynamoDossierRepository(db, config.tableName, { outbox: config.eventSource }),
    catalogue: catalogueLookup(catalogueReader(dynamoCatalogueRepository(db, config.tableName), { refreshMs: config.catalogueRefreshMs })),
    payments: dynamoPaymentStore(db, config.tableName),
    provider: vnpayProvider(config.vnpay),
    returnUrl: `${config.publicUrl}/v1/payments/vnpay/return`,
    expiryMinutes: config.paymentExpiryMinutes,
    webBase: config.webOrigin,
    now: () => new Date(),
    log: jsonLogger(),
  }),
);

export const handler = handle(app);
