import { dynamoEventLog } from "../../functions/adapters/dynamo/event-log";
import { fakeEventLog } from "../support/fakes";
import { useEmulator } from "./emulator";
import { describeEventLogContract } from "./event-log.contract";

const emulator = useEmulator();

describeEventLogContract("in-memory fake", async () => fakeEventLog());

describeEventLogContract("DynamoDB adapter on dynalite", async () => {
  const { db, table } = emulator();
  return dynamoEventLog(db, await table());
});
