import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { addDays } from "../../core/calendar";
import type { Dossier } from "../../core/dossier/model";
import type { StatsRow } from "../../core/stats/daily";
import type { DaySource, StatsStore, StoredDay, StoredMonth } from "../../core/stats/service";
import type { Dynamo } from "./client";
import { dossierFromItem } from "./dossier-repository";
import { batchGet, queryAll } from "./query";
import { INBOX_SHELVES } from "../../core/officer/inbox";

const OPEN_SHELVES = INBOX_SHELVES.filter((shelf) => shelf !== "done");

/** Counts every item a day source reads, for the benchmark's "items read" figure. */
export interface ReadCounter {
  items: number;
}

/** How many Queries a read runs at once (a day per Query, an agency per Query). */
const PARALLEL_QUERIES = 16;

async function inChunks<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL_QUERIES) out.push(...(await Promise.all(items.slice(i, i + PARALLEL_QUERIES).map(each))));
  return out;
}

/**
 * The statistics job's reads: the day indexes (gsi2 received, gsi3 ended, gsi4 submitted: `<KIND>#<date>`) and the
 * inbox shelves (gsi7: `SHELF#<agency>#<shelf>`, every dossier submitted and not yet ended on a shelf but `done`),
 * see table.ts.
 */
export function dynamoDaySource(db: Dynamo, tableName: string, counter?: ReadCounter): DaySource {
  const read = async (index: "gsi2" | "gsi3" | "gsi4" | "gsi7", pk: string): Promise<Dossier[]> => {
    const items = await queryAll(db, {
      TableName: tableName,
      IndexName: index,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": `${index}pk` },
      ExpressionAttributeValues: { ":pk": pk },
    });
    if (counter) counter.items += items.length;
    return items.map(dossierFromItem);
  };
  // The inbox shelves copy an inbox row's fields, not the timeline the snapshot replays: the dossiers are
  // read whole by key (a read costs a fifth of the write every change would pay for a longer index entry).
  const whole = async (dossiers: Dossier[]): Promise<Dossier[]> => {
    const items = await batchGet(db, tableName, dossiers.map((d) => ({ pk: `DOSSIER#${d.code}`, sk: "DOSSIER" })));
    return items.filter((item): item is Record<string, unknown> => Boolean(item)).map(dossierFromItem);
  };
  return {
    receivedOn: (date) => read("gsi2", `RECEIVED#${date}`),
    endedOn: (date) => read("gsi3", `ENDED#${date}`),
    // The submission day's index copies the fields the day's row counts (table.ts SUBMITTED_FIELDS).
    submittedOn: (date) => read("gsi4", `SUBMITTED#${date}`),
    // Open: on any inbox shelf of its agency but `done` (core/officer/inbox.ts).
    openNow: async (agencyCodes) =>
      whole((await inChunks(agencyCodes.flatMap((code) => OPEN_SHELVES.map((shelf) => `SHELF#${code}#${shelf}`)), (pk) => read("gsi7", pk))).flat()),
  };
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

/** Replaces a partition's rows exactly (stale rows deleted), then writes its META item last. */
async function replaceRows(db: Dynamo, tableName: string, pk: string, rows: StatsRow[], meta: Record<string, unknown>) {
  const existing = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk },
    ProjectionExpression: "sk",
  });
  const keep = new Set(rows.map(skOf));
  const puts = rows.map((row) => ({ PutRequest: { Item: { pk, sk: skOf(row), ...row } } }));
  const deletes = existing
    .map((item) => String(item.sk))
    .filter((sk) => sk !== META && !keep.has(sk))
    .map((sk) => ({ DeleteRequest: { Key: { pk, sk } } }));
  await batchWrite(db, tableName, [...puts, ...deletes]);
  // Written last: a day (or month) is "computed" only once all its rows are in.
  await batchWrite(db, tableName, [{ PutRequest: { Item: { pk, sk: META, ...meta } } }]);
}

async function readPartition(db: Dynamo, tableName: string, pk: string) {
  const items = await queryAll(db, { TableName: tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk } });
  const meta = items.find((item) => item.sk === META);
  const rows = items.filter((item) => item.sk !== META).map(({ pk: _pk, sk: _sk, ...row }) => row as unknown as StatsRow);
  return { meta, rows };
}

/**
 * Statistics rows (keys only this adapter knows; table.ts lists them):
 *   pk=STATS#<YYYY-MM-DD>   sk=<scope>#<key> | META   a day's rows; META marks the day computed
 *   pk=STATS#M#<YYYY-MM>    sk=<scope>#<key> | META   a month's rollup of its computed days; META lists them
 * Both under the STATS# prefix the job's IAM policy allows it to write.
 */
export function dynamoStatsStore(db: Dynamo, tableName: string): StatsStore {
  return {
    async replaceDay(day: StoredDay) {
      await replaceRows(db, tableName, `STATS#${day.date}`, day.rows, { date: day.date, catalogue: day.catalogue, computedAt: day.computedAt });
    },

    async readDays(from, to) {
      const dates: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
      const days = await inChunks(dates, async (date) => {
        const { meta, rows } = await readPartition(db, tableName, `STATS#${date}`);
        return meta ? ({ date, rows, catalogue: meta.catalogue, computedAt: meta.computedAt } as StoredDay) : undefined;
      });
      return days.filter((d): d is StoredDay => Boolean(d));
    },

    async replaceMonth(month: StoredMonth) {
      await replaceRows(db, tableName, `STATS#M#${month.month}`, month.rows, {
        month: month.month,
        days: month.days,
        onlineProcedureCodes: month.onlineProcedureCodes,
        computedAt: month.computedAt,
      });
    },

    async readMonths(months) {
      const found = await inChunks(months, async (month) => {
        const { meta, rows } = await readPartition(db, tableName, `STATS#M#${month}`);
        if (!meta) return undefined;
        return {
          month,
          days: (meta.days as string[] | undefined) ?? [],
          rows,
          onlineProcedureCodes: (meta.onlineProcedureCodes as string[] | undefined) ?? [],
          computedAt: String(meta.computedAt),
        } satisfies StoredMonth;
      });
      return found.filter((m): m is StoredMonth => Boolean(m));
    },
  };
}
