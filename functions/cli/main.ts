/**
 * The operator CLI: `npm run cli -- <command> [options]`.
 * Each command module exports `run(args, open)`; add a command by adding it to `commands` below.
 */
import { calendarCommand } from "./calendar";
import { catalogueCommand } from "./catalogue";
import { dossiersCommand } from "./dossiers";
import { draftsCommand } from "./drafts";
import { filesCommand } from "./files";
import { openContext, type CliContext } from "./context";
import { infoCommand } from "./info";
import { keysCommand } from "./keys";
import { officersCommand } from "./officers";
import { paymentsCommand } from "./payments";
import { statsCommand } from "./stats";
import { webhooksCommand } from "./webhooks";

export type OpenContext = () => Promise<CliContext>;
export interface Command {
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], open: OpenContext): Promise<number>;
}

const commands: Record<string, Command> = {
  info: infoCommand,
  keys: keysCommand,
  officers: officersCommand,
  stats: statsCommand,
  catalogue: catalogueCommand,
  payments: paymentsCommand,
  drafts: draftsCommand,
  dossiers: dossiersCommand,
  files: filesCommand,
  calendar: calendarCommand,
  webhooks: webhooksCommand,
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return `usage: npm run cli -- <command> [--stage NAME]\n\ncommands:\n${lines.join("\n")}\n\nWithout --stage the CLI works on the local data (a running portal's, or DATA_DIR's).`;
}

/** Splits off the global `--stage NAME` option. */
function takeStage(args: string[]): { stage?: string; rest: string[] } {
  const rest: string[] = [];
  let stage: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--stage") {
      stage = args[++i];
      if (!stage) throw new Error("--stage needs a name");
    } else if (arg.startsWith("--stage=")) stage = arg.slice("--stage=".length);
    else rest.push(arg);
  }
  return { stage, rest };
}

export async function runCli(argv: string[]): Promise<number> {
  const { stage, rest } = takeStage(argv);
  const [name, ...args] = rest;
  if (!name || name === "help" || name === "--help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args, () => openContext({ stage }));
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!);
if (isMain) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((err) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
