/**
 * The local OpenID provider's accounts (functions/local/idp.ts): user name, subject, display name and a scrypt hash
 * of the password, in one file of the data folder (`idp-accounts.json`, owner only). Deployed, Cognito keeps them.
 * The portal's officer records (roles, agency, disabled) are not here: they are the portal's (OfficerRepository).
 */
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OfficerAccounts } from "../core/ports";

export interface IdpAccount {
  sub: string;
  username: string;
  name: string;
  /** `scrypt$<salt b64url>$<hash b64url>` */
  passwordHash: string;
  /** Set by `officers disable`: the provider refuses the password, as Cognito does a disabled user's. */
  disabled?: boolean;
}

export interface IdpAccounts {
  bySub(sub: string): Promise<IdpAccount | undefined>;
  byUsername(username: string): Promise<IdpAccount | undefined>;
  /** The account when the password is its own and the account is not disabled. */
  verify(username: string, password: string): Promise<IdpAccount | undefined>;
  /** Creates the account, or sets the password and name of an existing one (disabled stays as it was); returns it. */
  upsert(input: { username: string; name: string; password: string; sub?: string }): Promise<IdpAccount>;
  /** Disables or re-enables the account; false when there is none of that name. */
  setEnabled(username: string, enabled: boolean): Promise<boolean>;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("base64url")}$${scryptSync(password, salt, 32).toString("base64url")}`;
}

export function passwordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = scryptSync(password, Buffer.from(salt, "base64url"), expected.length);
  return timingSafeEqual(expected, actual);
}

export function fileIdpAccounts(dataDir: string): IdpAccounts {
  const file = join(dataDir, "idp-accounts.json");
  const load = (): IdpAccount[] => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as IdpAccount[]) : []);
  const save = (accounts: IdpAccount[]) => writeFileSync(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  const norm = (u: string) => u.trim().toLowerCase();
  return {
    async bySub(sub) {
      return load().find((a) => a.sub === sub);
    },
    async byUsername(username) {
      return load().find((a) => a.username === norm(username));
    },
    async verify(username, password) {
      const account = load().find((a) => a.username === norm(username));
      // A hash is computed also for an unknown name, so timing does not tell names apart.
      const ok = passwordMatches(password, account?.passwordHash ?? hashPassword("x"));
      return account && ok && !account.disabled ? account : undefined;
    },
    async upsert(input) {
      const accounts = load();
      const username = norm(input.username);
      const existing = accounts.find((a) => a.username === username);
      const account: IdpAccount = {
        sub: existing?.sub ?? input.sub ?? randomUUID(),
        username,
        name: input.name,
        passwordHash: hashPassword(input.password),
        ...(existing?.disabled ? { disabled: true } : {}),
      };
      save([...accounts.filter((a) => a.username !== username), account]);
      return account;
    },
    async setEnabled(username, enabled) {
      const accounts = load();
      const account = accounts.find((a) => a.username === norm(username));
      if (!account) return false;
      const { disabled: _, ...rest } = account;
      save(accounts.map((a) => (a === account ? { ...rest, ...(enabled ? {} : { disabled: true }) } : a)));
      return true;
    },
  };
}

/**
 * The embedded provider's accounts as the CLI's OfficerAccounts: `create` makes the account or, for an existing one,
 * sets its name and password (the one given, or a generated one returned to be printed once); there is no e-mail.
 */
export function localOfficerAccounts(accounts: IdpAccounts): OfficerAccounts {
  return {
    async create({ username, name, temporaryPassword }) {
      const existing = await accounts.byUsername(username);
      const password = temporaryPassword ?? randomBytes(12).toString("base64url");
      const account = await accounts.upsert({ username, name, password });
      return { sub: account.sub, created: !existing, ...(temporaryPassword ? {} : { temporaryPassword: password }) };
    },
    setEnabled: (username, enabled) => accounts.setEnabled(username, enabled),
  };
}
