import type { Hono } from "hono";
import type { Adapters } from "../adapters";
import type { Config } from "../config";
import { agencyApp } from "../http/agency-app";
import { calendarApp } from "../http/calendar-app";
import { catalogueApp } from "../http/catalogue-app";
import { dossiersApp } from "../http/dossiers-app";
import { openApiApp } from "../http/openapi-app";
import { abuseLimits } from "../http/rate-limit";
import { statsApp } from "../http/stats-app";
import { systemApp } from "../http/system";
import { paymentsApp } from "../http/payments-app";
import { vnpayProvider } from "../adapters/payment/vnpay";
import { sandboxGateway } from "./sandbox-gateway";

/** Mounts every API app under /v1 on the local server: the same apps the Lambda entries serve. */
export function mountApis(root: Hono, adapters: Adapters, config: Config, now: () => Date = () => new Date()): void {
  const dossierDeps = {
    dossiers: adapters.dossiers,
    catalogue: adapters.catalogue,
    files: adapters.files,
    idempotency: adapters.idempotency,
    tokenSecret: config.tokenSecret,
    now,
  };
  // Before the apps, so a throttled request is refused before its body is read.
  root.use("/v1/*", abuseLimits({ writesPerMinute: config.rateLimitPerMinute, notFoundPerMinute: config.notFoundLimitPerMinute }));
  root.route("/", systemApp(adapters.probes));
  root.route("/", openApiApp());
  root.route("/", dossiersApp(dossierDeps));
  root.route("/", agencyApp({ ...dossierDeps, keys: adapters.keys }));
  root.route("/", statsApp({ stats: adapters.stats, catalogue: adapters.catalogue, now }));
  root.route("/", catalogueApp({ catalogue: adapters.catalogue, refreshMs: config.catalogueRefreshMs }));
  root.route("/", calendarApp({ catalogue: adapters.catalogue, refreshMs: config.catalogueRefreshMs, now }));
  if (config.vnpay.payUrl && config.publicUrl) {
    root.route(
      "/",
      paymentsApp({
        dossiers: adapters.dossiers,
        catalogue: adapters.catalogue,
        payments: adapters.payments,
        provider: vnpayProvider(config.vnpay),
        returnUrl: `${config.publicUrl}/v1/payments/vnpay/return`,
        expiryMinutes: config.paymentExpiryMinutes,
        webBase: config.webOrigin,
        now,
      }),
    );
    // The local stand-in for VNPay's payment page (never deployed): it shares only the merchant code and secret.
    root.route(
      "/",
      sandboxGateway({
        tmnCode: config.vnpay.tmnCode,
        hashSecret: config.vnpay.hashSecret,
        ipnUrl: `${config.publicUrl}/v1/payments/vnpay/ipn`,
        now,
      }),
    );
  }
}
