import { parseArgs } from "node:util";
import { createApiKey, describeKey } from "../core/agency/keys";
import type { Command } from "./main";

const HELP = `usage:
  npm run cli -- keys create --agency <code> [--label text] [--stage NAME]
  npm run cli -- keys list [--stage NAME]
  npm run cli -- keys revoke <keyId> [--stage NAME]

create   prints {"keyId","apiKey","agencyCode"} as JSON. The key is shown this once; only its hash is stored.
revoke   deployed, a revoked key keeps working until API Gateway's authorizer cache expires (30 s); locally at once.`;

/** `keys create|list|revoke`: agency API keys, managed by operators. */
export const keysCommand: Command = {
  summary: "issue, list and revoke agency API keys",
  usage: "keys create --agency CODE [--label T] | list | revoke KEYID",
  async run(args, open) {
    const [sub, ...rest] = args;
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { agency: { type: "string" }, label: { type: "string" } }, allowPositionals: true });
    } catch (err) {
      console.error(`${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (sub === "create" && !values.agency) {
      console.error(`keys create needs --agency <code>\n\n${HELP}`);
      return 2;
    }
    if (sub === "revoke" && positionals.length !== 1) {
      console.error(`keys revoke needs one keyId\n\n${HELP}`);
      return 2;
    }
    if (!["create", "list", "revoke"].includes(sub ?? "")) {
      console.log(HELP);
      return sub === "help" ? 0 : 2;
    }
    const ctx = await open();
    try {
      const keys = ctx.adapters.keys;
      if (sub === "create") {
        const created = await createApiKey(keys, async (code) => Boolean(await ctx.adapters.catalogue.getAgency(code)), {
          agencyCode: values.agency!,
          label: values.label,
          now: new Date(),
        });
        console.log(JSON.stringify(created));
      } else if (sub === "list") {
        console.log(JSON.stringify((await keys.list()).map(describeKey), null, 2));
      } else {
        console.log(JSON.stringify(describeKey(await keys.revoke(positionals[0]!, new Date().toISOString()))));
      }
      return 0;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "catalogue.unknown_agency") console.error(`error: agency ${values.agency} is not in the catalogue`);
      else if (code === "key.not_found") console.error(`error: no key ${positionals[0]}`);
      else throw err;
      return 1;
    } finally {
      await ctx.close();
    }
  },
};
