import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NotificationStore, WebhookDelivery, WebhookStore } from "../../functions/core/notify/ports";

/**
 * The contracts of `NotificationStore` and `WebhookStore` (functions/core/notify/ports.ts): what the senders rely on
 * to send a message once (a claim with a lease), honour opt-outs and suppressions, cap recipients, and keep a
 * webhook delivery's attempts.
 */
export function describeNotificationStoreContract(name: string, makePort: () => Promise<NotificationStore>) {
  describe(`NotificationStore contract: ${name}`, () => {
    const t0 = new Date("2026-12-02T03:00:00Z");
    const later = (ms: number) => new Date(t0.getTime() + ms);

    it("lets one worker claim a message; a second is busy while the lease holds, and takes over once it lapsed", async () => {
      const store = await makePort();
      const id = randomUUID();
      expect(await store.claimSend(id, t0, 60_000)).toBe("claimed");
      expect(await store.claimSend(id, later(1_000), 60_000)).toBe("busy");
      expect(await store.claimSend(id, later(61_000), 60_000)).toBe("claimed");
    });

    it("answers sent for a message marked sent, whatever the lease", async () => {
      const store = await makePort();
      const id = randomUUID();
      await store.claimSend(id, t0, 60_000);
      await store.markSent(id, later(10), { channel: "email", provider: "smtp", providerId: "x", dossierCode: "C" });
      expect(await store.claimSend(id, later(20), 60_000)).toBe("sent");
      expect(await store.claimSend(id, later(3_600_000), 60_000)).toBe("sent");
    });

    it("gives a released claim back at once, but never releases a sent message", async () => {
      const store = await makePort();
      const id = randomUUID();
      await store.claimSend(id, t0, 60_000);
      await store.releaseSend(id);
      expect(await store.claimSend(id, later(1), 60_000)).toBe("claimed");
      await store.markSent(id, later(2), { channel: "sms", provider: "esms", dossierCode: "C" });
      await store.releaseSend(id);
      expect(await store.claimSend(id, later(3), 60_000)).toBe("sent");
    });

    it("records an opt-out per dossier and channel", async () => {
      const store = await makePort();
      const code = `C-${randomUUID()}`;
      expect(await store.optedOut(code, "email")).toBe(false);
      await store.optOut(code, "email", t0);
      expect(await store.optedOut(code, "email")).toBe(true);
      expect(await store.optedOut(code, "sms")).toBe(false);
      expect(await store.optedOut(`${code}x`, "email")).toBe(false);
    });

    it("suppresses an address whatever its case and surrounding spaces", async () => {
      const store = await makePort();
      const address = `${randomUUID()}@Example.vn`;
      await store.suppress("email", address, "bounce", t0);
      expect(await store.suppressed("email", ` ${address.toLowerCase()} `)).toBe(true);
      expect(await store.suppressed("sms", address)).toBe(false);
    });

    it("counts a recipient's messages per hour up to the cap, and starts again the next hour", async () => {
      const store = await makePort();
      const to = `${randomUUID()}@example.vn`;
      const counted = [];
      for (let i = 0; i < 4; i++) counted.push(await store.countRecipient("email", to, "2026-12-02T03", 3));
      expect(counted).toEqual([true, true, true, false]);
      expect(await store.countRecipient("email", to, "2026-12-02T04", 3)).toBe(true);
      expect(await store.countRecipient("sms", to, "2026-12-02T03", 3)).toBe(true);
    });
  });
}

