import { dynamoCatalogueRepository } from "../../functions/adapters/dynamo/catalogue-repository";
import { fakeCatalogueRepository } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeCatalogueRepositoryContract } from "./catalogue-repository.contract";

const emulator = useEmulator();

describeCatalogueRepositoryContract("in-memory fake", async () => fakeCatalogueRepository());

describeCatalogueRepositoryContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoCatalogueRepository(db, await table());
});
