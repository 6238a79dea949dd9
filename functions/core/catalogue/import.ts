import { RuleError } from "../errors";
import { localizeIssue } from "../issues";
import { describe, type Language } from "../messages";
import { catalogueToCsv, readCatalogueCsv, type RawRow, type ReadProblem } from "./csv-format";
import { carryFormVersions } from "./forms";
import { Agency, CatalogueFile, Procedure, type Catalogue } from "./model";
import type { CatalogueEntry, CatalogueRepository, UpsertResult } from "./repository";

/**
 * Catalogue import and export (docs/catalogue.md). An import is all or nothing: every row is validated and
 * cross-checked first, every problem is reported with its row and field, and nothing is written unless the
 * whole file is good. Writing goes through CatalogueRepository.upsert, which skips unchanged entries, so
 * importing the same file twice changes nothing the second time.
 */

export type CatalogueFormat = "json" | "csv";

export { type RawRow } from "./csv-format";

/** One problem of an import file, in words (the language chosen by the caller). */
export interface ImportProblem {
  section: "file" | "agencies" | "procedures";
  row?: number;
  /** The code the row declares, when it has one: helps find the row in a long file. */
  code?: string;
  /** Dotted field path (`fee.amount`, `documents.2.key`); in a CSV, the column name. */
  path: string;
  message: string;
}

export interface ReadResult {
  rows: RawRow[];
  problems: ReadProblem[];
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportPlan {
  /** What would be written (agencies first); empty when there are problems. */
  entries: CatalogueEntry[];
  problems: ImportProblem[];
  /** Against the stored catalogue the plan was made with. */
  counts: ImportCounts;
}

export interface ImportReport extends ImportCounts {
  agencies: number;
  procedures: number;
  dryRun: boolean;
}

/** The file had problems; nothing was written. `problems` lists every one. */
export class ImportRejectedError extends RuleError {
  constructor(readonly problems: ImportProblem[]) {
    super("catalogue.import_rejected", {
      params: { count: problems.length },
      errors: problems.map((p) => ({ path: formatWhere(p), message: p.message })),
    });
    this.name = "ImportRejectedError";
  }
}

/** The format a file name implies, or undefined. Throws nothing. */
export function formatOfFile(fileName: string): CatalogueFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv") || lower.endsWith(".txt")) return "csv";
  return undefined;
}

/**
 * Reads an import file's text into raw rows and the problems of its shape (bad JSON, unknown CSV column…).
 * Nothing is validated against the schemas yet. Throws nothing.
 */
export function readCatalogueText(text: string, format: CatalogueFormat, language: Language = "en"): ReadResult {
  if (format === "csv") return readCatalogueCsv(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    return {
      rows: [],
      problems: [{ section: "file", path: "json", message: `not valid JSON (${err instanceof Error ? err.message : String(err)})` }],
    };
  }
  const shape = CatalogueFile.safeParse(parsed);
  if (!shape.success) {
    return {
      rows: [],
      problems: shape.error.issues.map((issue) => ({
        section: "file" as const,
        path: issue.path.map(String).join(".") || "file",
        message: localizeIssue(issue, language, parsed),
      })),
    };
  }
  return {
    rows: [
      ...shape.data.agencies.map((value, i): RawRow => ({ section: "agencies", row: i + 1, value })),
      ...shape.data.procedures.map((value, i): RawRow => ({ section: "procedures", row: i + 1, value })),
    ],
    problems: [],
  };
}

