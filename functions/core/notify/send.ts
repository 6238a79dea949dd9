import type { Logger } from "../log";
import { withLinks, type MessageLinks } from "./fan-out";
import {
  ChannelError,
  type EmailSender,
  type MessageQueue,
  type NotificationStore,
  type OutgoingMessage,
  type QueuedMessage,
  type QueueName,
  type SmsSender,
  type WebhookStore,
  type WebhookTransport,
  type ZaloSender,
} from "./ports";

/**
 * The senders' side of the queues (docs/notifications.md): one queued message → at most one send, whatever the
 * number of times the queue hands it over.
 *
 * - A citizen's message is sent unless the citizen opted out of that channel for the dossier (checked at the moment
 *   of sending, so an opt-out is honoured at once), the address is suppressed (a bounce or a complaint), or it was
 *   sent already (its id, claimed with a lease before the send and marked after it).
 * - A recipient gets at most `perRecipientPerHour` messages an hour on a channel: more wait for the next hour.
 * - A webhook delivery is POSTed signed per Standard Webhooks, with every current secret (two during a rotation's
 *   grace period); 2xx delivers it, anything else is retried on `webhookSchedule` with jitter (at least 24 hours),
 *   then the delivery is dead, with its last error, until replayed.
 */
export interface SendDeps {
  notifications: NotificationStore;
  webhooks: WebhookStore;
  email?: EmailSender;
  sms?: SmsSender;
  zalo?: ZaloSender;
  transport: WebhookTransport;
  /** The links written into a message when it is sent (functions/core/notify/fan-out.ts `withLinks`). */
  links: MessageLinks;
  now: () => Date;
  perRecipientPerHour: number;
  /** Delays (ms) before each retry of a citizen's message; past the last, it is given up. */
  messageSchedule: readonly number[];
  /** Delays (ms) before each retry of a webhook delivery; past the last, it is dead. */
  webhookSchedule: readonly number[];
  webhookTimeoutMs: number;
  /** 0..1: a retry waits up to this share longer than its scheduled delay (never shorter). */
  jitter?: number;
  random?: () => number;
  log: Logger;
}

export type SendOutcome =
  | { kind: "done"; detail: "sent" | "duplicate" | "opted_out" | "suppressed" | "delivered" | "not_pending" }
  | { kind: "retry"; delayMs: number; next: QueuedMessage; error: string }
  | { kind: "dead"; error: string };




const RATE_CAPPED = "recipient rate cap";

/** A send's lease: long enough for the slowest provider call; a crashed worker's claim is taken over after it. */
const LEASE_MS = 60_000;

function withJitter(deps: SendDeps, delayMs: number): number {
  return Math.round(delayMs * (1 + (deps.jitter ?? 0.2) * (deps.random ?? Math.random)()));
}

const hourOf = (now: Date) => now.toISOString().slice(0, 13);
const msToNextHour = (now: Date) => 3_600_000 - (now.getTime() % 3_600_000) + 1_000;

export async function handleQueued(deps: SendDeps, queued: QueuedMessage): Promise<SendOutcome> {
  return queued.kind === "citizen" ? sendCitizenMessage(deps, queued) : attemptDelivery(deps, queued);
}

async function sendCitizenMessage(deps: SendDeps, queued: Extract<QueuedMessage, { kind: "citizen" }>): Promise<SendOutcome> {
  const { message } = queued;
  if (await deps.notifications.optedOut(message.dossierCode, message.channel)) return { kind: "done", detail: "opted_out" };
  if (await deps.notifications.suppressed(message.channel, message.to)) return { kind: "done", detail: "suppressed" };
  const now = deps.now();
  const claim = await deps.notifications.claimSend(message.id, now, LEASE_MS);
  if (claim === "sent") return { kind: "done", detail: "duplicate" };
  if (claim === "busy") return { kind: "retry", delayMs: LEASE_MS, next: queued, error: "another worker holds this message" };
  if (!(await deps.notifications.countRecipient(message.channel, message.to, hourOf(now), deps.perRecipientPerHour))) {
    await deps.notifications.releaseSend(message.id);
    return { kind: "retry", delayMs: msToNextHour(now), next: queued, error: RATE_CAPPED };
  }
  try {
    const { provider, providerId } = await sendOn(deps, message);
    await deps.notifications.markSent(message.id, deps.now(), { channel: message.channel, provider, providerId, dossierCode: message.dossierCode });
    return { kind: "done", detail: "sent" };
  } catch (err) {
    await deps.notifications.releaseSend(message.id);
    const error = err instanceof Error ? err.message : String(err);
    const permanent = err instanceof ChannelError && err.permanent;
    const delay = deps.messageSchedule[queued.attempt];
    // An address or number the provider refused for good is suppressed: nothing more is tried on it.
    if (permanent && err instanceof ChannelError && err.address) await deps.notifications.suppress(message.channel, message.to, error, deps.now());
    if (permanent || delay === undefined) return { kind: "dead", error };
    return { kind: "retry", delayMs: withJitter(deps, delay), next: { ...queued, attempt: queued.attempt + 1 }, error };
  }
}

