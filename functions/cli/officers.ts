import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { OFFICER_ROLES, type Officer, type OfficerRole } from "../core/officer/model";
import { fileIdpAccounts } from "../local/idp-accounts";
import { DEFAULT_DATA_DIR } from "../local/portal";
import type { Command } from "./main";

const HELP = `usage:
  npm run cli -- officers add --username U --name "Họ tên" --agency CODE --roles intake,leader [--password P] [--sub SUB] [--stage NAME]
  npm run cli -- officers list --agency CODE [--stage NAME]
  npm run cli -- officers disable <username> [--enable] [--stage NAME]
  npm run cli -- officers roles <username> --roles specialist,leader [--stage NAME]

roles: ${OFFICER_ROLES.join(", ")}
add      locally also creates the account at the embedded OpenID provider (password given, or generated and printed
         once). Deployed (--stage), the account lives in the stage's Cognito user pool: create the user there first
         (console, or aws cognito-idp admin-create-user), then run add with --sub <the user's sub>.
disable  refused at once: the officer is looked up on every request.`;

function rolesOf(raw: string | undefined): OfficerRole[] | undefined {
  if (!raw) return undefined;
  const roles = raw.split(",").map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(OFFICER_ROLES as readonly string[]).includes(r));
  if (bad.length || !roles.length) throw new Error(`unknown role(s): ${bad.join(", ") || "(none)"}; roles are ${OFFICER_ROLES.join(", ")}`);
  return roles as OfficerRole[];
}

const summary = ({ officerId, username, name, agencyCode, roles, disabled }: Officer) => ({ officerId, username, name, agencyCode, roles, disabled });

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
        const local = ctx.config.stage === "local";
        if (!local && !values.sub) {
          console.error(
            `error: on a deployed stage the account is Cognito's: create user ${values.username} in the stage's user pool ` +
              `(aws cognito-idp admin-create-user --user-pool-id <pool> --username ${values.username}), then run again with --sub <its sub>`,
          );
          return 1;
        }
        let officerId = values.sub;
        let password: string | undefined;
        if (local) {
          password = values.password ?? randomBytes(12).toString("base64url");
          const accounts = fileIdpAccounts(resolve(process.env.DATA_DIR ?? DEFAULT_DATA_DIR));
          officerId = (await accounts.upsert({ username: values.username!, name: values.name!, password, sub: values.sub })).sub;
        }
        const existing = await officers.byUsername(values.username!);
        const officer: Officer = {
          officerId: officerId!,
          username: values.username!.toLowerCase(),
          name: values.name!,
          agencyCode: values.agency!,
          roles: roles!,
          disabled: false,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        };
        await officers.put(officer);
        console.log(JSON.stringify({ ...summary(officer), ...(password && !values.password ? { password } : {}) }));
      } else if (sub === "list") {
        console.log(JSON.stringify((await officers.listByAgency(values.agency!)).map(summary), null, 2));
      } else {
        const officer = await officers.byUsername(positionals[0]!);
        if (!officer) {
          console.error(`error: no officer ${positionals[0]}`);
          return 1;
        }
        const next = sub === "disable" ? { ...officer, disabled: !values.enable, updatedAt: now } : { ...officer, roles: roles!, updatedAt: now };
        await officers.put(next);
        console.log(JSON.stringify(summary(next)));
      }
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
