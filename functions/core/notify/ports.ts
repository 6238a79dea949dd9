import type { EventType } from "../dossier/events";
import type { Language } from "../messages";
import type { CitizenChannel } from "./templates";

/**
 * The ports of notifications and webhooks (docs/notifications.md): the queues between the event consumer and the
 * senders, the senders themselves (one interface per channel, an adapter per provider), and what is recorded.
 */

/** A message to one citizen on one channel, rendered when its event was consumed. */
export interface OutgoingMessage {
  /** Stable per event, channel and recipient: the key the send is deduplicated by. */
  id: string;
  channel: CitizenChannel;
  /** An e-mail address, or a phone number as the citizen gave it. */
  to: string;
  language: Language;
  subject: string;
  text: string;
  dossierCode: string;
  eventId: string;
  eventType: EventType;
  /** Zalo ZNS: the template's parameters. */
  params?: Record<string, string>;
}

export type QueueName = CitizenChannel | "webhook";
export const QUEUE_NAMES: readonly QueueName[] = ["email", "sms", "zalo", "webhook"];

/** One unit of work on a channel's queue. `attempt` counts the sends tried so far (0 on the first). */
export type QueuedMessage =
  | { kind: "citizen"; message: OutgoingMessage; attempt: number }
  | { kind: "webhook"; subscriptionId: string; deliveryId: string; attempt: number };

/** The queues (deployed: one SQS queue per channel with its dead-letter queue; locally: items in the table). */
export interface MessageQueue {
  /** Durable once it resolves; `delayMs` holds the messages back (deployed, up to SQS's 15 minutes per hop). */
  enqueue(queue: QueueName, messages: QueuedMessage[], delayMs?: number): Promise<void>;
}

/** A channel's provider refused or failed. `permanent`: retrying cannot help (a bad number, a rejected key). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The recipient's address itself was refused (no such mailbox, not a mobile number): suppress it. */
    readonly address = false,
  ) {
    super(message);
    this.name = "ChannelError";
  }
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers: List-Unsubscribe (RFC 8058), X-Dossier-Code. */
  headers: Record<string, string>;
}
export interface EmailSender {
  readonly provider: string;
  /** @throws ChannelError */
  send(message: EmailMessage): Promise<{ providerId?: string }>;
}

export interface SmsSender {
  readonly provider: string;
  /** @throws ChannelError */
  send(message: { to: string; text: string; requestId: string }): Promise<{ providerId?: string }>;
}

export interface ZaloSender {
  readonly provider: string;
  /** Whether a ZNS template is configured for this event (ZNS sends only approved templates). */
  handles(eventType: EventType): boolean;
  /** @throws ChannelError */
  send(message: { phone: string; eventType: EventType; params: Record<string, string>; trackingId: string }): Promise<{ providerId?: string }>;
}

/** What is recorded of citizens' messages: sends (for dedupe), opt-outs, suppressed addresses, recipients' rates. */
export interface NotificationStore {
  /**
   * Takes the right to send message `id` for `leaseMs`: `sent` when it was sent already, `busy` while another worker
   * holds it (a duplicate of the queue message), else `claimed`.
   */
  claimSend(id: string, now: Date, leaseMs: number): Promise<"claimed" | "sent" | "busy">;
  markSent(id: string, at: Date, detail: { channel: CitizenChannel; provider: string; providerId?: string; dossierCode: string }): Promise<void>;
  /** Gives a claim back after a failed send, so the retry may take it at once. */
  releaseSend(id: string): Promise<void>;
  optedOut(dossierCode: string, channel: CitizenChannel): Promise<boolean>;
  optOut(dossierCode: string, channel: CitizenChannel, at: Date): Promise<void>;
  /** An address that bounced or complained (e-mail), or a number the gateway called invalid. */
  suppressed(channel: CitizenChannel, address: string): Promise<boolean>;
  suppress(channel: CitizenChannel, address: string, reason: string, at: Date): Promise<void>;
  /** Counts one message to `address` in the hour `hour`: false (and nothing counted) once `cap` were counted. */
  countRecipient(channel: CitizenChannel, address: string, hour: string, cap: number): Promise<boolean>;
  /** A message given up on: kept with its last error (the local dead letters; deployed, the DLQ holds crashes). */
  deadLetter(queue: QueueName, message: QueuedMessage, error: string, at: Date): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------- webhooks

export interface WebhookSecret {
  /** `whsec_<base64>` (Standard Webhooks). */
  secret: string;
  createdAt: string;
  /** A rotated-out secret still signs until then (the grace period). */
  expiresAt?: string;
}

export interface WebhookSubscription {
  id: string;
  agencyCode: string;
  url: string;
  /** The event types sent; null: every type. */
  events: EventType[] | null;
  secrets: WebhookSecret[];
  createdAt: string;
}

export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  latencyMs: number;
  error?: string;
}

export type DeliveryStatus = "pending" | "delivered" | "dead";

export interface WebhookDelivery {
  deliveryId: string;
  subscriptionId: string;
  agencyCode: string;
  eventId: string;
  /** A domain event's type, or `webhook.ping` (a test delivery). */
  eventType: EventType | "webhook.ping";
  /** The signed body, exactly as sent. */
  payload: string;
  /** The event's time, the `webhook-timestamp` basis is the attempt's time. */
  eventAt: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  attemptCount: number;
  createdAt: string;
  deliveredAt?: string;
  lastError?: string;
  nextAttemptAt?: string;
}

export interface WebhookStore {
  putSubscription(subscription: WebhookSubscription): Promise<void>;
  getSubscription(id: string): Promise<WebhookSubscription | undefined>;
  listSubscriptions(agencyCode: string): Promise<WebhookSubscription[]>;
  /** False when there was no such subscription of that agency. */
  removeSubscription(agencyCode: string, id: string): Promise<boolean>;
  /** Writes the delivery when it is new; answers the stored one either way. */
  putDelivery(delivery: WebhookDelivery): Promise<{ created: boolean; delivery: WebhookDelivery }>;
  getDelivery(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery | undefined>;
  /**
   * Takes a pending delivery for an attempt, for `leaseMs`: undefined when it is delivered, dead, or leased to
   * another worker (a duplicate queue message).
   */
  claimDelivery(subscriptionId: string, deliveryId: string, now: Date, leaseMs: number): Promise<WebhookDelivery | undefined>;
  /** Records an attempt and the delivery's new state (releasing the lease). */
  recordAttempt(
    subscriptionId: string,
    deliveryId: string,
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt?: string; lastError?: string; deliveredAt?: string },
  ): Promise<void>;
  /** Puts a delivered or dead delivery back to pending (replay). False when there is no such delivery. */
  reopenDelivery(subscriptionId: string, deliveryId: string): Promise<boolean>;
  /** The subscription's deliveries, newest first. */
  listDeliveries(subscriptionId: string, page: { limit: number; cursor?: string }): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }>;
}

/** How a delivery is signed: its `webhook-id` (the same on every attempt), the attempt's time, the active secrets. */
export interface Signing {
  id: string;
  at: Date;
  secrets: string[];
}

/**
 * POSTs a delivery signed per Standard Webhooks (the adapter knows the wire format). Deployed it refuses loopback
 * and private targets, checked on the address it connects to.
 */
export interface WebhookTransport {
  /** @throws ChannelError (network failure, timeout; a refused target is permanent) */
  post(url: string, body: string, signing: Signing, timeoutMs: number): Promise<{ status: number; latencyMs: number }>;
}
