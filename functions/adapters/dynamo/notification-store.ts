import { createHash, randomUUID } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { MessageQueue, NotificationStore, QueuedMessage, QueueName, WebhookDelivery, WebhookStore, WebhookSubscription } from "../../core/notify/ports";
import type { Dynamo } from "./client";
import { decodeCursor, encodeCursor } from "./cursor";
import { conditionHeld, isConditionFailure, queryAll } from "./query";

/**
 * What notifications and webhooks keep in the single table (functions/adapters/dynamo/table.ts):
 *
 *   pk=NOTIFY#<message id>             sk=SEND         a citizen's message: claimed (leased) before its send, sent after
 *   pk=DOSSIER#<code>                  sk=OPTOUT#<ch>  the citizen stopped that channel for this dossier
 *   pk=SUPPRESS#<ch>#<address hash>    sk=SUPPRESS     an address that bounced or complained
 *   pk=RATE#<ch>#<address hash>#<hour> sk=RATE         messages counted to a recipient in an hour (expires)
 *   pk=DEADLETTER#<queue>              sk=<at>#<id>    a message given up on, with its last error
 *   pk=WEBHOOKS                        sk=SUB#<id>     an agency's subscription (few per agency: one partition)
 *   pk=WEBHOOK#<id>                    sk=DELIVERY#<delivery id>   a delivery and its attempts (ids sort by time)
 *   pk=QUEUE#<queue>                   sk=<not before>#<id>        the local queues (deployed: SQS)
 *
 * Addresses are stored hashed where they are keys, so the table's keys hold no e-mail address or phone number.
 */
const hash = (value: string) => createHash("sha256").update(value.trim().toLowerCase()).digest("hex").slice(0, 32);
const DAY_S = 86_400;

export function dynamoNotificationStore(db: Dynamo, tableName: string): NotificationStore {
  const sendKey = (id: string) => ({ pk: `NOTIFY#${id}`, sk: "SEND" });
  return {
    async claimSend(id, now, leaseMs) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sendKey(id),
            UpdateExpression: "SET #state = :sending, leaseUntil = :until, expiresAt = :expires",
            ConditionExpression: "attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":sending": "sending",
              ":until": new Date(now.getTime() + leaseMs).toISOString(),
              ":now": now.toISOString(),
              ":expires": Math.floor(now.getTime() / 1000) + 90 * DAY_S,
            },
          }),
        );
        return "claimed";
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const out = await db.send(new GetCommand({ TableName: tableName, Key: sendKey(id), ConsistentRead: true }));
        return out.Item?.state === "sent" ? "sent" : "busy";
      }
    },
    async markSent(id, at, detail) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: sendKey(id),
          UpdateExpression: "SET #state = :sent, sentAt = :at, channel = :channel, provider = :provider, providerId = :pid, dossierCode = :code REMOVE leaseUntil",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: {
            ":sent": "sent",
            ":at": at.toISOString(),
            ":channel": detail.channel,
            ":provider": detail.provider,
            ":pid": detail.providerId ?? null,
            ":code": detail.dossierCode,
          },
        }),
      );
    },
    async releaseSend(id) {
      await db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: sendKey(id),
          ConditionExpression: "#state = :sending",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":sending": "sending" },
        }),
      ).catch((err) => {
        if (!isConditionFailure(err)) throw err;
      });
    },
    async optedOut(code, channel) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: `DOSSIER#${code}`, sk: `OPTOUT#${channel}` }, ConsistentRead: true }));
      return Boolean(out.Item);
    },
    async optOut(code, channel, at) {
      await db.send(new PutCommand({ TableName: tableName, Item: { pk: `DOSSIER#${code}`, sk: `OPTOUT#${channel}`, kind: "opt-out", channel, at: at.toISOString() } }));
    },
    async suppressed(channel, address) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: `SUPPRESS#${channel}#${hash(address)}`, sk: "SUPPRESS" } }));
      return Boolean(out.Item);
    },
    async suppress(channel, address, reason, at) {
      await db.send(
        new PutCommand({ TableName: tableName, Item: { pk: `SUPPRESS#${channel}#${hash(address)}`, sk: "SUPPRESS", kind: "suppression", channel, reason, at: at.toISOString() } }),
      );
    },
    async countRecipient(channel, address, hour, cap) {
      return conditionHeld(
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: `RATE#${channel}#${hash(address)}#${hour}`, sk: "RATE" },
            UpdateExpression: "ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)",
            ConditionExpression: "attribute_not_exists(#count) OR #count < :cap",
            ExpressionAttributeNames: { "#count": "count" },
            ExpressionAttributeValues: { ":one": 1, ":cap": cap, ":expires": Math.floor(Date.now() / 1000) + 2 * DAY_S },
          }),
        ),
      );
    },
    async deadLetter(queue, message, error, at) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `DEADLETTER#${queue}`, sk: `${at.toISOString()}#${randomUUID()}`, kind: "dead-letter", message, error: error.slice(0, 1000), at: at.toISOString() },
        }),
      );
    },
  };
}

const stripKeys = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, kind: _kind, leaseUntil: _lease, ...rest } = item;
  return rest as T;
};

