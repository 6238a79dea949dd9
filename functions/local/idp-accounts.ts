/**
 * The local OpenID provider's accounts (functions/local/idp.ts): user name, subject, display name and a scrypt hash
 * of the password, in one file of the data folder (`idp-accounts.json`, owner only). Deployed, Cognito keeps them.
 * The portal's officer records (roles, agency, disabled) are not here: they are the portal's (OfficerRepository).
 */
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface IdpAccount {
  sub: string;
  username: string;
  name: string;
  /** `scrypt$<salt b64url>$<hash b64url>` */
  passwordHash: string;
}

export interface IdpAccounts {
  bySub(sub: string): Promise<IdpAccount | undefined>;
  byUsername(username: string): Promise<IdpAccount | undefined>;
  /** The account when the password is its own. */
  verify(username: string, password: string): Promise<IdpAccount | undefined>;
  /** Creates the account, or sets the password and name of an existing one; returns it. */
  upsert(input: { username: string; name: string; password: string; sub?: string }): Promise<IdpAccount>;
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
      return account && ok ? account : undefined;
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
      };
      save([...accounts.filter((a) => a.username !== username), account]);
      return account;
    },
  };
}
