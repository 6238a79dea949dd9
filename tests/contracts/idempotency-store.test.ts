import { dynamoIdempotencyStore } from "../../functions/adapters/dynamo/idempotency-store";
import { fakeIdempotencyStore } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeIdempotencyStoreContract } from "./idempotency-store.contract";

const emulator = useEmulator();

describeIdempotencyStoreContract("in-memory fake", async () => fakeIdempotencyStore());

describeIdempotencyStoreContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoIdempotencyStore(db, await table());
});