async function sendOn(deps: SendDeps, queuedMessage: OutgoingMessage): Promise<{ provider: string; providerId?: string }> {
  const message = withLinks(queuedMessage, deps.links);
  switch (message.channel) {
    case "email": {
      if (!deps.email) throw new ChannelError("e-mail is not configured", true);
      const out = await deps.email.send({
        to: message.to,
        subject: message.subject,
        text: message.text,
        headers: {
          "List-Unsubscribe": `<${message.optOutUrl}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "X-Dossier-Code": message.dossierCode,
          "Content-Language": message.language,
        },
      });
      return { provider: deps.email.provider, ...out };
    }
    case "sms": {
      if (!deps.sms) throw new ChannelError("SMS is not configured", true);
      return { provider: deps.sms.provider, ...(await deps.sms.send({ to: message.to, text: message.text, requestId: message.id })) };
    }
    case "zalo": {
      if (!deps.zalo) throw new ChannelError("Zalo is not configured", true);
      if (!deps.zalo.handles(message.eventType)) return { provider: deps.zalo.provider, providerId: "no-template" };
      const out = await deps.zalo.send({ phone: message.to, eventType: message.eventType, params: message.params ?? {}, trackingId: message.id });
      return { provider: deps.zalo.provider, ...out };
    }
  }
}

/** The secrets a delivery is signed with now: every one not past its grace period. */
export function activeSecrets(secrets: readonly { secret: string; expiresAt?: string }[], now: Date): string[] {
  return secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime()).map((s) => s.secret);
}

async function attemptDelivery(deps: SendDeps, queued: Extract<QueuedMessage, { kind: "webhook" }>): Promise<SendOutcome> {
  const now = deps.now();
  const subscription = await deps.webhooks.getSubscription(queued.subscriptionId);
  if (!subscription) return { kind: "done", detail: "not_pending" };
  const delivery = await deps.webhooks.claimDelivery(queued.subscriptionId, queued.deliveryId, now, LEASE_MS + deps.webhookTimeoutMs);
  if (!delivery) return { kind: "done", detail: "not_pending" };
  const signing = { id: `msg_${delivery.deliveryId}`, at: now, secrets: activeSecrets(subscription.secrets, now) };
  let status: number | undefined;
  let latencyMs = 0;
  let error: string | undefined;
  let permanent = false;
  try {
    ({ status, latencyMs } = await deps.transport.post(subscription.url, delivery.payload, signing, deps.webhookTimeoutMs));
    if (status < 200 || status > 299) error = `HTTP ${status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    permanent = err instanceof ChannelError && err.permanent;
    latencyMs = deps.now().getTime() - now.getTime();
  }
  const attempt = { at: now.toISOString(), ...(status !== undefined ? { status } : {}), latencyMs, ...(error ? { error } : {}) };
  if (!error) {
    await deps.webhooks.recordAttempt(queued.subscriptionId, delivery.deliveryId, attempt, { status: "delivered", deliveredAt: deps.now().toISOString() });
    return { kind: "done", detail: "delivered" };
  }
  // The delivery's own count decides (a replay starts it again), not the queue message's.
  const delay = deps.webhookSchedule[delivery.attemptCount];
  if (permanent || delay === undefined) {
    await deps.webhooks.recordAttempt(queued.subscriptionId, delivery.deliveryId, attempt, { status: "dead", lastError: error });
    return { kind: "dead", error };
  }
  const wait = withJitter(deps, delay);
  await deps.webhooks.recordAttempt(queued.subscriptionId, delivery.deliveryId, attempt, {
    status: "pending",
    lastError: error,
    nextAttemptAt: new Date(now.getTime() + wait).toISOString(),
  });
  return { kind: "retry", delayMs: wait, next: { ...queued, attempt: delivery.attemptCount + 1 }, error };
}

/**
 * One queued message handled and settled, the same for the local queues and SQS: a retry is queued again with its
 * delay, a message given up on is kept as a dead letter with its error. Resolves once the message may be taken off
 * its queue; throws (and the queue hands the message over again) only when even that could not be recorded.
 */
export async function processQueued(
  deps: SendDeps & { queue: MessageQueue },
  queueName: QueueName,
  queued: QueuedMessage,
): Promise<SendOutcome> {
  const outcome = await handleQueued(deps, queued);
  if (outcome.kind === "retry") await deps.queue.enqueue(queueName, [outcome.next], outcome.delayMs);
  if (outcome.kind === "dead") await deps.notifications.deadLetter(queueName, queued, outcome.error, deps.now());
  // A message held by the recipient's hourly cap is the cap working, not a failure.
  const held = outcome.kind === "retry" && outcome.error === RATE_CAPPED;
  if (outcome.kind !== "done") {
    deps.log[held ? "info" : "warn"](held ? "notification held for the recipient's hourly cap" : "notification not sent", {
      queue: queueName,
      outcome: outcome.kind,
      attempt: queued.attempt,
      error: outcome.error,
      ...(queued.kind === "citizen" ? { dossierCode: queued.message.dossierCode, eventId: queued.message.eventId } : { deliveryId: queued.deliveryId }),
    });
  }
  return outcome;
}

/**
 * Paces a provider's sends to at most `perSecond` in this process (a token bucket of one second): SES's and the SMS
 * gateway's own send rates, configured (NOTIFY_RATE_<CHANNEL>_PER_SECOND).
 */
export function pacer(perSecond: number, now: () => number = () => performance.now(), sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {
  const interval = 1000 / perSecond;
  let next = 0;
  return async () => {
    const t = now();
    const at = Math.max(t, next);
    next = at + interval;
    if (at > t) await sleep(at - t);
  };
}
