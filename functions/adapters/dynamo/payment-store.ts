import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { vietnamDate } from "../../core/calendar";
import { ConflictError } from "../../core/errors";
import type { PaymentEvent, PaymentReference, PaymentStore } from "../../core/payment/repository";
import type { Dynamo } from "./client";
import { isConditionFailure, queryAll } from "./query";

/**
 * Payment references and the day logs of payment events (see table.ts):
 *   pk=PAYREF#<reference>  sk=PAYREF                         which dossier a gateway reference belongs to, and a
 *                                                          summary of what the gateway said about it
 *   pk=PAYEVT#<date>       sk=<reference>#created           a reference handed out that day
 *   pk=PAYEVT#<date>       sk=<reference>#<kind>#<code>#<outcome>   verified callbacks of that day, repeats folded
 *                                                          into one item with a count
 * A reconciliation of a day reads its PAYEVT partition (one Query), then each reference by key: no scan.
 */

const refKey = (reference: string) => ({ pk: `PAYREF#${reference}`, sk: "PAYREF" });
const dayKey = (date: string, sk: string) => ({ pk: `PAYEVT#${date}`, sk });
const ITEM_ONLY = new Set(["pk", "sk", "kind", "event"]);

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!ITEM_ONLY.has(k)) out[k] = v;
  return out;
}

export function dynamoPaymentStore(db: Dynamo, tableName: string): PaymentStore {
  return {
    async reserve(reference) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...refKey(reference.reference), kind: "payment_reference", ...reference },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if (isConditionFailure(err)) throw new ConflictError("payment.reference_taken", { reference: reference.reference });
        throw err;
      }
      const date = vietnamDate(new Date(reference.createdAt));
      const event: PaymentEvent = {
        date,
        kind: "created",
        reference: reference.reference,
        provider: reference.provider,
        dossierCode: reference.dossierCode,
        amount: reference.amount,
        firstAt: reference.createdAt,
        lastAt: reference.createdAt,
        count: 1,
      };
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...dayKey(date, `${reference.reference}#created`), ...event, kind: "payment_event", event: "created" },
        }),
      );
    },

    async get(reference) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: refKey(reference), ConsistentRead: true }));
      return out.Item ? (strip(out.Item) as unknown as PaymentReference) : undefined;
    },

    async recordCallback(e) {
      const sk = `${e.reference}#${e.kind}#${e.responseCode ?? ""}#${e.outcome ?? ""}`;
      const fields: Record<string, unknown> = {
        kind: "payment_event",
        event: e.kind,
        date: e.date,
        reference: e.reference,
        provider: e.provider,
        dossierCode: e.dossierCode,
        amount: e.amount,
        success: e.success,
        responseCode: e.responseCode,
        transactionNo: e.transactionNo,
        outcome: e.outcome,
        lastAt: e.at,
      };
      const names: Record<string, string> = { "#firstAt": "firstAt", "#count": "count" };
      const values: Record<string, unknown> = { ":at": e.at, ":one": 1 };
      const sets = ["#firstAt = if_not_exists(#firstAt, :at)"];
      Object.entries(fields).forEach(([name, value], i) => {
        if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return;
        names[`#f${i}`] = name;
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      });
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: dayKey(e.date, sk),
          UpdateExpression: `SET ${sets.join(", ")} ADD #count :one`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );

      // The reference's summary keeps the first time the gateway said each thing (never overwritten).
      const field =
        e.kind === "ipn" ? (e.success ? "ipnSuccessAt" : "ipnFailureAt") : e.kind === "return" ? (e.success ? "returnSuccessAt" : "returnFailureAt") : undefined;
      if (!field) return;
      const summaryNames: Record<string, string> = { "#field": field };
      const summaryValues: Record<string, unknown> = { ":at": e.at };
      let update = "SET #field = if_not_exists(#field, :at)";
      if (e.kind === "ipn" && e.success && e.transactionNo) {
        summaryNames["#tx"] = "transactionNo";
        summaryValues[":tx"] = e.transactionNo;
        update += ", #tx = if_not_exists(#tx, :tx)";
      }
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: refKey(e.reference),
            UpdateExpression: update,
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: summaryNames,
            ExpressionAttributeValues: summaryValues,
          }),
        );
      } catch (err) {
        // An unknown reference has no summary: its callback stays in the day log only.
        if (!isConditionFailure(err)) throw err;
      }
    },

    async eventsOn(date) {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `PAYEVT#${date}` },
        ConsistentRead: true,
      });
      return items.map((item) => ({ ...strip(item), kind: item.event }) as unknown as PaymentEvent);
    },
  };
}
