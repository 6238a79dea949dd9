import { createHash, randomUUID } from "node:crypto";
import { BatchGetCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Agency, Catalogue, Procedure } from "../../core/catalogue/model";
import type { CatalogueEntry, CatalogueRepository, UpsertResult } from "../../core/catalogue/repository";
import type { Dynamo } from "./client";
import { queryAll } from "./query";

const PK = "CATALOGUE";
const META_SK = "META";
const skOf = (entry: CatalogueEntry) => (entry.kind === "agency" ? `AGENCY#${entry.value.code}` : `PROC#${entry.value.code}`);

/** A stable hash of an entry's content, so an unchanged import writes nothing. */
function contentHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash("sha256").update(JSON.stringify(canonical(value))).digest("base64url").slice(0, 22);
}

export function dynamoCatalogueRepository(db: Dynamo, tableName: string): CatalogueRepository {
  return {
    async load(): Promise<Catalogue> {
      const agencies: Agency[] = [];
      const procedures: Procedure[] = [];
      let version = "0";
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": PK },
      });
      for (const item of items) {
        if (item.sk === META_SK) version = String(item.version);
        else if (String(item.sk).startsWith("AGENCY#")) agencies.push(item.data as Agency);
        else if (String(item.sk).startsWith("PROC#")) procedures.push(item.data as Procedure);
      }
      return { agencies, procedures, version };
    },

    async version(): Promise<string> {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: PK, sk: META_SK } }));
      return out.Item ? String(out.Item.version) : "0";
    },

    async getProcedure(code) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: PK, sk: `PROC#${code}` } }));
      return out.Item?.data as Procedure | undefined;
    },

    async getAgency(code) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: PK, sk: `AGENCY#${code}` } }));
      return out.Item?.data as Agency | undefined;
    },

    async upsert(entries): Promise<UpsertResult> {
      const result: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
      const existing = new Map<string, string>();
      for (let i = 0; i < entries.length; i += 100) {
        const keys = entries.slice(i, i + 100).map((entry) => ({ pk: PK, sk: skOf(entry) }));
        let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
          [tableName]: { Keys: keys },
        };
        while (request && Object.keys(request).length) {
          const out = await db.send(new BatchGetCommand({ RequestItems: request, }));
          for (const item of out.Responses?.[tableName] ?? []) existing.set(String(item.sk), String(item.hash));
          request = out.UnprocessedKeys as typeof request;
        }
      }
      let changed = false;
      for (const entry of entries) {
        const sk = skOf(entry);
        const hash = contentHash(entry.value);
        const previous = existing.get(sk);
        if (previous === hash) {
          result.unchanged++;
          continue;
        }
        await db.send(new PutCommand({ TableName: tableName, Item: { pk: PK, sk, hash, data: entry.value } }));
        if (previous === undefined) result.created++;
        else result.updated++;
        changed = true;
      }
      if (changed) {
        await db.send(
          new PutCommand({ TableName: tableName, Item: { pk: PK, sk: META_SK, version: randomUUID(), updatedAt: new Date().toISOString() } }),
        );
      }
      return result;
    },
  };
}
