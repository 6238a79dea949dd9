import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { Dynamo } from "../../functions/adapters/dynamo/client";
import { dynamoDossierRepository, reindexDossiers } from "../../functions/adapters/dynamo/dossier-repository";
import type { DossierEvent } from "../../functions/core/dossier/events";
import { fakeDossierStore } from "../support/fakes";
import { describeDossierRepositoryContract, type DossierRepositoryHarness } from "./dossier-repository.contract";
import { useEmulator } from "./emulator";
import { AGENCY, submitted } from "./fixtures";

const emulator = useEmulator();

/** What the stream would read of the record: the `outbox` the adapter writes into the dossier's item. */
const outboxOf = (db: Dynamo, tableName: string) => async (code: string) => {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: `DOSSIER#${code}`, sk: "DOSSIER" }, ConsistentRead: true }));
  return (out.Item?.outbox ?? []) as DossierEvent[];
};

for (const mode of ["stream", "poll"] as const) {
  describeDossierRepositoryContract(`in-memory fake (${mode})`, async (): Promise<DossierRepositoryHarness> => {
    const store = fakeDossierStore({ outbox: mode });
    return { dossiers: store.dossiers, mode, carried: async (code) => store.carried(code) };
  });

  describeDossierRepositoryContract(`DynamoDB adapter on dynalite (${mode})`, async (): Promise<DossierRepositoryHarness> => {
    const { db, table } = emulator();
    const tableName = await table();
    return { dossiers: dynamoDossierRepository(db, tableName, { outbox: mode }), mode, carried: outboxOf(db, tableName) };
  });
}

describe("reindexDossiers (DynamoDB adapter on dynalite)", () => {
  it("puts dossiers written before the inbox shelves on their shelf, drops the retired keys, and changes nothing the second time", async () => {
    const { db, table } = emulator();
    const tableName = await table();
    const dossiers = dynamoDossierRepository(db, tableName);
    const old = submitted({ status: "received", receivedAt: "2026-03-03T01:00:00.000Z", dueAt: "2026-03-06T10:00:00.000Z" });
    const fresh = submitted();
    await dossiers.create(old);
    await dossiers.create(fresh);
    // `old` as an earlier release wrote it: in the retired open index, on no shelf.
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `DOSSIER#${old.code}`, sk: "DOSSIER" },
        UpdateExpression: "SET gsi5pk = :pk, gsi5sk = :sk REMOVE gsi7pk, gsi7sk, searchText",
        ExpressionAttributeValues: { ":pk": `OPEN#${AGENCY}`, ":sk": `${old.dueAt}#${old.code}` },
      }),
    );
    const onShelf = async () => (await dossiers.shelf({ agencyCode: AGENCY, shelf: "working", limit: 10, search: "nguyen" })).rows.map((r) => r.dossier.code);
    expect(await onShelf()).toEqual([]);
    const progress: number[] = [];

    const first = await reindexDossiers(db, tableName, (p) => progress.push(p.scanned));
    const second = await reindexDossiers(db, tableName);

    expect(first).toEqual({ scanned: 2, rewritten: 1 });
    expect(progress.at(-1)).toBe(2);
    expect(second).toEqual({ scanned: 2, rewritten: 0 });
    expect(await onShelf()).toEqual([old.code]);
    const item = (await db.send(new GetCommand({ TableName: tableName, Key: { pk: `DOSSIER#${old.code}`, sk: "DOSSIER" } }))).Item!;
    expect(item.gsi5pk).toBeUndefined();
    expect(await dossiers.get(old.code)).toEqual(old);
  });
});