/** Key order and absent values do not make two entries different (the adapter hashes the same way). */
function canonical(value: unknown): string {
  const walk = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(walk)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .sort()
              .map((k) => [k, walk((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(walk(value));
}

function codeOf(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === "string" && code.trim() ? code.trim() : undefined;
}

/**
 * Validates every row and plans the writes against the stored catalogue: schema problems (each zod issue
 * with its field), codes repeated within the file, agencies referenced (procedure agencyCode /
 * receivingAgencyCode, agency parentCode) that are neither in the file nor stored. Pure; throws nothing.
 */
export function planImport(read: ReadResult, stored: Pick<Catalogue, "agencies" | "procedures">, language: Language = "en"): ImportPlan {
  const say = (problem: ReadProblem): ImportProblem => ({
    section: problem.section,
    ...(problem.row !== undefined ? { row: problem.row } : {}),
    ...(problem.code ? { code: problem.code } : {}),
    path: problem.path,
    message: describe(problem.message, language, problem.params).title,
  });
  const problems: ImportProblem[] = read.problems.map(say);

  // Agencies named anywhere in the file count as present even when their row is broken: one bad agency row
  // should produce one message, not one more for every procedure of that agency.
  const knownAgencies = new Set(stored.agencies.map((agency) => agency.code));
  for (const row of read.rows) {
    const code = row.section === "agencies" ? codeOf(row.value) : undefined;
    if (code) knownAgencies.add(code);
  }

  const storedProcedures = new Map(stored.procedures.map((p) => [p.code, p]));
  const firstRow = { agencies: new Map<string, number>(), procedures: new Map<string, number>() };
  const entries: CatalogueEntry[] = [];
  for (const row of read.rows) {
    const code = codeOf(row.value);
    const at = (path: string, message: string): ImportProblem => ({
      section: row.section,
      row: row.row,
      ...(code ? { code } : {}),
      path,
      message,
    });
    for (const problem of row.problems ?? []) problems.push(say({ ...problem, ...(code ? { code } : {}) }));

    if (code) {
      const seen = firstRow[row.section].get(code);
      if (seen !== undefined) {
        problems.push(at("code", describe("catalogue.duplicate_code", language, { code, row: seen }).title));
      } else firstRow[row.section].set(code, row.row);
    }

    const schema = row.section === "agencies" ? Agency : Procedure;
    const parsed = schema.safeParse(row.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(at(issue.path.map(String).join("."), localizeIssue(issue, language, row.value)));
      }
      continue;
    }
    const unknownAgency = (path: string, agencyCode: string, messageCode: string, param: string) => {
      if (!knownAgencies.has(agencyCode)) problems.push(at(path, describe(messageCode, language, { [param]: agencyCode }).title));
    };
    if (row.section === "agencies") {
      const agency = parsed.data as Agency;
      if (agency.parentCode) unknownAgency("parentCode", agency.parentCode, "catalogue.unknown_parent", "parentCode");
      entries.push({ kind: "agency", value: agency });
    } else {
      const carried = carryFormVersions(parsed.data as Procedure, storedProcedures.get((parsed.data as Procedure).code));
      if (carried.problem) problems.push(at("form.version", carried.problem));
      const procedure = carried.procedure;
      unknownAgency("agencyCode", procedure.agencyCode, "catalogue.unknown_agency", "agencyCode");
      if (procedure.receivingAgencyCode) {
        unknownAgency("receivingAgencyCode", procedure.receivingAgencyCode, "catalogue.unknown_agency", "agencyCode");
      }
      entries.push({ kind: "procedure", value: procedure });
    }
  }
  if (problems.length) return { entries: [], problems, counts: { created: 0, updated: 0, unchanged: 0 } };

  // Agencies first, so a reader never sees a procedure whose agency is not there yet.
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "agency" ? -1 : 1));
  const storedByKey = new Map<string, string>([
    ...stored.agencies.map((a) => [`agency:${a.code}`, canonical(a)] as const),
    ...stored.procedures.map((p) => [`procedure:${p.code}`, canonical(p)] as const),
  ]);
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const entry of entries) {
    const before = storedByKey.get(`${entry.kind}:${entry.value.code}`);
    if (before === undefined) counts.created++;
    else if (before === canonical(entry.value)) counts.unchanged++;
    else counts.updated++;
  }
  return { entries, problems, counts };
}

/**
 * Validates a read file against the stored catalogue and, unless `dryRun`, upserts it.
 * @throws ImportRejectedError (kind `rule`) listing every problem, when any row is bad; nothing is written.
 * @throws whatever the repository throws (e.g. UnavailableError) on load or upsert.
 */
export async function importCatalogue(
  repository: CatalogueRepository,
  read: ReadResult,
  options: { dryRun?: boolean; language?: Language } = {},
): Promise<ImportReport> {
  const stored = await repository.load();
  const plan = planImport(read, stored, options.language);
  if (plan.problems.length) throw new ImportRejectedError(plan.problems);
  const agencies = plan.entries.filter((e) => e.kind === "agency").length;
  const procedures = plan.entries.length - agencies;
  if (options.dryRun) return { ...plan.counts, agencies, procedures, dryRun: true };
  const result: UpsertResult = await repository.upsert(plan.entries);
  return { ...result, agencies, procedures, dryRun: false };
}

/** The whole stored catalogue as an import file (agencies then procedures, by code). Throws nothing. */
export function exportCatalogue(catalogue: Pick<Catalogue, "agencies" | "procedures">, format: CatalogueFormat): string {
  if (format === "csv") return catalogueToCsv(catalogue);
  const byCode = <T extends { code: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return `${JSON.stringify({ agencies: byCode(catalogue.agencies), procedures: byCode(catalogue.procedures) }, null, 2)}\n`;
}

function formatWhere(problem: ImportProblem): string {
  if (problem.section === "file") return [problem.row !== undefined ? `row ${problem.row}` : "", problem.path].filter(Boolean).join(": ");
  const code = problem.code ? ` (code ${problem.code})` : "";
  return `${problem.section} row ${problem.row ?? "?"}${code}${problem.path ? `: ${problem.path}` : ""}`;
}

/** One problem as one line: `procedures row 12 (code 1.001193): processingDays: Must be at least 0`. Throws nothing. */
export function formatProblem(problem: ImportProblem): string {
  return `${formatWhere(problem)}: ${problem.message}`;
}
