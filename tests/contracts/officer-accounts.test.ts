/**
 * OfficerAccounts (the officers' sign-in accounts, for `officers add|disable`): the same contract for the Cognito
 * adapter, run against cognito-local (a real user-pool emulator, tests/support/cognito-local.ts), and for the local
 * provider's accounts file; then what only Cognito does (the invitation e-mail, AdminGetUser's Enabled).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cognitoOfficerAccounts, temporaryPassword } from "../../functions/adapters/cognito/officer-accounts";
import type { OfficerAccounts } from "../../functions/core/ports";
import { fileIdpAccounts, localOfficerAccounts } from "../../functions/local/idp-accounts";
import { startCognitoLocal, type CognitoLocal } from "../support/cognito-local";

/** The stage's pool policy (stacks/Api.ts). */
const POLICY = /^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[^A-Za-z0-9]).{12,}$/;

let emulator: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let poolId: string;
let dataDir: string;

beforeAll(async () => {
  emulator = await startCognitoLocal();
  admin = new CognitoIdentityProviderClient({
    region: "ap-southeast-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  // Shaped like the stage's OfficerPool: user names, e-mail as an alias, no self sign-up.
  const pool = await admin.send(
    new CreateUserPoolCommand({ PoolName: "officers", AliasAttributes: ["email"], AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } }),
  );
  poolId = pool.UserPool!.Id!;
  dataDir = mkdtempSync(join(tmpdir(), "dvc-accounts-"));
});

afterAll(async () => {
  admin?.destroy();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const cognito = () => cognitoOfficerAccounts({ userPoolId: poolId, region: "ap-southeast-1", endpoint: emulator.endpoint });

function describeOfficerAccountsContract(name: string, make: () => OfficerAccounts) {
  describe(`OfficerAccounts contract: ${name}`, () => {
    it("create twice gives the same sub: made the first time, found the second", async () => {
      const accounts = make();
      const first = await accounts.create({ username: "contract1", name: "Nguyễn Văn Một", temporaryPassword: "Tam-thoi-2026!" });
      expect(first).toMatchObject({ created: true });
      expect(first.sub).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.temporaryPassword).toBeUndefined(); // the caller's own password is not handed back
      const again = await accounts.create({ username: "contract1", name: "Nguyễn Văn Một", temporaryPassword: "Tam-thoi-2026!" });
      expect(again).toMatchObject({ sub: first.sub, created: false });
    });

    it("without a password or an e-mail, create chooses a temporary password that meets the pool's policy", async () => {
      const made = await make().create({ username: "contract2", name: "Trần Thị Hai" });
      expect(made.created).toBe(true);
      expect(made.temporaryPassword).toBeTypeOf("string");
    });

    it("setEnabled: true for an account it has, false for one it has not", async () => {
      const accounts = make();
      await accounts.create({ username: "contract3", name: "Lê Văn Ba", temporaryPassword: "Tam-thoi-2026!" });
      expect(await accounts.setEnabled("contract3", false)).toBe(true);
      expect(await accounts.setEnabled("contract3", false)).toBe(true); // again: harmless
      expect(await accounts.setEnabled("contract3", true)).toBe(true);
      expect(await accounts.setEnabled("nobody-here", false)).toBe(false);
    });
  });
}

describeOfficerAccountsContract("Cognito adapter on cognito-local", cognito);
describeOfficerAccountsContract("local provider's accounts file", () => localOfficerAccounts(fileIdpAccounts(dataDir)));

describe("Cognito adapter: what the user pool sees", () => {
  const user = (Username: string) => admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }));
  const attributes = async (username: string) => Object.fromEntries((await user(username)).UserAttributes!.map((a) => [a.Name!, a.Value!]));

  it("with an e-mail: name, e-mail (verified) and the invitation e-mailed by Cognito, no password handed back", async () => {
    const made = await cognito().create({ username: "nguyenvana", name: "Nguyễn Văn A", email: "a@tuphap.gov.vn" });
    expect(made).toEqual({ sub: expect.any(String), created: true });
    expect(await attributes("nguyenvana")).toMatchObject({ sub: made.sub, name: "Nguyễn Văn A", email: "a@tuphap.gov.vn", email_verified: "true" });
    expect((await user("nguyenvana")).UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    expect(emulator.messages.filter((m) => m.username === "nguyenvana")).toEqual([
      expect.objectContaining({ medium: "email", destination: "a@tuphap.gov.vn" }),
    ]);
  });

  it("without an e-mail: no message, the generated temporary password meets the policy and is the user's", async () => {
    const made = await cognito().create({ username: "tranthib", name: "Trần Thị B" });
    expect(made.temporaryPassword).toMatch(POLICY);
    expect(emulator.messages.some((m) => m.username === "tranthib")).toBe(false);
    expect(await attributes("tranthib")).toMatchObject({ sub: made.sub, name: "Trần Thị B" });
    expect((await attributes("tranthib")).email).toBeUndefined();
  });

  it("disable: signed out everywhere, AdminGetUser says Enabled false; enable: true again", async () => {
    const accounts = cognito();
    await accounts.create({ username: "levanc", name: "Lê Văn C", temporaryPassword: temporaryPassword() });
    expect((await user("levanc")).Enabled).toBe(true);
    await accounts.setEnabled("levanc", false);
    expect(emulator.signOuts.at(-1)).toBe("levanc");
    expect((await user("levanc")).Enabled).toBe(false);
    await accounts.setEnabled("levanc", true);
    expect((await user("levanc")).Enabled).toBe(true);
  });

  it("an error that is not 'exists' or 'not found' is the caller's (an unknown pool)", async () => {
    const elsewhere = cognitoOfficerAccounts({ userPoolId: "local_nopool00", region: "ap-southeast-1", endpoint: emulator.endpoint });
    await expect(elsewhere.create({ username: "x1", name: "X" })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("temporaryPassword() always meets the policy", () => {
    for (let i = 0; i < 200; i++) expect(temporaryPassword()).toMatch(POLICY);
  });
});
