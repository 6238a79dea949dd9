import { describe, expect, it } from "vitest";
import { loadConfig } from "../../functions/config";
import { withLinks } from "../../functions/core/notify/fan-out";
import { ChannelError, type OutgoingMessage, type QueuedMessage } from "../../functions/core/notify/ports";
import { handleQueued, processQueued, type SendDeps } from "../../functions/core/notify/send";
import { isPrivateAddress, refusedTarget } from "../../functions/core/notify/targets";
import { render, withoutDiacritics } from "../../functions/core/notify/templates";
import { silentLogger } from "../../functions/core/log";
import { fakeNotificationStore, fakeQueue, fakeWebhookStore } from "../support/fakes";

/** The senders over in-memory stores (functions/core/notify/send.ts): what is sent, skipped, retried, given up. */
const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: "m1",
  channel: "email",
  to: "an@example.vn",
  language: "vi",
  subject: "Hồ sơ X",
  text: "Hồ sơ X. Từ chối: \u27e6opt-out\u27e7",
  dossierCode: "000.00.31.H99-261202-0001",
  eventId: "000.00.31.H99-261202-0001/3/0",
  eventType: "dossier.received",
  ...over,
});

function deps(over: Partial<SendDeps> = {}) {
  const sent: { to: string; text: string; headers: Record<string, string> }[] = [];
  const base = {
    notifications: fakeNotificationStore(),
    webhooks: fakeWebhookStore(),
    email: { provider: "test", send: async (m: { to: string; text: string; headers: Record<string, string> }) => (sent.push(m), { providerId: "p" }) },
    transport: { post: async () => ({ status: 200, latencyMs: 1 }) },
    links: { base: "https://dvc.example.vn", secret: "s3cret" },
    now: () => new Date("2026-12-02T03:00:00Z"),
    perRecipientPerHour: 2,
    messageSchedule: [1000, 2000],
    webhookSchedule: [5000],
    webhookTimeoutMs: 1000,
    random: () => 1,
    jitter: 0.2,
    log: silentLogger,
    queue: fakeQueue(),
    ...over,
  } satisfies SendDeps & { queue: ReturnType<typeof fakeQueue> };
  return { d: base, sent };
}
const citizen = (m = message(), attempt = 0): QueuedMessage => ({ kind: "citizen", message: m, attempt });

describe("sending a citizen's message", () => {
  it("sends once with its links written in, whatever the number of times the queue hands it over", async () => {
    const { d, sent } = deps();
    expect(await handleQueued(d, citizen())).toEqual({ kind: "done", detail: "sent" });
    expect(await handleQueued(d, citizen())).toEqual({ kind: "done", detail: "duplicate" });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/Từ chối: https:\/\/dvc\.example\.vn\/v1\/notifications\/opt-out\?dossier=.+&channel=email&sig=/);
    expect(sent[0]!.headers["List-Unsubscribe"]).toBe(`<${withLinks(message(), d.links).optOutUrl}>`);
  });

  it("skips a dossier's opted-out channel and a suppressed address", async () => {
    const { d, sent } = deps();
    await d.notifications.optOut(message().dossierCode, "email", d.now());
    expect(await handleQueued(d, citizen())).toEqual({ kind: "done", detail: "opted_out" });
    await d.notifications.suppress("email", "other@example.vn", "bounce", d.now());
    expect(await handleQueued(d, citizen(message({ id: "m2", dossierCode: "other", to: "other@example.vn" })))).toEqual({ kind: "done", detail: "suppressed" });
    expect(sent).toEqual([]);
  });

  it("holds a recipient's messages past the hourly cap until the next hour, and sends them then", async () => {
    const { d, sent } = deps();
    for (const id of ["a", "b"]) expect((await handleQueued(d, citizen(message({ id })))).kind).toBe("done");
    const held = await handleQueued(d, citizen(message({ id: "c" })));
    expect(held).toMatchObject({ kind: "retry", error: "recipient rate cap" });
    expect((held as { delayMs: number }).delayMs).toBe(3_600_000 + 1_000); // 03:00 → 04:00, and a second
    expect(sent).toHaveLength(2);
    const nextHour = { ...d, now: () => new Date("2026-12-02T04:00:01Z") };
    expect(await handleQueued(nextHour, citizen(message({ id: "c" })))).toEqual({ kind: "done", detail: "sent" });
  });

  it("retries a failing provider on the schedule, never sooner than the schedule says, then gives up as a dead letter", async () => {
    const { d } = deps({ perRecipientPerHour: 10, email: { provider: "down", send: async () => Promise.reject(new ChannelError("421 try later", false)) } });
    const first = await processQueued(d, "email", citizen());
    expect(first).toMatchObject({ kind: "retry", delayMs: 1200 }); // 1000 ms + 20% jitter at most
    const second = await processQueued(d, "email", citizen(message(), 1));
    expect(second).toMatchObject({ kind: "retry", delayMs: 2400 });
    const third = await processQueued(d, "email", citizen(message(), 2));
    expect(third).toEqual({ kind: "dead", error: "421 try later" });
    expect(d.queue.queued.map((q) => [q.delayMs, q.message.attempt])).toEqual([[1200, 1], [2400, 2]]);
    expect((d.notifications as ReturnType<typeof fakeNotificationStore>).deadLetters).toHaveLength(1);
    // A refused message is not retried.
    const refused = deps({ email: { provider: "x", send: async () => Promise.reject(new ChannelError("550 no such user", true, true)) } });
    expect(await handleQueued(refused.d, citizen())).toEqual({ kind: "dead", error: "550 no such user" });
    // ... and the address refused is suppressed: the next message to it is not tried.
    expect(await handleQueued(refused.d, citizen(message({ id: "m9" })))).toEqual({ kind: "done", detail: "suppressed" });
  });
});

