import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { addDays } from "../../core/calendar";
import type { Dossier } from "../../core/dossier/model";
import type { StatsRow } from "../../core/stats/daily";
import type { DaySource, StatsStore, StoredDay } from "../../core/stats/service";
import type { Dynamo } from "./client";
import { dossierFromItem } from "./dossier-repository";
import { queryAll } from "./query";

/** Counts every item a day source reads, for the benchmark's "items read" figure. */
export interface ReadCounter {
  items: number;
}

export function dynamoDaySource(db: Dynamo, tableName: string, counter?: ReadCounter): DaySource {
  const day = (index: "gsi2" | "gsi3" | "gsi4", prefix: string) => async (date: string): Promise<Dossier[]> => {
    const items = await queryAll(db, {
      TableName: tableName,
      IndexName: index,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": `${index}pk` },
      ExpressionAttributeValues: { ":pk": `${prefix}#${date}` },
    });
    if (counter) counter.items += items.length;
    return items.map(dossierFromItem);
  };
  return { receivedOn: day("gsi2", "RECEIVED"), endedOn: day("gsi3", "ENDED"), submittedOn: day("gsi4", "SUBMITTED") };
}

const META = "META";
const skOf = (row: StatsRow) => `${row.scope}#${row.key}`;

async function batchWrite(db: Dynamo, tableName: string, requests: Record<string, unknown>[]) {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Record<string, Record<string, unknown>[]> | undefined = { [tableName]: requests.slice(i, i + 25) };
    for (let attempt = 0; pending && Object.keys(pending).length; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: pending as never }));
      pending = out.UnprocessedItems as typeof pending;
      if (pending && Object.keys(pending).length) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    }
  }
}

/** Daily statistics rows: pk=STATS#<date>, one item per row plus a META item that marks the day computed. */
export function dynamoStatsStore(db: Dynamo, tableName: string): StatsStore {
  return {
    async replaceDay(day: StoredDay) {
      const pk = `STATS#${day.date}`;
      const existing = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ProjectionExpression: "sk",
      });
      const keep = new Set(day.rows.map(skOf));
      const puts = day.rows.map((row) => ({ PutRequest: { Item: { pk, sk: skOf(row), ...row } } }));
      const deletes = existing
        .map((item) => String(item.sk))
        .filter((sk) => sk !== META && !keep.has(sk))
        .map((sk) => ({ DeleteRequest: { Key: { pk, sk } } }));
      await batchWrite(db, tableName, [...puts, ...deletes]);
      // Written last: a day is "computed" only once all its rows are in.
      await batchWrite(db, tableName, [
        { PutRequest: { Item: { pk, sk: META, date: day.date, catalogue: day.catalogue, computedAt: day.computedAt } } },
      ]);
    },

    async readDays(from, to) {
      const dates: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
      const days: StoredDay[] = [];
      // A few days at a time: a year is 366 small queries.
      for (let i = 0; i < dates.length; i += 16) {
        const chunk = await Promise.all(
          dates.slice(i, i + 16).map(async (date) => {
            const items = await queryAll(db, {
              TableName: tableName,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": `STATS#${date}` },
            });
            const meta = items.find((item) => item.sk === META);
            if (!meta) return undefined;
            const rows = items
              .filter((item) => item.sk !== META)
              .map(({ pk: _pk, sk: _sk, ...row }) => row as unknown as StatsRow);
            return { date, rows, catalogue: meta.catalogue, computedAt: meta.computedAt } as StoredDay;
          }),
        );
        days.push(...chunk.filter((d): d is StoredDay => Boolean(d)));
      }
      return days;
    },
  };
}
