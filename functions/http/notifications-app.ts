import { createRoute, z } from "@hono/zod-openapi";
import { timingSafeEqual } from "node:crypto";
import { ValidationError } from "../core/errors";
import { pickLanguage } from "../core/messages";
import { optOutSignature } from "../core/notify/fan-out";
import type { NotificationStore } from "../core/notify/ports";
import { CITIZEN_CHANNELS } from "../core/notify/templates";
import { createApp } from "./app";
import { problems } from "./schemas";

/**
 * The opt-out link in every citizen's message (docs/notifications.md): per dossier and channel, signed so it cannot
 * be made for another dossier. GET shows what the link does with a button (a mail scanner that follows links
 * opts nobody out); POST — the button, or a mail client's RFC 8058 one-click `List-Unsubscribe-Post` — records it,
 * at once: the next message on that channel for that dossier is not sent.
 */
const tags = ["Notifications"];
const Query = z.object({
  dossier: z.string().min(1).max(64),
  channel: z.enum(CITIZEN_CHANNELS as ["email", "sms", "zalo"]),
  sig: z.string().min(1).max(64),
});
const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });

const routes = {
  page: createRoute({
    method: "get",
    path: "/v1/notifications/opt-out",
    tags,
    summary: "The opt-out link's page: what it stops, and a button to stop it",
    request: { query: Query },
    responses: { 200: html("The confirmation page"), ...problems(400) },
  }),
  optOut: createRoute({
    method: "post",
    path: "/v1/notifications/opt-out",
    tags,
    summary: "Stop the messages on one channel for one dossier (the page's button, or RFC 8058 one-click)",
    request: { query: Query },
    responses: { 200: html("Stopped"), ...problems(400) },
  }),
};

export interface OptOutDeps {
  notifications: Pick<NotificationStore, "optOut">;
  secret: string;
  now: () => Date;
}

const CHANNEL_NAMES = { vi: { email: "thư điện tử", sms: "tin nhắn SMS", zalo: "Zalo" }, en: { email: "e-mail", sms: "SMS", zalo: "Zalo" } } as const;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(language: "vi" | "en", title: string, body: string): string {
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}` +
    `button{font:inherit;padding:.5rem 1rem}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  );
}

export function notificationsApp(deps: OptOutDeps) {
  const app = createApp();
  const verified = (query: z.infer<typeof Query>) => {
    const expected = Buffer.from(optOutSignature(deps.secret, query.dossier, query.channel));
    const given = Buffer.from(query.sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ValidationError("notification.opt_out_invalid", [{ path: "sig", message: "notification.opt_out_invalid" }]);
    }
    return query;
  };
  return app
    .openapi(routes.page, (c) => {
      const query = verified(c.req.valid("query"));
      const language = pickLanguage(c.req.header("accept-language"));
      const channel = CHANNEL_NAMES[language][query.channel];
      const action = `/v1/notifications/opt-out?${new URLSearchParams(query)}`;
      const title = language === "vi" ? "Từ chối nhận thông báo" : "Stop notifications";
      const text =
        language === "vi"
          ? `Ngừng gửi ${channel} về hồ sơ ${escapeHtml(query.dossier)}. Các kênh khác và các hồ sơ khác không thay đổi.`
          : `Stop sending ${channel} about dossier ${escapeHtml(query.dossier)}. Other channels and other dossiers are not changed.`;
      const button = language === "vi" ? "Ngừng nhận" : "Stop";
      return c.html(page(language, title, `<p>${text}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${button}</button></form>`), 200, {
        "cache-control": "no-store",
      });
    })
    .openapi(routes.optOut, async (c) => {
      const query = verified(c.req.valid("query"));
      await deps.notifications.optOut(query.dossier, query.channel, deps.now());
      const language = pickLanguage(c.req.header("accept-language"));
      const channel = CHANNEL_NAMES[language][query.channel];
      const title = language === "vi" ? "Đã ngừng gửi thông báo" : "Notifications stopped";
      const text =
        language === "vi"
          ? `Cổng sẽ không gửi ${channel} về hồ sơ ${escapeHtml(query.dossier)} nữa. Anh/chị vẫn tra cứu được hồ sơ trên Cổng.`
          : `The portal will send no more ${channel} about dossier ${escapeHtml(query.dossier)}. You can still track it on the portal.`;
      return c.html(page(language, title, `<p>${text}</p>`), 200, { "cache-control": "no-store" });
    });
}