describe("webhooks", () => {
  it("retries deliveries for more than 24 hours by default (Standard Webhooks' schedule)", () => {
    const total = loadConfig([], {}).notify.webhookScheduleMs.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(24 * 3_600_000);
  });

  it("refuses loopback, private, link-local and metadata targets unless allowed, and non-https deployed", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ["8.8.8.8", "203.113.131.1", "2001:4860:4860::8888"]) expect(isPrivateAddress(ip), ip).toBe(false);
    expect(refusedTarget("http://example.vn/hook", false)).toBe("only https URLs");
    expect(refusedTarget("https://127.0.0.1/hook", false)).toBe("a private or loopback address");
    expect(refusedTarget("https://[::1]/hook", false)).toBe("a private or loopback address");
    expect(refusedTarget("https://localhost/hook", false)).toBe("a private host");
    expect(refusedTarget("https://user:pw@example.vn/hook", false)).toBe("no credentials in the URL");
    expect(refusedTarget("https://example.vn/hook", false)).toBeUndefined();
    expect(refusedTarget("http://127.0.0.1:9000/hook", true)).toBeUndefined();
  });
});

describe("templates", () => {
  it("writes every notified event in both languages, an SMS without diacritics, and never an ID number", async () => {
    const types = ["dossier.received", "dossier.supplement_requested", "dossier.intake_rejected", "dossier.transferred", "dossier.approved", "dossier.denied", "dossier.result_returned", "dossier.apologized", "payment.pending", "payment.paid", "payment.failed"] as const;
    for (const type of types) {
      for (const language of ["vi", "en"] as const) {
        const out = render(
          {
            event: {
              id: "C/3/0",
              type,
              dossierCode: "C",
              version: 3,
              at: "2026-12-02T03:00:00Z",
              actor: { type: "system" },
              data: { status: "received", previousStatus: "submitted", procedureCode: "1.001193", agencyCode: "A", receivingAgencyCode: "A", dueAt: "2026-12-03T03:00:00Z", newDueAt: "2026-12-05T03:00:00Z", payment: { reference: "R1", amount: 50000, status: "paid", provider: "vnpay" } },
            },
            code: "000.00.31.H99-261202-0001",
            procedureName: "Đăng ký khai sinh",
            agencyName: "UBND phường Thử Nghiệm",
            documentNames: {},
            delivery: "online",
            trackUrl: "T",
            optOutUrl: "O",
          },
          language,
        )!;
        expect(out.subject, `${type} ${language}`).toContain("000.00.31.H99-261202-0001");
        expect(out.sms).toBe(withoutDiacritics(out.sms));
        expect(out.sms.length, `${type} ${language}: ${out.sms}`).toBeLessThanOrEqual(160);
        expect(out.text).toContain("O");
      }
    }
  });
});
