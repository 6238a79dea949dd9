import { ChannelError, type SmsSender } from "../../core/notify/ports";

/**
 * SMS through eSMS.vn's brand-name gateway, as its public API documents it ("Send OTP/Customer care message",
 * https://developers.esms.vn — `POST /MainService.svc/json/SendMultipleMessage_V4_post_json/`): a JSON body with
 * `ApiKey`, `SecretKey`, `Phone`, `Content`, `Brandname`, `SmsType` "2" (customer care, the type a brand name
 * registered for notices uses), `IsUnicode` "0" (the portal writes SMS without diacritics), `Sandbox`, `RequestId`
 * (eSMS refuses a repeated one: our message id, so a retry after a lost answer cannot send twice); the answer
 * `{CodeResult, SMSID, ErrorMessage}`, where "100" is accepted.
 *
 * Locally the portal serves the same endpoint (functions/local/dev-mailbox.ts), so this adapter is what runs.
 */
export interface EsmsOptions {
  /** Default `https://rest.esms.vn`. */
  baseUrl: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  /** eSMS's sandbox flag: accepted and not delivered. */
  sandbox?: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const ESMS_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/";

/** eSMS result codes that retrying cannot change (wrong keys, brand name, balance, number, content); 118: not a valid number. */
const PERMANENT = new Set(["101", "102", "103", "104", "118", "119", "131", "132", "177"]);

/** `0912345678` or `+84912345678` → `0912345678` (the national form eSMS documents). */
export function nationalNumber(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  return digits.startsWith("+84") ? `0${digits.slice(3)}` : digits.startsWith("84") && digits.length === 11 ? `0${digits.slice(2)}` : digits;
}

export function esmsSender(options: EsmsOptions): SmsSender {
  const doFetch = options.fetch ?? fetch;
  return {
    provider: "esms",
    async send({ to, text, requestId }) {
      let response: Response;
      try {
        response = await doFetch(`${options.baseUrl.replace(/\/+$/, "")}${ESMS_PATH}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            ApiKey: options.apiKey,
            SecretKey: options.secretKey,
            Phone: nationalNumber(to),
            Content: text,
            Brandname: options.brandname,
            SmsType: "2",
            IsUnicode: "0",
            Sandbox: options.sandbox ? "1" : "0",
            RequestId: requestId,
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new ChannelError(`eSMS: ${(err as Error).message}`, false);
      }
      if (!response.ok) throw new ChannelError(`eSMS: HTTP ${response.status}`, response.status >= 400 && response.status < 500 && response.status !== 429);
      const body = (await response.json().catch(() => ({}))) as { CodeResult?: string; SMSID?: string; ErrorMessage?: string };
      if (String(body.CodeResult) === "100") return { providerId: body.SMSID };
      const code = String(body.CodeResult);
      throw new ChannelError(`eSMS: CodeResult ${body.CodeResult ?? "?"} ${body.ErrorMessage ?? ""}`.trim(), PERMANENT.has(code), code === "118");
    },
  };
}
