import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Hono } from "hono";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { ESMS_PATH } from "../adapters/notify/esms";

/**
 * The local portal's dev mailbox (docs/notifications.md): every message the portal sends lands here instead of a
 * citizen's inbox or phone, kept in the data folder (`mailbox.jsonl`) so a restart keeps them.
 *
 * - E-mail: a real SMTP server (`smtp-server`, on loopback, a free port) that the portal's SMTP sender (nodemailer)
 *   delivers to; each message is parsed with `mailparser`.
 * - SMS: the same endpoint as eSMS.vn's brand-name API, so the eSMS adapter is what runs locally; the sandbox checks
 *   the keys it was given and refuses a repeated RequestId as eSMS does.
 * - Zalo ZNS: the same endpoint as Zalo's template API, when Zalo is configured locally.
 *
 * `GET /dev/mailbox` (a page) and `GET /dev/mailbox.json` → `{items: [{id, channel, to, subject?, text, at,
 * dossierCode?}]}`, newest first.
 */
export interface MailboxItem {
  id: string;
  channel: "email" | "sms" | "zalo";
  to: string;
  subject?: string;
  text: string;
  at: string;
  dossierCode?: string;
  /** E-mail: the headers a client acts on (List-Unsubscribe). */
  headers?: Record<string, string>;
}

export interface DevMailbox {
  smtpUrl: string;
  items(): MailboxItem[];
  /** The eSMS sandbox's keys (the SMS adapter is configured with them). */
  esms: { apiKey: string; secretKey: string; brandname: string };
  zaloToken: string;
  mount(root: Hono): void;
  close(): Promise<void>;
}

const CODE = /[0-9A-Z]{2,3}(?:\.[0-9A-Z]{2,3}){2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4,}/;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startDevMailbox(options: { dataDir: string; secret: string }): Promise<DevMailbox> {
  const file = join(options.dataDir, "mailbox.jsonl");
  const items: MailboxItem[] = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as MailboxItem];
          } catch {
            return []; // a line cut short by a crash
          }
        })
    : [];
  const keep = (item: MailboxItem) => {
    items.push(item);
    appendFileSync(file, `${JSON.stringify(item)}\n`, { mode: 0o600 });
  };
  const esms = { apiKey: "DEVKEY", secretKey: options.secret.slice(0, 24), brandname: "DVC-LOCAL" };
  const zaloToken = `zalo-${options.secret.slice(0, 16)}`;
  const requestIds = new Set(items.filter((i) => i.channel !== "email").map((i) => i.id));

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    banner: "dichvucong dev mailbox",
    size: 5 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).map((a) => a.text).join(", ");
          const headers: Record<string, string> = {};
          const wanted = new Set(["list-unsubscribe", "list-unsubscribe-post", "x-dossier-code", "content-language"]);
          for (const { key, line } of mail.headerLines) {
            if (wanted.has(key)) headers[key] = line.slice(line.indexOf(":") + 1).trim();
          }
          keep({
            id: mail.messageId ?? randomUUID(),
            channel: "email",
            to,
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            at: new Date().toISOString(),
            dossierCode: headers["x-dossier-code"] ?? CODE.exec(mail.subject ?? "")?.[0],
            headers,
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  const newestFirst = () => [...items].sort((a, b) => b.at.localeCompare(a.at));

  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    items: newestFirst,
    esms,
    zaloToken,
    mount(root) {
      root.get("/dev/mailbox.json", (c) => c.json({ items: newestFirst() }, 200, { "cache-control": "no-store" }));
      root.get("/dev/mailbox", (c) => {
        const rows = newestFirst()
          .map(
            (i) =>
              `<article><h2>${escapeHtml(i.channel.toUpperCase())} → ${escapeHtml(i.to)}${i.subject ? `: ${escapeHtml(i.subject)}` : ""}</h2>` +
              `<p class="meta"><time datetime="${i.at}">${escapeHtml(i.at)}</time>${i.dossierCode ? ` · ${escapeHtml(i.dossierCode)}` : ""}</p>` +
              `<pre>${escapeHtml(i.text)}</pre></article>`,
          )
          .join("\n");
        return c.html(
          `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
            `<title>Hộp thư thử nghiệm — dev mailbox</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}` +
            `article{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}h2{font-size:1rem}.meta{color:#444}pre{white-space:pre-wrap}</style></head>` +
            `<body><main><h1>Hộp thư thử nghiệm (dev mailbox)</h1><p>Mọi thư điện tử, SMS và tin Zalo cổng gửi khi chạy cục bộ: ${items.length}.</p>${rows || "<p>Chưa có thư nào.</p>"}</main></body></html>`,
          200,
          { "cache-control": "no-store" },
        );
      });
      // eSMS.vn's customer-care message API (functions/adapters/notify/esms.ts).
      root.post(`/sandbox/esms${ESMS_PATH}`, async (c) => {
        const body = (await c.req.json().catch(() => ({}))) as Record<string, string>;
        if (body.ApiKey !== esms.apiKey || body.SecretKey !== esms.secretKey) return c.json({ CodeResult: "101", ErrorMessage: "Authorize Failed" });
        if (body.Brandname !== esms.brandname) return c.json({ CodeResult: "104", ErrorMessage: "Brandname does not exist" });
        if (!body.Phone || !/^0\d{9}$/.test(body.Phone)) return c.json({ CodeResult: "118", ErrorMessage: "Invalid phone number" });
        if (!body.Content) return c.json({ CodeResult: "99", ErrorMessage: "Content is empty" });
        const id = body.RequestId || randomUUID();
        if (requestIds.has(id)) return c.json({ CodeResult: "124", ErrorMessage: "RequestId already exists" });
        requestIds.add(id);
        keep({ id, channel: "sms", to: body.Phone, text: body.Content, at: new Date().toISOString(), dossierCode: CODE.exec(body.Content)?.[0] });
        return c.json({ CodeResult: "100", CountRegenerate: 0, SMSID: randomUUID().replace(/-/g, "").slice(0, 31) });
      });
      // Zalo ZNS's template message API (functions/adapters/notify/zalo.ts).
      root.post("/sandbox/zalo/message/template", async (c) => {
        if (c.req.header("access_token") !== zaloToken) return c.json({ error: -124, message: "Access token is invalid" });
        const body = (await c.req.json().catch(() => ({}))) as { phone?: string; template_id?: string; template_data?: Record<string, string>; tracking_id?: string };
        const id = body.tracking_id || randomUUID();
        if (requestIds.has(id)) return c.json({ error: 0, message: "Success", data: { msg_id: id } });
        requestIds.add(id);
        const data = body.template_data ?? {};
        keep({
          id,
          channel: "zalo",
          to: body.phone ?? "",
          subject: `ZNS template ${body.template_id ?? "?"}`,
          text: Object.entries(data).map(([k, v]) => `${k}: ${v}`).join("\n"),
          at: new Date().toISOString(),
          dossierCode: data.dossier_code,
        });
        return c.json({ error: 0, message: "Success", data: { msg_id: id } });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
