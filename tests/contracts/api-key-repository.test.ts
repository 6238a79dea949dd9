import { dynamoApiKeyRepository } from "../../functions/adapters/dynamo/api-key-repository";
import { fakeApiKeyRepository } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeApiKeyRepositoryContract } from "./api-key-repository.contract";

const emulator = useEmulator();

describeApiKeyRepositoryContract("in-memory fake", async () => fakeApiKeyRepository());

describeApiKeyRepositoryContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoApiKeyRepository(db, await table());
});
