import { dynamoDossierRepository, dynamoEventOutbox } from "../../functions/adapters/dynamo/dossier-repository";
import { fakeDossierStore } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeEventOutboxContract } from "./event-outbox.contract";

const emulator = useEmulator();

describeEventOutboxContract("in-memory fake", async () => {
  const store = fakeDossierStore({ outbox: "poll" });
  return { dossiers: store.dossiers, outbox: store.outbox };
});

describeEventOutboxContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  const tableName = await table();
  return { dossiers: dynamoDossierRepository(db, tableName, { outbox: "poll" }), outbox: dynamoEventOutbox(db, tableName) };
});
