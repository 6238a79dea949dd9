import { dynamoOfficerRepository } from "../../functions/adapters/dynamo/officer-repository";
import { memoryOfficerRepository } from "../../functions/core/officer/memory";
import { useEmulator } from "./emulator";
import { describeOfficerRepositoryContract } from "./officer-repository.contract";

const emulator = useEmulator();

describeOfficerRepositoryContract("in-memory fake", async () => memoryOfficerRepository());

describeOfficerRepositoryContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoOfficerRepository(db, await table());
});
