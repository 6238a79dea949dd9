import { createHash, createHmac } from "node:crypto";
import type { Agency, Procedure } from "../catalogue/model";
import type { DossierEvent } from "../dossier/events";
import type { Dossier } from "../dossier/model";
import type { EventConsumer } from "../ports";
import type { MessageQueue, OutgoingMessage, QueuedMessage, QueueName, WebhookDelivery, WebhookStore } from "./ports";
import { isNotifying, render, type CitizenChannel } from "./templates";

/**
 * The event consumer of notifications and webhooks (docs/notifications.md): each event a citizen is told of becomes
 * one message per channel the citizen can be reached on, and each event an agency subscribed to one delivery per
 * subscription; both go onto their channel's queue. Nothing is sent here: a failing provider never holds the
 * events back (the senders work off the queues, functions/core/notify/send.ts).
 *
 * At least once and without duplicates: a message's id is derived from the event id, the channel and the
 * recipient, a delivery's from the subscription and the event id, so an event consumed twice queues the same
 * ids, which the senders send once.
 */
export interface FanOutDeps {
  dossiers: { get(code: string): Promise<Dossier | undefined> };
  catalogue: { getProcedure(code: string): Promise<Procedure | undefined>; getAgency(code: string): Promise<Agency | undefined> };
  queue: MessageQueue;
  webhooks: WebhookStore;
  /** Which citizen channels are on (Zalo only when configured). */
  channels: readonly CitizenChannel[];
  now: () => Date;
}

/**
 * Where a message's links go in its text: filled in by the sender (`withLinks`), which knows the public URL and the
 * signing secret — the event consumer runs before the API exists in a deployment and holds no secret.
 */
export const LINK_MARKS = { track: "\u27e6track\u27e7", optOut: "\u27e6opt-out\u27e7" } as const;

/** The opt-out link's signature: a link per dossier and channel that cannot be forged for another. */
export function optOutSignature(secret: string, dossierCode: string, channel: CitizenChannel): string {
  return createHmac("sha256", secret).update(`opt-out\u0000${dossierCode}\u0000${channel}`).digest("base64url").slice(0, 32);
}

export function optOutUrl(links: MessageLinks, dossierCode: string, channel: CitizenChannel): string {
  const query = new URLSearchParams({ dossier: dossierCode, channel, sig: optOutSignature(links.secret, dossierCode, channel) });
  return `${links.base}/v1/notifications/opt-out?${query}`;
}

/** What the links of a message are made of: the portal's public URL, and the secret that signs opt-outs. */
export interface MessageLinks {
  base: string;
  secret: string;
}

/** The message with its links written in (its text, and its opt-out link for the List-Unsubscribe header). */
export function withLinks(message: OutgoingMessage, links: MessageLinks): OutgoingMessage & { optOutUrl: string } {
  const optOut = optOutUrl(links, message.dossierCode, message.channel);
  const track = `${links.base}/track/${encodeURIComponent(message.dossierCode)}`;
  return { ...message, text: message.text.replaceAll(LINK_MARKS.optOut, optOut).replaceAll(LINK_MARKS.track, track), optOutUrl: optOut };
}

const shortHash = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24);

/** A delivery's id: sortable by the event's time, fixed by the subscription and the event. */
export function deliveryId(subscriptionId: string, event: Pick<DossierEvent, "id" | "at">): string {
  return `${event.at.replace(/[^0-9]/g, "").slice(0, 17).padEnd(17, "0")}-${shortHash(subscriptionId, event.id)}`;
}

/** The body an agency's system receives (Standard Webhooks: `{type, timestamp, data}`). */
export function webhookPayload(event: DossierEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.at,
    data: { eventId: event.id, dossierCode: event.dossierCode, version: event.version, actor: event.actor, ...event.data },
  });
}

/** The agencies an event concerns: whose turn it is, and on a transfer the agency it left. */
function agenciesOf(event: DossierEvent): string[] {
  return [...new Set([event.data.agencyCode, event.data.fromAgencyCode].filter((a): a is string => Boolean(a)))];
}

