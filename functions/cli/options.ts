import { parseArgs } from "node:util";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A subcommand that takes an optional `--date YYYY-MM-DD`: the parsed date, or the exit code of a usage error
 * (the error and the help are printed).
 */
export function dateOption(args: string[], help: string): { date?: string } | number {
  let values: { date?: string };
  try {
    values = parseArgs({ args, options: { date: { type: "string" } } }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.date !== undefined && !DATE.test(values.date)) {
    console.error(`--date must be YYYY-MM-DD\n\n${help}`);
    return 2;
  }
  return values;
}
