import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CSV_FORMAT_HELP, formFileOf } from "../core/catalogue/csv-format";
import { resolveFormFiles } from "../core/catalogue/forms";
import {
  exportCatalogue,
  formatOfFile,
  formatProblem,
  importCatalogue,
  ImportRejectedError,
  readCatalogueText,
  type CatalogueFormat,
} from "../core/catalogue/import";
import type { Language } from "../core/messages";
import type { Command } from "./main";

const USAGE = "catalogue import FILE [--dry-run] | export [--out FILE]";

const HELP = `usage:
  npm run cli -- catalogue import <file.json|file.csv> [--dry-run] [--format csv|json] [--lang en|vi] [--stage NAME]
  npm run cli -- catalogue export [--format csv|json] [--out FILE] [--stage NAME]

import   validates every row (schema, duplicate codes, agency references against the file and the stored
         catalogue) and prints every problem as "<section> row <n> (code <code>): <field>: <message>";
         with any problem nothing is written (exit 1). Otherwise upserts (unchanged rows are not rewritten) and
         prints one JSON line {"created","updated","unchanged","agencies","procedures","dryRun"}.
         --dry-run validates and counts without writing.
export   writes the whole catalogue (stdout, or --out FILE); the format follows --format, else the file's
         extension, else JSON. An export imports back with every row unchanged.

JSON format: {"agencies": [Agency…], "procedures": [Procedure…]} as in functions/core/catalogue/model.ts
(row numbers in messages count from 1 within each array).

${CSV_FORMAT_HELP}

More: docs/catalogue.md`;

interface Parsed {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

/** Splits `--name value`, `--name=value` and bare flags. */
function parseArgs(args: string[], withValue: string[]): Parsed {
  const parsed: Parsed = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (withValue.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      parsed.values.set(name, value);
    } else parsed.flags.add(name);
  }
  return parsed;
}

class UsageError extends Error {}

function formatOption(value: string | undefined): CatalogueFormat | undefined {
  if (value === undefined) return undefined;
  if (value === "csv" || value === "json") return value;
  throw new UsageError(`--format must be csv or json, got "${value}"`);
}

async function runImport(args: string[], open: Parameters<Command["run"]>[1]): Promise<number> {
  const parsed = parseArgs(args, ["format", "lang"]);
  const unknown = [...parsed.flags].filter((flag) => flag !== "dry-run");
  if (unknown.length) throw new UsageError(`unknown option(s): ${unknown.map((f) => `--${f}`).join(" ")}`);
  const [file, ...extra] = parsed.positional;
  if (!file || extra.length) throw new UsageError("import needs exactly one file");
  const format = formatOption(parsed.values.get("format")) ?? formatOfFile(file);
  if (!format) throw new UsageError(`cannot tell the format of ${file}: name it .json or .csv, or pass --format`);
  const lang = parsed.values.get("lang") ?? "en";
  if (lang !== "en" && lang !== "vi") throw new UsageError(`--lang must be en or vi, got "${lang}"`);
  const language = lang as Language;
  const dryRun = parsed.flags.has("dry-run");

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    console.error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const read = resolveFormFiles(readCatalogueText(text, format, language), (path) => readFileSync(resolve(dirname(file), path), "utf8"));
  const ctx = await open();
  try {
    console.error(`${dryRun ? "checking" : "importing"} ${file} (${format}) against ${ctx.target}`);
    const report = await importCatalogue(ctx.adapters.catalogue, read, { dryRun, language });
    console.log(JSON.stringify(report));
    return 0;
  } catch (err) {
    if (!(err instanceof ImportRejectedError)) throw err;
    for (const problem of err.problems) console.error(formatProblem(problem));
    console.error(`${err.problems.length} problem(s) in ${file}; nothing was written`);
    return 1;
  } finally {
    await ctx.close();
  }
}

async function runExport(args: string[], open: Parameters<Command["run"]>[1]): Promise<number> {
  const parsed = parseArgs(args, ["format", "out"]);
  if (parsed.flags.size || parsed.positional.length) {
    throw new UsageError(`unexpected argument(s): ${[...parsed.positional, ...[...parsed.flags].map((f) => `--${f}`)].join(" ")}`);
  }
  const out = parsed.values.get("out");
  const format = formatOption(parsed.values.get("format")) ?? (out ? formatOfFile(out) : undefined) ?? "json";
  const ctx = await open();
  try {
    const catalogue = await ctx.adapters.catalogue.load();
    const text = exportCatalogue(catalogue, format);
    if (out) {
      writeFileSync(out, text, "utf8");
      if (format === "csv") {
        // The CSV names each form by file, beside it (a JSON export holds the forms inline).
        for (const p of catalogue.procedures) {
          if (!p.form) continue;
          const path = resolve(dirname(out), formFileOf(p.code));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, `${JSON.stringify(p.form, null, 2)}\n`, "utf8");
        }
      }
      console.error(
        `exported ${catalogue.agencies.length} agencies and ${catalogue.procedures.length} procedures (version ${catalogue.version}) from ${ctx.target} to ${out}`,
      );
    } else {
      process.stdout.write(text);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

export const catalogueCommand: Command = {
  summary: "import or export the procedure catalogue (JSON or CSV)",
  usage: USAGE,
  async run(args, open) {
    const [sub, ...rest] = args;
    try {
      if (sub === "import") return await runImport(rest, open);
      if (sub === "export") return await runExport(rest, open);
      if (sub === "help" || sub === "--help" || sub === undefined) {
        console.log(HELP);
        return sub === undefined ? 2 : 0;
      }
      throw new UsageError(`unknown catalogue command "${sub}"`);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`${err.message}\n\n${HELP}`);
      return 2;
    }
  },
};
