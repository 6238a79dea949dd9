import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { EVENT_TYPES } from "../dossier/events";
import { NotFoundError, RuleError } from "../errors";
import { deliveryId } from "./fan-out";
import type { MessageQueue, WebhookDelivery, WebhookStore, WebhookSubscription } from "./ports";
import { refusedTarget } from "./targets";

/**
 * Agencies' webhook subscriptions (docs/notifications.md): made, listed, removed, rotated, tested, and their
 * deliveries listed and replayed — for the API (`/v1/agency/webhooks…`) and the CLI (`webhooks …`) alike.
 */
export interface WebhookDeps {
  webhooks: WebhookStore;
  queue: MessageQueue;
  now: () => Date;
  /** Let subscriptions point at loopback and private addresses (local portal only, WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivateTargets: boolean;
  /** How long a rotated-out secret still signs (hours). */
  rotationGraceHours: number;
}

export const SubscribeInput = z.object({
  url: z.string().min(1).max(2000),
  events: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length).optional(),
});
export type SubscribeInput = z.infer<typeof SubscribeInput>;

/** A new Standard Webhooks secret: `whsec_` and 24 random bytes, base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export async function subscribe(deps: WebhookDeps, agencyCode: string, input: SubscribeInput): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const refused = refusedTarget(input.url, deps.allowPrivateTargets);
  if (refused) {
    throw new RuleError("webhook.url_refused", { params: { reason: refused }, errors: [{ path: "url", message: "webhook.url_refused" }] });
  }
  const existing = await deps.webhooks.listSubscriptions(agencyCode);
  if (existing.length >= 10) throw new RuleError("webhook.too_many", { params: { max: 10 } });
  const secret = newWebhookSecret();
  const at = deps.now().toISOString();
  const subscription: WebhookSubscription = {
    id: `wh_${randomUUID().replace(/-/g, "").slice(0, 20)}`,
    agencyCode,
    url: input.url,
    events: input.events ? [...new Set(input.events)] : null,
    secrets: [{ secret, createdAt: at }],
    createdAt: at,
  };
  await deps.webhooks.putSubscription(subscription);
  return { subscription, secret };
}

/** The subscription, if it is this agency's. @throws NotFoundError `webhook.not_found` */
export async function ownSubscription(deps: Pick<WebhookDeps, "webhooks">, agencyCode: string, id: string): Promise<WebhookSubscription> {
  const subscription = await deps.webhooks.getSubscription(id);
  if (!subscription || subscription.agencyCode !== agencyCode) throw new NotFoundError("webhook.not_found", { id });
  return subscription;
}

export async function unsubscribe(deps: WebhookDeps, agencyCode: string, id: string): Promise<void> {
  if (!(await deps.webhooks.removeSubscription(agencyCode, id))) throw new NotFoundError("webhook.not_found", { id });
}

/**
 * A new secret, shown once; the current ones keep signing for the grace period, so the receiver can switch over
 * without losing a delivery (Standard Webhooks: several space-separated signatures).
 */
export async function rotateSecret(deps: WebhookDeps, agencyCode: string, id: string): Promise<{ secret: string; previousValidUntil: string }> {
  const subscription = await ownSubscription(deps, agencyCode, id);
  const now = deps.now();
  const until = new Date(now.getTime() + deps.rotationGraceHours * 3_600_000).toISOString();
  const secret = newWebhookSecret();
  const kept = subscription.secrets
    .filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime())
    .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < until ? s.expiresAt : until }));
  await deps.webhooks.putSubscription({ ...subscription, secrets: [{ secret, createdAt: now.toISOString() }, ...kept] });
  return { secret, previousValidUntil: until };
}

/** Queues a delivery again (a dead one, or one delivered that the receiver lost). */
export async function replayDelivery(deps: WebhookDeps, agencyCode: string, id: string, delivery: string): Promise<WebhookDelivery> {
  await ownSubscription(deps, agencyCode, id);
  if (!(await deps.webhooks.reopenDelivery(id, delivery))) throw new NotFoundError("webhook.delivery_not_found", { id: delivery });
  await deps.queue.enqueue("webhook", [{ kind: "webhook", subscriptionId: id, deliveryId: delivery, attempt: 0 }]);
  return (await deps.webhooks.getDelivery(id, delivery))!;
}

/** A `webhook.ping` delivery, queued like any other: to check a receiver and its signature checks. */
export async function pingSubscription(deps: WebhookDeps, agencyCode: string, id: string): Promise<WebhookDelivery> {
  const subscription = await ownSubscription(deps, agencyCode, id);
  const at = deps.now().toISOString();
  const eventId = `ping/${randomUUID()}`;
  const delivery: WebhookDelivery = {
    deliveryId: deliveryId(subscription.id, { id: eventId, at }),
    subscriptionId: subscription.id,
    agencyCode,
    eventId,
    eventType: "webhook.ping",
    payload: JSON.stringify({ type: "webhook.ping", timestamp: at, data: { subscriptionId: subscription.id } }),
    eventAt: at,
    status: "pending",
    attempts: [],
    attemptCount: 0,
    createdAt: at,
  };
  await deps.webhooks.putDelivery(delivery);
  await deps.queue.enqueue("webhook", [{ kind: "webhook", subscriptionId: id, deliveryId: delivery.deliveryId, attempt: 0 }]);
  return delivery;
}
