import { CsvError, parseCsv, writeCsv } from "../csv";
import type { Agency, Catalogue, Procedure } from "./model";

/**
 * The catalogue as one spreadsheet (docs/catalogue.md "CSV format").
 *
 * One row per agency or procedure, told apart by the `kind` column (a file without `kind` holds procedures
 * only). Column names are the JSON field paths (`fee.amount`), so an error's path names its column. The
 * documents of a procedure fit in one cell, one document a line: `key|name|required|maxSizeMB|type;type`
 * (types as pdf, jpg, png, docx); a cell starting with `[` is read as the JSON array instead.
 */

export const AGENCY_COLUMNS = ["code", "name", "nameEn", "tier", "parentCode"] as const;
export const PROCEDURE_COLUMNS = [
  "code",
  "name",
  "field",
  "agencyCode",
  "receivingAgencyCode",
  "level",
  "processingDays",
  "clockUnit",
  "supplementClock",
  "fee.amount",
  "fee.serviceFee",
  "fee.charge",
  "fee.note",
  "paymentTiming",
  "resultDelivery",
  "documents",
  "legalBasis",
  /** A path, relative to the CSV, of the procedure's form (JSON): docs/catalogue.md "Writing a form". */
  "formFile",
] as const;
/** Every column, in the order the export writes them. */
export const CSV_COLUMNS: readonly string[] = [
  "kind",
  ...new Set<string>([...AGENCY_COLUMNS, ...PROCEDURE_COLUMNS]),
];

/** Short names for media types in the documents cell (spreadsheet-friendly); full media types are accepted too. */
const MEDIA_ALIASES: Record<string, string> = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};
const ALIAS_OF: Record<string, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

/** A row of an import file, before validation: where it came from and the value it holds. */
export interface RawRow {
  section: "agencies" | "procedures";
  /** JSON: 1-based position in its array; CSV: the spreadsheet row number (header = row 1). */
  row: number;
  value: unknown;
  /** Problems found while reading its cells (e.g. an unreadable documents cell). */
  problems?: ReadProblem[];
}

/** A problem found while reading a file; `message` is a message code (core/messages) with params, or plain text. */
export interface ReadProblem {
  section: "file" | "agencies" | "procedures";
  row?: number;
  code?: string;
  path: string;
  message: string;
  params?: Record<string, string | number>;
}

// -------------------------------------------------------------------------------------------------------------
// Reading

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "x", "co", "có", "bat buoc", "bắt buộc"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "", "khong", "không"]);

/** Booleans as people type them; anything else stays a string so validation names it. */
function parseBoolean(text: string): unknown {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return text.trim();
}

/**
 * Integers as spreadsheets write them: "15", "15.0", and amounts with thousands separators
 * ("1.000.000", "1,000,000", "1 000 000"). Anything else stays a string so validation names it.
 */
function parseNumber(text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^\d{1,3}([., \u00a0]\d{3})+$/.test(t)) return Number(t.replace(/[., \u00a0]/g, ""));
  return t;
}

/** Free text kept exactly as written (the schema does not trim it, so the export round-trips); blank is absent. */
function rawText(text: string | undefined): string | undefined {
  return text?.trim() ? text : undefined;
}

function optionalText(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t ? t : undefined;
}

/**
 * A procedure code as Excel may have rewritten it: a code like 2.002230 looks like a number, so Excel shows
 * and saves 2.00223 (or 2,00223 with a comma locale). Trailing zeros are all it can drop, so put them back.
 * Anything else is returned trimmed. Throws nothing.
 */
export function repairProcedureCode(text: string): string {
  const t = text.trim();
  const match = /^(\d)[.,](\d{1,5})$/.exec(t);
  return match ? `${match[1]}.${match[2]!.padEnd(6, "0")}` : t;
}

function parseMediaTypes(text: string | undefined): unknown {
  const t = text?.trim();
  if (!t) return undefined;
  return t
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => MEDIA_ALIASES[part.toLowerCase()] ?? part.toLowerCase());
}

