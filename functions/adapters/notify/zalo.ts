import type { EventType } from "../../core/dossier/events";
import { ChannelError, type ZaloSender } from "../../core/notify/ports";
import { nationalNumber } from "./esms";

/**
 * Zalo Notification Service (ZNS), as Zalo's Official Account API documents it: `POST
 * https://business.openapi.zalo.me/message/template` with the OA's `access_token` header and `{phone: "84…",
 * template_id, template_data, tracking_id}`; the answer `{error, message, data: {msg_id}}`, `error` 0 when sent.
 * ZNS sends only templates Zalo approved: one per event, configured (ZALO_TEMPLATES, `{"dossier.received": "123"}`);
 * an event without one is not sent on Zalo. Off unless ZALO_ACCESS_TOKEN is set.
 */
export interface ZaloOptions {
  baseUrl: string;
  accessToken: string;
  templates: Partial<Record<EventType, string>>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** 0912345678 → 84912345678 (ZNS wants the international form without the plus). */
export function zaloPhone(phone: string): string {
  return `84${nationalNumber(phone).replace(/^0/, "")}`;
}

export function znsSender(options: ZaloOptions): ZaloSender {
  const doFetch = options.fetch ?? fetch;
  return {
    provider: "zalo-zns",
    handles: (eventType) => Boolean(options.templates[eventType]),
    async send({ phone, eventType, params, trackingId }) {
      let response: Response;
      try {
        response = await doFetch(`${options.baseUrl.replace(/\/+$/, "")}/message/template`, {
          method: "POST",
          headers: { "content-type": "application/json", access_token: options.accessToken },
          body: JSON.stringify({ phone: zaloPhone(phone), template_id: options.templates[eventType], template_data: params, tracking_id: trackingId }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new ChannelError(`Zalo: ${(err as Error).message}`, false);
      }
      if (!response.ok) throw new ChannelError(`Zalo: HTTP ${response.status}`, response.status >= 400 && response.status < 500 && response.status !== 429);
      const body = (await response.json().catch(() => ({}))) as { error?: number; message?: string; data?: { msg_id?: string } };
      if (body.error === 0) return { providerId: body.data?.msg_id };
      // Negative codes are Zalo's refusals (bad template, phone not on Zalo, quota); a missing code is an outage.
      throw new ChannelError(`Zalo: error ${body.error ?? "?"} ${body.message ?? ""}`.trim(), typeof body.error === "number" && body.error !== -32);
    },
  };
}
