import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Dynamo } from "../../functions/adapters/dynamo/client";
import { dynamoDossierRepository } from "../../functions/adapters/dynamo/dossier-repository";
import type { DossierEvent } from "../../functions/core/dossier/events";
import { fakeDossierStore } from "../support/fakes";
import { describeDossierRepositoryContract, type DossierRepositoryHarness } from "./dossier-repository.contract";
import { useEmulator } from "./emulator";

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
