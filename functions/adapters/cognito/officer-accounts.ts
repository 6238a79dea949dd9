import { randomBytes, randomInt } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  type AttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { OfficerAccounts } from "../../core/ports";

export interface CognitoOfficerAccountsOptions {
  userPoolId: string;
  region: string;
  /** Any Cognito-compatible endpoint (cognito-local in the tests), called with dummy credentials; unset on AWS. */
  endpoint?: string;
}

const SYMBOLS = "^$*.[]{}()?!@#%&/,><:;|_~=+-";

/**
 * A temporary password that meets the officer pool's policy (stacks/Api.ts: at least 12 characters, upper and lower
 * case, digits and symbols): 16 random URL-safe characters plus one of each class, shuffled.
 */
export function temporaryPassword(): string {
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [
    ...randomBytes(12).toString("base64url"),
    pick("ABCDEFGHJKLMNPQRSTUVWXYZ"),
    pick("abcdefghijkmnopqrstuvwxyz"),
    pick("23456789"),
    pick(SYMBOLS),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

const subOf = (attributes: AttributeType[] | undefined): string | undefined => attributes?.find((a) => a.Name === "sub")?.Value;
const named = (err: unknown, name: string) => (err as { name?: string } | undefined)?.name === name;

/**
 * The officers' accounts in the stage's Cognito user pool (`OfficerPool`, output `OfficerUserPoolId`), for the
 * operator CLI: it runs with the operator's own AWS credentials (docs/operating.md "Officers" lists the IAM actions).
 *
 * - `create`: AdminCreateUser with `name` (and `email`, marked verified, so Cognito e-mails the invitation with the
 *   temporary password). Without an e-mail no message can carry the password: the invitation is suppressed and the
 *   temporary password (given, or generated to the pool's policy) is the caller's to hand over. A user name that
 *   exists already is looked up (AdminGetUser) and its sub returned, so a retried `officers add` is harmless.
 * - `setEnabled(…, false)`: AdminUserGlobalSignOut (its refresh tokens stop working), then AdminDisableUser;
 *   `true`: AdminEnableUser. False when the pool has no such user (an officer of another provider, added by `--sub`).
 */
export function cognitoOfficerAccounts(options: CognitoOfficerAccountsOptions): OfficerAccounts & { destroy(): void } {
  const cognito = new CognitoIdentityProviderClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 2 } : {}),
  });
  const UserPoolId = options.userPoolId;
  return {
    async create({ username, name, email, temporaryPassword: given }) {
      const password = given ?? (email ? undefined : temporaryPassword());
      try {
        const created = await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: username,
            UserAttributes: [
              { Name: "name", Value: name },
              ...(email ? [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }] : []),
            ],
            ...(password ? { TemporaryPassword: password } : {}),
            ...(email ? { DesiredDeliveryMediums: ["EMAIL" as const] } : { MessageAction: "SUPPRESS" as const }),
          }),
        );
        const sub = subOf(created.User?.Attributes);
        if (!sub) throw new Error(`cognito: AdminCreateUser answered without the sub of ${username}`);
        return { sub, created: true, ...(password && !email && !given ? { temporaryPassword: password } : {}) };
      } catch (err) {
        if (!named(err, "UsernameExistsException")) throw err;
        const existing = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
        const sub = subOf(existing.UserAttributes);
        if (!sub) throw new Error(`cognito: AdminGetUser answered without the sub of ${username}`);
        return { sub, created: false };
      }
    },
    async setEnabled(username, enabled) {
      try {
        if (enabled) await cognito.send(new AdminEnableUserCommand({ UserPoolId, Username: username }));
        else {
          await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: username }));
          await cognito.send(new AdminDisableUserCommand({ UserPoolId, Username: username }));
        }
        return true;
      } catch (err) {
        if (named(err, "UserNotFoundException")) return false;
        throw err;
      }
    },
    destroy: () => cognito.destroy(),
  };
}