export function describeWebhookStoreContract(name: string, makePort: () => Promise<WebhookStore>) {
  describe(`WebhookStore contract: ${name}`, () => {
    const t0 = new Date("2026-12-02T03:00:00Z");
    const subscription = (agencyCode: string, createdAt = t0.toISOString()) => ({
      id: `wh_${randomUUID().slice(0, 8)}`,
      agencyCode,
      url: "https://example.vn/hook",
      events: null,
      secrets: [{ secret: "whsec_c2VjcmV0", createdAt }],
      createdAt,
    });
    const delivery = (subscriptionId: string, n: number): WebhookDelivery => ({
      deliveryId: `2026120203000000${n}-${randomUUID().slice(0, 8)}`,
      subscriptionId,
      agencyCode: "A",
      eventId: `C/${n}/0`,
      eventType: "dossier.received",
      payload: `{"n":${n}}`,
      eventAt: t0.toISOString(),
      status: "pending",
      attempts: [],
      attemptCount: 0,
      createdAt: t0.toISOString(),
    });

    it("keeps an agency's subscriptions apart from another's, oldest first, and removes only its own", async () => {
      const store = await makePort();
      const agency = `A-${randomUUID()}`;
      const first = subscription(agency, "2026-12-01T00:00:00Z");
      const second = subscription(agency, "2026-12-02T00:00:00Z");
      const other = subscription(`B-${randomUUID()}`);
      for (const s of [second, other, first]) await store.putSubscription(s);
      expect((await store.listSubscriptions(agency)).map((s) => s.id)).toEqual([first.id, second.id]);
      expect(await store.getSubscription(other.id)).toEqual(other);
      expect(await store.removeSubscription(agency, other.id)).toBe(false);
      expect(await store.removeSubscription(agency, first.id)).toBe(true);
      expect(await store.getSubscription(first.id)).toBeUndefined();
    });

    it("writes a delivery once: putting it again answers the stored one", async () => {
      const store = await makePort();
      const d = delivery("wh_1", 1);
      expect((await store.putDelivery(d)).created).toBe(true);
      await store.claimDelivery(d.subscriptionId, d.deliveryId, t0, 60_000);
      await store.recordAttempt(d.subscriptionId, d.deliveryId, { at: t0.toISOString(), status: 500, latencyMs: 3 }, { status: "pending", lastError: "HTTP 500" });
      const again = await store.putDelivery(d);
      expect(again.created).toBe(false);
      expect(again.delivery).toMatchObject({ attemptCount: 1, lastError: "HTTP 500" });
    });

    it("leases a pending delivery to one worker; records attempts in order; a delivered one is not claimed again", async () => {
      const store = await makePort();
      const d = delivery(`wh_${randomUUID()}`, 2);
      await store.putDelivery(d);
      expect(await store.claimDelivery(d.subscriptionId, d.deliveryId, t0, 60_000)).toMatchObject({ deliveryId: d.deliveryId });
      expect(await store.claimDelivery(d.subscriptionId, d.deliveryId, new Date(t0.getTime() + 1000), 60_000)).toBeUndefined();
      await store.recordAttempt(d.subscriptionId, d.deliveryId, { at: "a1", status: 503, latencyMs: 5 }, { status: "pending", nextAttemptAt: "n1", lastError: "HTTP 503" });
      expect(await store.claimDelivery(d.subscriptionId, d.deliveryId, new Date(t0.getTime() + 2000), 60_000)).toBeDefined();
      await store.recordAttempt(d.subscriptionId, d.deliveryId, { at: "a2", status: 200, latencyMs: 4 }, { status: "delivered", deliveredAt: "d2" });
      const stored = await store.getDelivery(d.subscriptionId, d.deliveryId);
      expect(stored).toMatchObject({ status: "delivered", attemptCount: 2, deliveredAt: "d2" });
      expect(stored!.attempts.map((a) => a.status)).toEqual([503, 200]);
      expect(stored!.nextAttemptAt).toBeUndefined();
      expect(await store.claimDelivery(d.subscriptionId, d.deliveryId, new Date(t0.getTime() + 999_999), 60_000)).toBeUndefined();
    });

    it("reopens a delivery for a replay with its count started again and its history kept", async () => {
      const store = await makePort();
      const d = delivery(`wh_${randomUUID()}`, 3);
      await store.putDelivery(d);
      await store.claimDelivery(d.subscriptionId, d.deliveryId, t0, 60_000);
      await store.recordAttempt(d.subscriptionId, d.deliveryId, { at: "a1", status: 500, latencyMs: 1 }, { status: "dead", lastError: "HTTP 500" });
      expect(await store.reopenDelivery(d.subscriptionId, d.deliveryId)).toBe(true);
      expect(await store.reopenDelivery(d.subscriptionId, "nope")).toBe(false);
      expect(await store.getDelivery(d.subscriptionId, d.deliveryId)).toMatchObject({ status: "pending", attemptCount: 0, attempts: [{ status: 500 }] });
      expect(await store.claimDelivery(d.subscriptionId, d.deliveryId, t0, 60_000)).toBeDefined();
    });

    it("lists a subscription's deliveries newest first, page by page", async () => {
      const store = await makePort();
      const id = `wh_${randomUUID()}`;
      const all = [1, 2, 3, 4, 5].map((n) => delivery(id, n));
      for (const d of all) await store.putDelivery(d);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDeliveries(id, { limit: 2, cursor });
        seen.push(...page.items.map((d) => d.deliveryId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all.map((d) => d.deliveryId).reverse());
    });
  });
}
