import type {
  MessageQueue,
  NotificationStore,
  QueuedMessage,
  QueueName,
  WebhookDelivery,
  WebhookStore,
  WebhookSubscription,
} from "../../../functions/core/notify/ports";

const clone = <T>(value: T): T => structuredClone(value);

/** In-memory NotificationStore: the contract of tests/contracts/notification-store.contract.ts. */
export function fakeNotificationStore(): NotificationStore & { deadLetters: { queue: QueueName; message: QueuedMessage; error: string }[] } {
  const sends = new Map<string, { state: "sending" | "sent"; leaseUntil?: number }>();
  const optOuts = new Set<string>();
  const suppressed = new Set<string>();
  const counts = new Map<string, number>();
  const deadLetters: { queue: QueueName; message: QueuedMessage; error: string }[] = [];
  const norm = (a: string) => a.trim().toLowerCase();
  return {
    deadLetters,
    async claimSend(id, now, leaseMs) {
      const current = sends.get(id);
      if (current?.state === "sent") return "sent";
      if (current && current.leaseUntil! >= now.getTime()) return "busy";
      sends.set(id, { state: "sending", leaseUntil: now.getTime() + leaseMs });
      return "claimed";
    },
    async markSent(id) {
      sends.set(id, { state: "sent" });
    },
    async releaseSend(id) {
      if (sends.get(id)?.state === "sending") sends.delete(id);
    },
    async optedOut(code, channel) {
      return optOuts.has(`${code}#${channel}`);
    },
    async optOut(code, channel) {
      optOuts.add(`${code}#${channel}`);
    },
    async suppressed(channel, address) {
      return suppressed.has(`${channel}#${norm(address)}`);
    },
    async suppress(channel, address) {
      suppressed.add(`${channel}#${norm(address)}`);
    },
    async countRecipient(channel, address, hour, cap) {
      const key = `${channel}#${norm(address)}#${hour}`;
      const n = counts.get(key) ?? 0;
      if (n >= cap) return false;
      counts.set(key, n + 1);
      return true;
    },
    async deadLetter(queue, message, error) {
      deadLetters.push({ queue, message: clone(message), error });
    },
  };
}

/** In-memory WebhookStore. */
export function fakeWebhookStore(): WebhookStore {
  const subscriptions = new Map<string, WebhookSubscription>();
  const deliveries = new Map<string, WebhookDelivery & { leaseUntil?: number }>();
  const key = (s: string, d: string) => `${s}#${d}`;
  const strip = ({ leaseUntil: _l, ...d }: WebhookDelivery & { leaseUntil?: number }) => clone(d);
  return {
    async putSubscription(subscription) {
      subscriptions.set(subscription.id, clone(subscription));
    },
    async getSubscription(id) {
      const s = subscriptions.get(id);
      return s && clone(s);
    },
    async listSubscriptions(agencyCode) {
      return [...subscriptions.values()].filter((s) => s.agencyCode === agencyCode).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(clone);
    },
    async removeSubscription(agencyCode, id) {
      if (subscriptions.get(id)?.agencyCode !== agencyCode) return false;
      return subscriptions.delete(id);
    },
    async putDelivery(delivery) {
      const k = key(delivery.subscriptionId, delivery.deliveryId);
      const existing = deliveries.get(k);
      if (existing) return { created: false, delivery: strip(existing) };
      deliveries.set(k, clone(delivery));
      return { created: true, delivery: clone(delivery) };
    },
    async getDelivery(s, d) {
      const found = deliveries.get(key(s, d));
      return found && strip(found);
    },
    async claimDelivery(s, d, now, leaseMs) {
      const found = deliveries.get(key(s, d));
      if (!found || found.status !== "pending" || (found.leaseUntil !== undefined && found.leaseUntil >= now.getTime())) return undefined;
      found.leaseUntil = now.getTime() + leaseMs;
      return strip(found);
    },
    async recordAttempt(s, d, attempt, next) {
      const found = deliveries.get(key(s, d))!;
      found.attempts.push(clone(attempt));
      found.attemptCount++;
      found.status = next.status;
      delete found.leaseUntil;
      if (next.nextAttemptAt) found.nextAttemptAt = next.nextAttemptAt;
      else delete found.nextAttemptAt;
      if (next.lastError) found.lastError = next.lastError;
      if (next.deliveredAt) found.deliveredAt = next.deliveredAt;
    },
    async reopenDelivery(s, d) {
      const found = deliveries.get(key(s, d));
      if (!found) return false;
      found.status = "pending";
      found.attemptCount = 0;
      delete found.leaseUntil;
      delete found.nextAttemptAt;
      return true;
    },
    async listDeliveries(s, page) {
      const all = [...deliveries.values()].filter((d) => d.subscriptionId === s).sort((a, b) => b.deliveryId.localeCompare(a.deliveryId));
      const start = page.cursor ? Number(Buffer.from(page.cursor, "base64url").toString()) : 0;
      const items = all.slice(start, start + page.limit).map(strip);
      const next = start + page.limit < all.length ? Buffer.from(String(start + page.limit)).toString("base64url") : null;
      return { items, nextCursor: next };
    },
  };
}

/** In-memory queues: what was queued, with its delay. */
export function fakeQueue(): MessageQueue & { queued: { queue: QueueName; message: QueuedMessage; delayMs: number }[] } {
  const queued: { queue: QueueName; message: QueuedMessage; delayMs: number }[] = [];
  return {
    queued,
    async enqueue(queue, messages, delayMs = 0) {
      for (const message of messages) queued.push({ queue, message: clone(message), delayMs });
    },
  };
}
