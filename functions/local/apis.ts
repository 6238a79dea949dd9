import type { Hono } from "hono";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { mountPortalApis, type Adapters } from "../wiring";
import { sandboxGateway } from "./sandbox-gateway";

/**
 * Every API app under /v1 on the local server, composed by functions/wiring.ts exactly as the Lambda functions
 * compose them, over the portal's one pair of clients; plus the local stand-in for VNPay's payment page.
 */
export function mountApis(root: Hono, adapters: Pick<Adapters, "db" | "s3">, config: Config, now: () => Date = () => new Date()): void {
  mountPortalApis(root, config, { db: adapters.db, s3: adapters.s3 }, jsonLogger(), now);
  if (config.vnpay.payUrl && config.publicUrl) {
    // Never deployed: it shares only the merchant code and secret with the payments app.
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
