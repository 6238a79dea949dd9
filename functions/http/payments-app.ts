import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { pickLanguage } from "../core/messages";
import { readReturn, receiveNotification, startPayment, type PaymentDeps } from "../core/payment/service";
import { createApp } from "./app";
import { bearer, jsonResponse, problems } from "./schemas";
import { problemResponse } from "./problem";
import { clientAddress } from "./rate-limit";

const tags = ["Payments"];
const CodeParam = z.object({ code: z.string().min(1).max(64).openapi({ example: "000.00.15.H99-261124-0001" }) });
const TokenHeader = z.object({
  authorization: z.string().optional().openapi({ description: "Bearer <accessToken> returned at creation" }),
});

const PaymentStarted = z
  .object({
    paymentUrl: z.string().openapi({ description: "Send the browser here (the gateway's signed payment page)" }),
    reference: z.string().openapi({ example: "DVC261123K7M2Q9X4PA" }),
    amount: z.number().int().openapi({ description: "VND: the procedure's fee", example: 50000 }),
    currency: z.literal("VND"),
    status: z.literal("pending"),
    provider: z.string().openapi({ example: "vnpay" }),
    expiresAt: z.string().openapi({ description: "After this the gateway refuses the attempt; ask again for a new one" }),
  })
  .openapi("PaymentStarted");
/** The started payment's shape, for the web (type-only). */
export type PaymentStartedView = z.infer<typeof PaymentStarted>;

const vnpField = (description: string) => z.string().optional().openapi({ description });
/** What VNPay appends to the return URL and sends to the IPN URL (all signed by vnp_SecureHash). */
const VnpayCallbackQuery = z.object({
  vnp_TmnCode: vnpField("Merchant terminal code"),
  vnp_Amount: vnpField("Amount × 100"),
  vnp_BankCode: vnpField("Bank"),
  vnp_BankTranNo: vnpField("Bank transaction number"),
  vnp_CardType: vnpField("ATM, QRCODE, …"),
  vnp_OrderInfo: vnpField("Order description"),
  vnp_PayDate: vnpField("yyyyMMddHHmmss, GMT+7"),
  vnp_ResponseCode: vnpField('"00" success'),
  vnp_TransactionNo: vnpField("VNPay transaction number"),
  vnp_TransactionStatus: vnpField('"00" success'),
  vnp_TxnRef: vnpField("Our payment reference"),
  vnp_SecureHashType: vnpField("Ignored (HMAC-SHA512 is implied)"),
  vnp_SecureHash: vnpField("HMAC-SHA512 (hex) of the other vnp_* parameters"),
});

const ReturnResult = z
  .object({
    verified: z.literal(true),
    reference: z.string(),
    dossierCode: z.string().nullable(),
    gateway: z.enum(["success", "failed"]).openapi({ description: "What the gateway told the browser" }),
    status: z
      .enum(["pending", "paid", "failed", "refunded", "unknown"])
      .openapi({ description: "What the dossier says: pending until the gateway's notification (IPN) lands" }),
    amount: z.number(),
  })
  .openapi("PaymentReturn");

const IpnAnswer = z
  .object({
    RspCode: z.enum(["00", "01", "02", "04", "97", "99"]),
    Message: z.string(),
  })
  .openapi("VnpayIpnAnswer", {
    description:
      "VNPay's documented answers: 00 Confirm Success, 01 Order not found, 02 Order already confirmed, 04 Invalid amount, 97 Invalid signature, 99 Unknown error",
  });

