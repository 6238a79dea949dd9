/**
 * `officers add|disable --stage`, end to end: the CLI as an operator runs it against a deployed stage, here a
 * dynalite table (TABLE_NAME + DYNAMODB_ENDPOINT) and cognito-local as the stage's officer pool
 * (OFFICER_USER_POOL_ID + COGNITO_ENDPOINT).
 */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../functions/cli/main";
import { OTHER_AGENCY } from "../support/portal";
import { startCognitoLocal, type CognitoLocal } from "../support/cognito-local";
import { startLocalStores, type LocalStores } from "../support/local-stores";

const STAGE = "cognito-cli-test";
const VARIABLES = ["TABLE_NAME", "BUCKET_NAME", "DYNAMODB_ENDPOINT", "S3_ENDPOINT", "AWS_REGION", "OFFICER_USER_POOL_ID", "COGNITO_ENDPOINT"];

let stores: LocalStores;
let emulator: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let poolId: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  [stores, emulator] = await Promise.all([startLocalStores(), startCognitoLocal()]);
  await stores.adapters.catalogue.upsert([{ kind: "agency", value: OTHER_AGENCY }]);
  admin = new CognitoIdentityProviderClient({
    region: "ap-southeast-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: "officers", AliasAttributes: ["email"] }))).UserPool!.Id!;
  for (const name of VARIABLES) saved[name] = process.env[name];
  Object.assign(process.env, stores.env, { OFFICER_USER_POOL_ID: poolId, COGNITO_ENDPOINT: emulator.endpoint });
});

afterAll(async () => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  admin?.destroy();
  await Promise.all([stores?.close(), emulator?.close()]);
});

/** Runs the CLI on the stage; its exit code and the JSON it printed last. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
  const error = vi.spyOn(console, "error").mockImplementation((line: unknown) => void out.push(String(line)));
  try {
    const code = await runCli([...args, "--stage", STAGE]);
    const last = out.at(-1);
    let json: Record<string, unknown> | undefined;
    try {
      json = last ? JSON.parse(last) : undefined;
    } catch {
      json = undefined;
    }
    return { code, json, out };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const user = (Username: string) => admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }));
const subOf = async (username: string) => (await user(username)).UserAttributes!.find((a) => a.Name === "sub")!.Value;
const add = (username: string, ...more: string[]) =>
  cli("officers", "add", "--username", username, "--name", "Nguyễn Văn Cán Bộ", "--agency", OTHER_AGENCY.code, "--roles", "intake", ...more);

describe("officers --stage with the stage's Cognito pool", () => {
  it("add --email: creates the Cognito user (Cognito e-mails the invitation), then the record with its sub; a retry reuses both", async () => {
    const first = await add("NguyenVanA", "--email", "a@tuphap.gov.vn");
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ username: "nguyenvana", agencyCode: OTHER_AGENCY.code, roles: ["intake"], disabled: false, accountCreated: true });
    expect(first.json).not.toHaveProperty("password");
    const sub = await subOf("nguyenvana");
    expect(first.json!.officerId).toBe(sub);
    expect(await stores.adapters.officers.byUsername("nguyenvana")).toMatchObject({ officerId: sub, disabled: false });
    expect(emulator.messages.filter((m) => m.username === "nguyenvana").map((m) => [m.medium, m.destination])).toEqual([["email", "a@tuphap.gov.vn"]]);

    const retry = await add("nguyenvana", "--email", "a@tuphap.gov.vn");
    expect(retry.code).toBe(0);
    expect(retry.json).toMatchObject({ officerId: sub, accountCreated: false });
  });

  it("add without --email: prints the temporary password once, which is the Cognito user's", async () => {
    const added = await add("tranthib");
    expect(added.code).toBe(0);
    expect(added.json!.password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[^A-Za-z0-9]).{12,}$/);
    expect(added.json!.officerId).toBe(await subOf("tranthib"));
    expect((await user("tranthib")).UserStatus).toBe("FORCE_CHANGE_PASSWORD");
  });

  it("disable: the record at once and the Cognito user (signed out everywhere); --enable: both again", async () => {
    await add("levanc", "--email", "c@tuphap.gov.vn");
    const off = await cli("officers", "disable", "levanc");
    expect(off.code).toBe(0);
    expect(off.json).toMatchObject({ username: "levanc", disabled: true, account: "disabled" });
    expect((await stores.adapters.officers.byUsername("levanc"))!.disabled).toBe(true);
    expect((await user("levanc")).Enabled).toBe(false);
    expect(emulator.signOuts).toContain("levanc");

    // Re-adding (a retried add) does not quietly enable a disabled officer.
    expect((await add("levanc", "--email", "c@tuphap.gov.vn")).json).toMatchObject({ disabled: true, accountCreated: false });

    const on = await cli("officers", "disable", "levanc", "--enable");
    expect(on.json).toMatchObject({ disabled: false, account: "enabled" });
    expect((await user("levanc")).Enabled).toBe(true);
  });

  it("add --sub (a province's own provider): no Cognito user; disable then touches only the record", async () => {
    const added = await add("keycloak1", "--sub", "kc-0001");
    expect(added.code).toBe(0);
    expect(added.json).toMatchObject({ officerId: "kc-0001", username: "keycloak1" });
    await expect(user("keycloak1")).rejects.toMatchObject({ name: "UserNotFoundException" });
    const off = await cli("officers", "disable", "keycloak1");
    expect(off.json).toMatchObject({ disabled: true, account: "none at the provider" });
  });

  it("without a pool id (no OFFICER_USER_POOL_ID, no outputs of the stage): add and disable say how to give one, and write nothing", async () => {
    await add("nopool2", "--email", "d@tuphap.gov.vn");
    delete process.env.OFFICER_USER_POOL_ID;
    try {
      await expect(add("nopool1")).rejects.toThrow(/OFFICER_USER_POOL_ID.*OfficerUserPoolId/);
      expect(await stores.adapters.officers.byUsername("nopool1")).toBeUndefined();
      await expect(cli("officers", "disable", "nopool2")).rejects.toThrow(/OFFICER_USER_POOL_ID/);
      expect((await stores.adapters.officers.byUsername("nopool2"))!.disabled).toBe(false);
    } finally {
      process.env.OFFICER_USER_POOL_ID = poolId;
    }
  });
});
