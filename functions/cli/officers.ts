import { parseArgs } from "node:util";
import { OFFICER_ROLES, officerSummary, type Officer, type OfficerRole } from "../core/officer/model";
import type { Command } from "./main";

const HELP = `usage:
  npm run cli -- officers add --username U --name "Họ tên" --agency CODE --roles intake,leader [--email E] [--password P] [--sub SUB] [--stage NAME]
  npm run cli -- officers list --agency CODE [--stage NAME]
  npm run cli -- officers disable <username> [--enable] [--stage NAME]
  npm run cli -- officers roles <username> --roles specialist,leader [--stage NAME]

roles: ${OFFICER_ROLES.join(", ")}
add      creates the sign-in account, then the portal's officer record with its sub. Locally the account is the
         embedded OpenID provider's (password given, or generated and printed once). Deployed (--stage) it is a user
         of the stage's Cognito pool (OFFICER_USER_POOL_ID, else the OfficerUserPoolId output in .sst/outputs.json):
         with --email, Cognito e-mails the invitation and its temporary password; without, the temporary password
         (--password, or generated) is printed once, to hand over. A user that exists already is reused (its sub).
         An existing officer keeps its disabled state: use disable --enable.
         --sub SUB: the account lives at another OpenID provider (a province's Keycloak, …): no account is created
         anywhere, the record is keyed by that sub.
disable  refused at once: the officer is looked up on every request. Also disables the account (deployed: the Cognito
         user, signed out everywhere so its refresh tokens stop working); --enable enables both again.
deployed, the operator's AWS credentials need cognito-idp:AdminCreateUser, AdminGetUser, AdminDisableUser,
AdminEnableUser and AdminUserGlobalSignOut on the pool (docs/operating.md "Officers").`;

function rolesOf(raw: string | undefined): OfficerRole[] | undefined {
  if (!raw) return undefined;
  const roles = raw.split(",").map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(OFFICER_ROLES as readonly string[]).includes(r));
  if (bad.length || !roles.length) throw new Error(`unknown role(s): ${bad.join(", ") || "(none)"}; roles are ${OFFICER_ROLES.join(", ")}`);
  return roles as OfficerRole[];
}



/** `officers add|list|disable|roles`: the back office's officers and their roles. */
export const officersCommand: Command = {
  summary: "add, list, disable officers and set their roles",
  usage: "officers add --username U --name N --agency CODE --roles R | list | disable U | roles U --roles R",
  async run(args, open) {
    const [sub, ...rest] = args;
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: {
          username: { type: "string" },
          name: { type: "string" },
          agency: { type: "string" },
          roles: { type: "string" },
          email: { type: "string" },
          password: { type: "string" },
          sub: { type: "string" },
          enable: { type: "boolean" },
        },
        allowPositionals: true,
      });
    } catch (err) {
      console.error(`${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (!["add", "list", "disable", "roles"].includes(sub ?? "")) {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    let roles: OfficerRole[] | undefined;
    try {
      roles = rolesOf(values.roles);
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      return 2;
    }
    if (sub === "add" && (!values.username || !values.name || !values.agency || !roles)) {
      console.error(`officers add needs --username, --name, --agency and --roles\n\n${HELP}`);
      return 2;
    }
    if (sub === "list" && !values.agency) {
      console.error(`officers list needs --agency <code>\n\n${HELP}`);
      return 2;
    }
    if ((sub === "disable" || sub === "roles") && positionals.length !== 1) {
      console.error(`officers ${sub} needs one user name\n\n${HELP}`);
      return 2;
    }
    if (sub === "roles" && !roles) {
      console.error(`officers roles needs --roles\n\n${HELP}`);
      return 2;
    }
    const ctx = await open();
    try {
      const officers = ctx.adapters.officers;
      const now = new Date().toISOString();
      if (sub === "add") {
        if (!(await ctx.adapters.catalogue.getAgency(values.agency!))) {
          console.error(`error: agency ${values.agency} is not in the catalogue`);
          return 1;
        }
        const username = values.username!.trim().toLowerCase();
        // --sub: the account is another provider's; otherwise it is made (or found) first, so a retry is harmless.
        const account = values.sub
          ? { sub: values.sub, created: false, temporaryPassword: undefined }
          : await (await ctx.officerAccounts()).create({ username, name: values.name!, email: values.email, temporaryPassword: values.password });
        const existing = await officers.byUsername(username);
        const officer: Officer = {
          officerId: account.sub,
          username,
          name: values.name!,
          agencyCode: values.agency!,
          roles: roles!,
          disabled: existing?.disabled ?? false,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        };
        await officers.put(officer);
        console.log(
          JSON.stringify({
            ...officerSummary(officer),
            ...(values.sub ? {} : { accountCreated: account.created }),
            ...(account.temporaryPassword ? { password: account.temporaryPassword } : {}),
          }),
        );
      } else if (sub === "list") {
        console.log(JSON.stringify((await officers.listByAgency(values.agency!)).map(officerSummary), null, 2));
      } else {
        const officer = await officers.byUsername(positionals[0]!);
        if (!officer) {
          console.error(`error: no officer ${positionals[0]}`);
          return 1;
        }
        const next = sub === "disable" ? { ...officer, disabled: !values.enable, updatedAt: now } : { ...officer, roles: roles!, updatedAt: now };
        // The accounts are opened first (a stage without a pool id stops here, before anything is written), then
        // the record: it alone decides access on the next request. The account follows (a failure there is
        // reported; running the command again is harmless).
        const accounts = sub === "disable" ? await ctx.officerAccounts() : undefined;
        await officers.put(next);
        if (accounts) {
          const found = await accounts.setEnabled(officer.username, !!values.enable);
          console.log(JSON.stringify({ ...officerSummary(next), account: found ? (values.enable ? "enabled" : "disabled") : "none at the provider" }));
        } else console.log(JSON.stringify(officerSummary(next)));
      }
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
