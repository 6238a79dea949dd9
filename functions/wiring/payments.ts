/** The payments function: a dossier's online fee payment, and the gateway's callbacks. */
import { handle } from "hono/aws-lambda";
import { dynamoPaymentStore } from "../adapters/dynamo/payment-store";
import { jsonLogger } from "../adapters/log/json";
import { vnpayProvider } from "../adapters/payment/vnpay";
import type { Config } from "../config";
import type { Logger } from "../core/log";
import { paymentsApp, type PaymentsAppDeps } from "../http/payments-app";
import type { Clients } from "./clients";
import type { Clock } from "./clock";
import { abuseLimitsOf, lambdaRoot, type Served } from "./root";
import { catalogueForDossiers, dossierRepository } from "./shared";

export function paymentsDeps(config: Config, clients: Pick<Clients, "db">, now: Clock, log: Logger): PaymentsAppDeps {
  return {
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    payments: dynamoPaymentStore(clients.db, config.tableName),
    provider: vnpayProvider(config.vnpay),
    returnUrl: `${config.publicUrl}/v1/payments/vnpay/return`,
    expiryMinutes: config.paymentExpiryMinutes,
    webBase: config.webOrigin,
    now,
    log,
  };
}

export function paymentsServes(deps: PaymentsAppDeps): Served {
  // The citizen's POST …/payment is a public write like any other (the gateway's callbacks are exempt, and signed).
  return { apps: [paymentsApp(deps)], limited: true };
}

/** The Lambda handler (functions/payments.ts imports this module on its first request). */
export function paymentsHandler(config: Config, clients: Pick<Clients, "db">, now: Clock = () => new Date()) {
  const log = jsonLogger();
  return handle(lambdaRoot(paymentsServes(paymentsDeps(config, clients, now, log)), log, abuseLimitsOf(config)));
}