function recipients(dossier: Dossier, channels: readonly CitizenChannel[]): { channel: CitizenChannel; to: string }[] {
  const out: { channel: CitizenChannel; to: string }[] = [];
  if (channels.includes("email") && dossier.applicant.email) out.push({ channel: "email", to: dossier.applicant.email });
  if (channels.includes("sms") && dossier.applicant.phone) out.push({ channel: "sms", to: dossier.applicant.phone });
  if (channels.includes("zalo") && dossier.applicant.phone) out.push({ channel: "zalo", to: dossier.applicant.phone });
  return out;
}

/** The messages one event makes for its dossier's applicant. */
export async function citizenMessages(deps: FanOutDeps, event: DossierEvent, dossier: Dossier): Promise<OutgoingMessage[]> {
  if (!isNotifying(event.type)) return [];
  const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
  const agency = await deps.catalogue.getAgency(event.data.agencyCode);
  const language = dossier.locale ?? "vi";
  const documentNames = Object.fromEntries((procedure?.documents ?? []).map((d) => [d.key, d.name]));
  return recipients(dossier, deps.channels).flatMap(({ channel, to }) => {
    const rendered = render(
      {
        event,
        code: dossier.code,
        procedureName: procedure?.name ?? dossier.procedureName,
        agencyName: agency?.name ?? event.data.agencyCode,
        documentNames,
        delivery: dossier.delivery,
        trackUrl: LINK_MARKS.track,
        optOutUrl: LINK_MARKS.optOut,
      },
      language,
    );
    if (!rendered) return [];
    return [
      {
        id: shortHash(event.id, channel, to),
        channel,
        to,
        language,
        subject: rendered.subject,
        text: channel === "sms" ? rendered.sms : rendered.text,
        dossierCode: dossier.code,
        eventId: event.id,
        eventType: event.type,
        ...(channel === "zalo"
          ? { params: { dossier_code: dossier.code, procedure: (procedure?.name ?? dossier.procedureName).slice(0, 100), due_date: event.data.dueAt ?? "" } }
          : {}),
      },
    ];
  });
}

export function fanOutConsumer(deps: FanOutDeps): EventConsumer {
  return {
    name: "notifications",
    async handle(events) {
      const byQueue = new Map<QueueName, QueuedMessage[]>();
      const add = (queue: QueueName, message: QueuedMessage) => byQueue.set(queue, [...(byQueue.get(queue) ?? []), message]);
      const dossiers = new Map<string, Dossier | undefined>();
      const subscriptions = new Map<string, Awaited<ReturnType<WebhookStore["listSubscriptions"]>>>();

      for (const event of events) {
        if (isNotifying(event.type) && deps.channels.length) {
          if (!dossiers.has(event.dossierCode)) dossiers.set(event.dossierCode, await deps.dossiers.get(event.dossierCode));
          const dossier = dossiers.get(event.dossierCode);
          if (dossier) {
            for (const message of await citizenMessages(deps, event, dossier)) add(message.channel, { kind: "citizen", message, attempt: 0 });
          }
        }
        for (const agencyCode of agenciesOf(event)) {
          if (!subscriptions.has(agencyCode)) subscriptions.set(agencyCode, await deps.webhooks.listSubscriptions(agencyCode));
          for (const subscription of subscriptions.get(agencyCode)!) {
            if (subscription.events && !subscription.events.includes(event.type)) continue;
            const delivery: WebhookDelivery = {
              deliveryId: deliveryId(subscription.id, event),
              subscriptionId: subscription.id,
              agencyCode,
              eventId: event.id,
              eventType: event.type,
              payload: webhookPayload(event),
              eventAt: event.at,
              status: "pending",
              attempts: [],
              attemptCount: 0,
              createdAt: deps.now().toISOString(),
            };
            const { delivery: stored } = await deps.webhooks.putDelivery(delivery);
            // Queued again while never tried (a crash may have come between the write and the queue); a duplicate
            // queue message finds the delivery taken or done.
            if (stored.status === "pending" && stored.attemptCount === 0) {
              add("webhook", { kind: "webhook", subscriptionId: subscription.id, deliveryId: stored.deliveryId, attempt: 0 });
            }
          }
        }
      }
      for (const [queue, messages] of byQueue) await deps.queue.enqueue(queue, messages);
    },
  };
}