export function dynamoWebhookStore(db: Dynamo, tableName: string): WebhookStore {
  const subKey = (id: string) => ({ pk: "WEBHOOKS", sk: `SUB#${id}` });
  const deliveryKey = (subscriptionId: string, deliveryId: string) => ({ pk: `WEBHOOK#${subscriptionId}`, sk: `DELIVERY#${deliveryId}` });
  return {
    async putSubscription(subscription) {
      await db.send(new PutCommand({ TableName: tableName, Item: { ...subKey(subscription.id), kind: "webhook", ...subscription } }));
    },
    async getSubscription(id) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: subKey(id), ConsistentRead: true }));
      return out.Item ? stripKeys<WebhookSubscription>(out.Item) : undefined;
    },
    async listSubscriptions(agencyCode) {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        FilterExpression: "agencyCode = :agency",
        ExpressionAttributeValues: { ":pk": "WEBHOOKS", ":prefix": "SUB#", ":agency": agencyCode },
        ConsistentRead: true,
      });
      return items.map((item) => stripKeys<WebhookSubscription>(item)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async removeSubscription(agencyCode, id) {
      return conditionHeld(
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: subKey(id),
            ConditionExpression: "agencyCode = :agency",
            ExpressionAttributeValues: { ":agency": agencyCode },
          }),
        ),
      );
    },
    async putDelivery(delivery) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...deliveryKey(delivery.subscriptionId, delivery.deliveryId), kind: "webhook-delivery", ...delivery },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return { created: true, delivery };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const stored = await this.getDelivery(delivery.subscriptionId, delivery.deliveryId);
        return { created: false, delivery: stored ?? delivery };
      }
    },
    async getDelivery(subscriptionId, deliveryId) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: deliveryKey(subscriptionId, deliveryId), ConsistentRead: true }));
      return out.Item ? stripKeys<WebhookDelivery>(out.Item) : undefined;
    },
    async claimDelivery(subscriptionId, deliveryId, now, leaseMs) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(subscriptionId, deliveryId),
            UpdateExpression: "SET leaseUntil = :until",
            ConditionExpression: "#status = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":pending": "pending", ":until": new Date(now.getTime() + leaseMs).toISOString(), ":now": now.toISOString() },
            ReturnValues: "ALL_NEW",
          }),
        );
        return stripKeys<WebhookDelivery>(out.Attributes!);
      } catch (err) {
        if (isConditionFailure(err)) return undefined;
        throw err;
      }
    },
    async recordAttempt(subscriptionId, deliveryId, attempt, next) {
      const sets = ["attempts = list_append(if_not_exists(attempts, :empty), :attempt)", "attemptCount = attemptCount + :one", "#status = :status"];
      const removes = ["leaseUntil"];
      const values: Record<string, unknown> = { ":empty": [], ":attempt": [attempt], ":one": 1, ":status": next.status };
      for (const field of ["nextAttemptAt", "lastError", "deliveredAt"] as const) {
        if (next[field] !== undefined) {
          sets.push(`${field} = :${field}`);
          values[`:${field}`] = next[field];
        } else if (field === "nextAttemptAt") removes.push(field);
      }
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: deliveryKey(subscriptionId, deliveryId),
          UpdateExpression: `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: values,
        }),
      );
    },
    async reopenDelivery(subscriptionId, deliveryId) {
      return conditionHeld(
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(subscriptionId, deliveryId),
            UpdateExpression: "SET #status = :pending, attemptCount = :zero REMOVE leaseUntil, nextAttemptAt",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":pending": "pending", ":zero": 0 },
          }),
        ),
      );
    },
    async listDeliveries(subscriptionId, page) {
      const partition = `WEBHOOK#${subscriptionId}`;
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": partition, ":prefix": "DELIVERY#" },
          ExclusiveStartKey: decodeCursor(page.cursor, { index: "table", partition, accepts: (key) => key.sk!.startsWith("DELIVERY#") }),
          ScanIndexForward: false,
          Limit: page.limit,
          ConsistentRead: true,
        }),
      );
      return { items: (out.Items ?? []).map((item) => stripKeys<WebhookDelivery>(item)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
    },
  };
}

/** A message read off a local queue, with what takes it off. */
export interface LocalQueued {
  queue: QueueName;
  message: QueuedMessage;
  done(): Promise<void>;
}

/**
 * The local queues (the embedded DynamoDB; deployed, SQS): an item per message, sorted by the time it may be taken,
 * so a crash between taking a message and sending it loses nothing — the message stays until `done`.
 */
export function dynamoLocalQueue(db: Dynamo, tableName: string, now: () => Date = () => new Date()): MessageQueue & {
  due(queue: QueueName, limit: number): Promise<LocalQueued[]>;
} {
  // Messages queued in the same millisecond keep their order (an event's webhooks go out in the order they happened).
  let sequence = 0;
  return {
    async enqueue(queue, messages, delayMs = 0) {
      const notBefore = new Date(now().getTime() + delayMs).toISOString();
      for (const message of messages) {
        await db.send(new PutCommand({ TableName: tableName, Item: { pk: `QUEUE#${queue}`, sk: `${notBefore}#${String(sequence++).padStart(10, "0")}#${randomUUID()}`, kind: "queued", message } }));
      }
    },
    async due(queue, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk <= :until",
          ExpressionAttributeValues: { ":pk": `QUEUE#${queue}`, ":until": `${now().toISOString()}#~` },
          Limit: limit,
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map((item) => ({
        queue,
        message: item.message as QueuedMessage,
        done: async () => {
          await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
        },
      }));
    },
  };
}