/** The documents cell: a JSON array, or one `key|name|required|maxSizeMB|types` line per document. */
function parseDocuments(cell: string): { value: unknown; problem?: Pick<ReadProblem, "message" | "params"> } {
  const t = cell.trim();
  if (!t) return { value: [] };
  if (t.startsWith("[")) {
    try {
      return { value: JSON.parse(t) as unknown };
    } catch {
      return { value: [], problem: { message: "catalogue.csv_documents_json" } };
    }
  }
  const documents: unknown[] = [];
  const lines = t.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const parts = line.split("|");
    if (parts.length < 3 || parts.length > 5) {
      return { value: documents, problem: { message: "catalogue.csv_documents", params: { line: i + 1 } } };
    }
    const [key = "", name = "", required = "", maxSizeMB, types] = parts;
    documents.push({
      key: key.trim(),
      name: name.trim(),
      required: parseBoolean(required),
      ...(optionalText(maxSizeMB) !== undefined ? { maxSizeMB: parseNumber(maxSizeMB!) } : {}),
      ...(optionalText(types) !== undefined ? { mediaTypes: parseMediaTypes(types) } : {}),
    });
  }
  return { value: documents };
}

function procedureFromCells(get: (column: string) => string | undefined): { value: Record<string, unknown>; problems: Omit<ReadProblem, "section" | "row" | "code">[] } {
  const problems: Omit<ReadProblem, "section" | "row" | "code">[] = [];
  const serviceFee = parseNumber(get("fee.serviceFee") ?? "") ?? 0;
  const charge = parseNumber(get("fee.charge") ?? "") ?? 0;
  // A sheet may leave the total out: it is the service fee plus the charge (the schema checks the sum anyway).
  const amount =
    parseNumber(get("fee.amount") ?? "") ??
    (typeof serviceFee === "number" && typeof charge === "number" ? serviceFee + charge : undefined);
  const documents = parseDocuments(get("documents") ?? "");
  if (documents.problem) problems.push({ path: "documents", ...documents.problem });
  const delivery = (get("resultDelivery") ?? "")
    .split(/[;,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
  const value: Record<string, unknown> = {
    code: repairProcedureCode(get("code") ?? ""),
    name: optionalText(get("name")),
    field: optionalText(get("field")),
    agencyCode: optionalText(get("agencyCode")),
    receivingAgencyCode: optionalText(get("receivingAgencyCode")),
    level: optionalText(get("level")),
    processingDays: parseNumber(get("processingDays") ?? ""),
    clockUnit: optionalText(get("clockUnit")),
    supplementClock: optionalText(get("supplementClock")),
    fee: { amount, serviceFee, charge, note: rawText(get("fee.note")) },
    paymentTiming: optionalText(get("paymentTiming")) ?? null,
    resultDelivery: delivery,
    documents: documents.value,
    legalBasis: rawText(get("legalBasis")),
    formFile: optionalText(get("formFile")),
  };
  return { value: stripUndefined(value), problems };
}

function agencyFromCells(get: (column: string) => string | undefined): Record<string, unknown> {
  return stripUndefined({
    code: get("code")?.trim() ?? "",
    name: optionalText(get("name")),
    nameEn: optionalText(get("nameEn")),
    tier: optionalText(get("tier")),
    parentCode: optionalText(get("parentCode")) ?? null,
  });
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * Reads a catalogue spreadsheet into raw rows (not validated yet) and the problems of its shape: unknown or
 * missing columns, an unknown `kind`, an unreadable documents cell, an unclosed quote. Throws nothing.
 */
export function readCatalogueCsv(text: string): { rows: RawRow[]; problems: ReadProblem[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) {
      return { rows: [], problems: [{ section: "file", path: `line ${err.line}`, message: err.message }] };
    }
    throw err;
  }
  const problems: ReadProblem[] = [];
  const header = records[0];
  if (!header) return { rows: [], problems: [{ section: "file", path: "header", message: "catalogue.csv_missing_column", params: { column: "code" } }] };
  const known = new Map(CSV_COLUMNS.map((column) => [column.toLowerCase(), column]));
  const columnAt = new Map<string, number>();
  header.cells.forEach((raw, index) => {
    const name = raw.trim();
    if (!name) return; // spreadsheets leave empty header cells after the last column
    const column = known.get(name.toLowerCase());
    if (!column) problems.push({ section: "file", row: 1, path: "header", message: "catalogue.csv_unknown_column", params: { column: name } });
    else columnAt.set(column, index);
  });
  if (!columnAt.has("code")) problems.push({ section: "file", row: 1, path: "header", message: "catalogue.csv_missing_column", params: { column: "code" } });
  if (problems.length) return { rows: [], problems };

  const rows: RawRow[] = [];
  for (const record of records.slice(1)) {
    if (record.cells.every((cell) => cell.trim() === "")) continue; // blank rows, kept for the row numbers
    const get = (column: string) => {
      const index = columnAt.get(column);
      return index === undefined ? undefined : record.cells[index];
    };
    const kind = (get("kind") ?? "procedure").trim().toLowerCase() || "procedure";
    if (kind === "agency") {
      rows.push({ section: "agencies", row: record.row, value: agencyFromCells(get) });
    } else if (kind === "procedure") {
      const { value, problems: cellProblems } = procedureFromCells(get);
      rows.push({
        section: "procedures",
        row: record.row,
        value,
        ...(cellProblems.length
          ? { problems: cellProblems.map((problem) => ({ section: "procedures" as const, row: record.row, ...problem })) }
          : {}),
      });
    } else {
      problems.push({ section: "file", row: record.row, path: "kind", message: "catalogue.csv_unknown_kind" });
    }
  }
  return { rows, problems };
}

// -------------------------------------------------------------------------------------------------------------
// Writing

/** One procedure's documents cell; JSON when a name cannot be written in the compact form. */
function documentsCell(procedure: Procedure): string {
  const compactOk = procedure.documents.every((d) => !/[|\n\r]/.test(d.name));
  if (!compactOk) return JSON.stringify(procedure.documents);
  return procedure.documents
    .map((d) =>
      [d.key, d.name, String(d.required), String(d.maxSizeMB), d.mediaTypes.map((t) => ALIAS_OF[t] ?? t).join(";")].join("|"),
    )
    .join("\n");
}

function agencyRow(agency: Agency): Record<string, string> {
  return {
    kind: "agency",
    code: agency.code,
    name: agency.name,
    nameEn: agency.nameEn ?? "",
    tier: agency.tier,
    parentCode: agency.parentCode ?? "",
  };
}

function procedureRow(p: Procedure): Record<string, string> {
  return {
    kind: "procedure",
    code: p.code,
    name: p.name,
    field: p.field,
    agencyCode: p.agencyCode,
    receivingAgencyCode: p.receivingAgencyCode ?? "",
    level: p.level,
    processingDays: String(p.processingDays),
    clockUnit: p.clockUnit,
    supplementClock: p.supplementClock,
    "fee.amount": String(p.fee.amount),
    "fee.serviceFee": String(p.fee.serviceFee),
    "fee.charge": String(p.fee.charge),
    "fee.note": p.fee.note ?? "",
    paymentTiming: p.paymentTiming ?? "",
    resultDelivery: p.resultDelivery.join(";"),
    documents: documentsCell(p),
    legalBasis: p.legalBasis,
    formFile: p.form ? formFileOf(p.code) : "",
  };
}

/** Where a CSV export puts a procedure's form, relative to the CSV (the CLI writes the files there). */
export function formFileOf(code: string): string {
  return `forms/${code}.json`;
}

/** The catalogue as one CSV (agencies first, then procedures, each by code), with a BOM for Excel. Throws nothing. */
export function catalogueToCsv(catalogue: Pick<Catalogue, "agencies" | "procedures">): string {
  const byCode = <T extends { code: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows = [
    ...byCode(catalogue.agencies).map(agencyRow),
    ...byCode(catalogue.procedures).map(procedureRow),
  ].map((row) => CSV_COLUMNS.map((column) => row[column] ?? ""));
  return writeCsv([[...CSV_COLUMNS], ...rows], { bom: true });
}

// Kept in one place so the docs and the CLI help say the same thing.
export const CSV_FORMAT_HELP = `CSV format (one file; UTF-8, with or without BOM; comma or semicolon delimited):
  header row with any of these columns, in any order (only "code" is required):
    ${CSV_COLUMNS.join(", ")}
  kind            agency | procedure (a file without a kind column holds procedures only)
  agencies use    code, name, nameEn, tier, parentCode
  procedures use  the other columns; fee.amount may be left empty (= fee.serviceFee + fee.charge)
  resultDelivery  online;post;in_person
  documents       one document per line inside the cell: key|name|required|maxSizeMB|types
                  e.g. to-khai|Tờ khai đăng ký|true|5|pdf;jpg   (maxSizeMB and types may be left out;
                  types: ${Object.keys(MEDIA_ALIASES).join(", ")} or full media types; a cell starting with [ is JSON)
  row numbers in messages are the spreadsheet's (the header is row 1).`;
