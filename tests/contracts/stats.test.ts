import { dynamoDossierRepository } from "../../functions/adapters/dynamo/dossier-repository";
import { dynamoDaySource, dynamoStatsStore } from "../../functions/adapters/dynamo/stats-repository";
import { fakeDossierStore, fakeStatsStore } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeDaySourceContract, describeStatsStoreContract } from "./stats.contract";

const emulator = useEmulator();

describeStatsStoreContract("in-memory fake", async () => fakeStatsStore());

describeStatsStoreContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoStatsStore(db, await table());
});

describeDaySourceContract("in-memory fake", async () => {
  const store = fakeDossierStore();
  return { dossiers: store.dossiers, days: store.days };
});

describeDaySourceContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  const tableName = await table();
  return { dossiers: dynamoDossierRepository(db, tableName), days: dynamoDaySource(db, tableName) };
});
