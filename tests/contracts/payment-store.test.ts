import { dynamoPaymentStore } from "../../functions/adapters/dynamo/payment-store";
import { fakePaymentStore } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describePaymentStoreContract } from "./payment-store.contract";

const emulator = useEmulator();

describePaymentStoreContract("in-memory fake", async () => fakePaymentStore());

describePaymentStoreContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoPaymentStore(db, await table());
});
