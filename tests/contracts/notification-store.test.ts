import { dynamoNotificationStore, dynamoWebhookStore } from "../../functions/adapters/dynamo/notification-store";
import { fakeNotificationStore, fakeWebhookStore } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeNotificationStoreContract, describeWebhookStoreContract } from "./notification-store.contract";

const emulator = useEmulator();

describeNotificationStoreContract("in-memory fake", async () => fakeNotificationStore());
describeNotificationStoreContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoNotificationStore(db, await table());
});
describeWebhookStoreContract("in-memory fake", async () => fakeWebhookStore());
describeWebhookStoreContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoWebhookStore(db, await table());
});