const routes = {
  start: createRoute({
    method: "post",
    path: "/v1/dossiers/{code}/payment",
    tags,
    security: [{ accessToken: [] }],
    summary: "Start (or resume) the online payment of the procedure's fee",
    description:
      "The amount is the procedure's fee, never the client's. While an attempt is pending and not expired the same attempt is returned (200); otherwise a new one (201), the old one kept in the dossier's `payments`. 409 `payment.already_paid`; 422 `payment.not_required` for a procedure without a fee.",
    request: {
      params: CodeParam,
      headers: TokenHeader,
      body: {
        required: false,
        content: {
          "application/json": {
            schema: z.object({
              language: z.enum(["vi", "en"]).optional().openapi({ description: "The gateway page's language (default: Accept-Language)" }),
            }),
          },
        },
      },
    },
    responses: {
      200: jsonResponse(PaymentStarted, "The attempt already pending"),
      201: jsonResponse(PaymentStarted, "A new attempt"),
      ...problems(400, 404, 409, 422),
    },
  }),
  vnpayReturn: createRoute({
    method: "get",
    path: "/v1/payments/vnpay/return",
    tags,
    summary: "Where VNPay sends the browser back (verifies; changes nothing)",
    description:
      "Verifies the signature and the amount, then redirects (303) to the web front-end's tracking page `/track/{code}?payment=<pending|paid|failed>&gateway=<success|failed>&ref=<reference>` (`&lang=en` for English) — or answers JSON when the request's Accept prefers application/json. Only the server-to-server notification (IPN) marks a payment paid or failed: a return seen first shows `pending`. A forged return redirects to `/track?payment=invalid` (JSON: 400 `payment.invalid_callback`).",
    request: { query: VnpayCallbackQuery },
    responses: {
      200: jsonResponse(ReturnResult, "The verified return (Accept: application/json)"),
      303: { description: "To the web front-end's tracking page", headers: z.object({ location: z.string() }) },
      ...problems(400),
    },
  }),
  vnpayIpn: createRoute({
    method: "get",
    path: "/v1/payments/vnpay/ipn",
    tags,
    summary: "VNPay's server-to-server payment notification (IPN)",
    description:
      "Verifies the signature, the reference, the amount (our amount × 100) and that the attempt is pending, then marks it paid (vnp_ResponseCode and vnp_TransactionStatus both \"00\") or failed, with one conditional write. Repeats answer 02 and change nothing.",
    request: { query: VnpayCallbackQuery },
    responses: { 200: jsonResponse(IpnAnswer, "Always 200 with VNPay's RspCode") },
  }),
};

export interface PaymentsAppDeps extends PaymentDeps {
  /** The web front-end's origin for the return redirect ("" = the API's own origin, as locally). */
  webBase: string;
}

/** The address the gateway asks for (vnp_IpAddr): the client's, or the loopback when it cannot be known. */
function ipOf(c: Context): string {
  const address = clientAddress(c);
  return address && address !== "unknown" && address.length <= 45 ? address : "127.0.0.1";
}

const wantsJson = (c: Context) => {
  const accept = c.req.header("accept") ?? "";
  return /application\/(problem\+)?json/i.test(accept) && !/text\/html/i.test(accept);
};

/** The online payment of a dossier's fee (docs/domain.md "Fees and payment"), through VNPay's protocol. */
export function paymentsApp(deps: PaymentsAppDeps) {
  const app = createApp();
  const base = () => (deps.webBase === "*" ? "" : deps.webBase.replace(/\/+$/, ""));

  return app
    .openapi(routes.start, async (c) => {
      const body = (c.req.valid("json") ?? {}) as { language?: "vi" | "en" };
      const locale = body.language ?? pickLanguage(c.req.header("accept-language"));
      const { created, payment } = await startPayment(deps, c.req.valid("param").code, bearer(c.req.header("authorization")), {
        locale,
        ipAddr: ipOf(c),
      });
      c.header("cache-control", "no-store");
      return created ? c.json(payment, 201) : c.json(payment, 200);
    })
    .openapi(
      routes.vnpayReturn,
      async (c) => {
        const result = await readReturn(deps, new URL(c.req.url).searchParams);
        c.header("cache-control", "no-store");
        if (wantsJson(c)) {
          if (!result.verified) return problemResponse(c, 400, "payment.invalid_callback") as never;
          const { locale: _locale, ...shown } = result;
          return c.json(shown, 200);
        }
        if (!result.verified) return c.redirect(`${base()}/track?payment=invalid`, 303) as never;
        if (!result.dossierCode) return c.redirect(`${base()}/track?payment=unknown`, 303) as never;
        const query = new URLSearchParams({ payment: result.status, gateway: result.gateway, ref: result.reference });
        if (result.locale === "en") query.set("lang", "en");
        return c.redirect(`${base()}/track/${encodeURIComponent(result.dossierCode)}?${query}`, 303) as never;
      },
      // A query that does not even parse is a forged return too.
      (result, c) => {
        if (result.success) return;
        return wantsJson(c) ? problemResponse(c, 400, "payment.invalid_callback") : c.redirect(`${base()}/track?payment=invalid`, 303);
      },
    )
    .openapi(
      routes.vnpayIpn,
      async (c) => {
        c.header("cache-control", "no-store");
        try {
          const outcome = await receiveNotification(deps, new URL(c.req.url).searchParams);
          return c.json(deps.provider.notificationAnswer(outcome).body as z.infer<typeof IpnAnswer>, 200);
        } catch (err) {
          // VNPay retries on anything but a definitive answer: say "unknown error" and let it come back.
          c.get("log").error("payment notification failed", { error: err instanceof Error ? err : String(err) });
          return c.json(deps.provider.notificationAnswer("error").body as z.infer<typeof IpnAnswer>, 200);
        }
      },
      (result, c) => {
        if (result.success) return;
        return c.json(deps.provider.notificationAnswer("invalid_signature").body as z.infer<typeof IpnAnswer>, 200);
      },
    );
}
