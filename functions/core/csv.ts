/**
 * A small RFC 4180 CSV reader and writer, for files that go through spreadsheets (Excel, LibreOffice, Google
 * Sheets): quoted fields with embedded delimiters, quotes ("") and line breaks; CRLF, LF or CR line ends; the
 * UTF-8 byte order mark Excel writes; and a semicolon delimiter, which Excel uses where the decimal separator
 * is a comma (the Vietnamese locale among them).
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab
 * or a carriage return as a formula, so a catalogue name like `=HYPERLINK(…)` would come out of an export live.
 * The writer neutralises such a text cell the way OWASP says — a leading `'` and the cell wrapped in double
 * quotes, its quotes doubled — and the reader takes that `'` off again, so export → import gives back the text
 * exactly. A cell that already starts with `'` before one of those characters gets one more `'`, so text that
 * really begins with an apostrophe survives the round trip too. Numbers (cells given as `number`) are never
 * guarded: a negative number is not a formula and must stay a number in the sheet.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    /** 1-based physical line where the problem starts. */
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

export interface CsvRecord {
  /** 1-based record number: the row number a spreadsheet shows (the header is row 1). */
  row: number;
  cells: string[];
}

const BOM = "\uFEFF";

/**
 * The first characters that make a spreadsheet read a cell as a formula (OWASP: = + - @ tab CR), after any guard
 * apostrophes. A leading line feed is guarded too: a CRLF inside a cell reads back as a line feed, so a guarded
 * CRLF comes back as `'` + LF, and the guard must still come off.
 */
const FORMULA_START = /^'*[=+\-@\t\r\n]/;
/** A cell the writer guarded: one apostrophe added in front of (apostrophes and) a formula character. */
const GUARDED = /^'+[=+\-@\t\r\n]/;

/** A text cell as the writer puts it in a file: with a leading `'` when a spreadsheet would run it. Throws nothing. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The text of a cell the writer guarded (`guardFormula`'s inverse); any other cell as it is. Throws nothing. */
export function unguardFormula(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

/** The delimiter of a file: whichever of `,` `;` tab occurs most in its first line outside quotes (default `,`). Throws nothing. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (let i = text.startsWith(BOM) ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ",";
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/**
 * Parses CSV text into records. CRLF inside quoted fields is kept as `\n`; a formula guard the writer added
 * (see `guardFormula`) is taken off each cell.
 * @throws CsvError when a quoted field is never closed.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 1;
  let fieldStarted = false;
  let i = text.startsWith(BOM) ? 1 : 0;

  const endCell = () => {
    cells.push(unguardFormula(cell));
    cell = "";
    fieldStarted = false;
  };
  const endRecord = () => {
    endCell();
    records.push({ row: records.length + 1, cells });
    cells = [];
  };

  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else if (ch === "\r" && text[i + 1] === "\n") {
        // CRLF inside a cell is one line break; a lone CR is kept as it is (the writer quotes it, so it round-trips).
        cell += "\n";
        i++;
        line++;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      endCell();
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      line++;
      endRecord();
    } else {
      // A quote in the middle of an unquoted field, or text after a closing quote, is kept as it is:
      // spreadsheets never write these, and being lenient beats refusing a hand-edited file.
      cell += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError(`a quoted field opened on line ${quoteLine} is never closed`, quoteLine);
  // The last record, unless the text ended with a line break (no empty record for that).
  if (cell !== "" || cells.length > 0 || fieldStarted) endRecord();
  return records;
}

function quoteIfNeeded(value: string, delimiter: string, guarded: boolean): string {
  // Quoting every candidate delimiter (not only the one in use) keeps detectDelimiter right on read-back, and means a
  // delimiter inside a cell can never start a new cell that begins with a formula character.
  const needs =
    guarded ||
    value.includes(delimiter) ||
    /[,;\t]/.test(value) ||
    value.includes('"') ||
    value.includes("\n") ||
    value.includes("\r") ||
    value !== value.trim();
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

function writeCell(value: string | number, delimiter: string): string {
  if (typeof value === "number") return String(value);
  const guarded = guardFormula(value);
  return quoteIfNeeded(guarded, delimiter, guarded !== value);
}

/**
 * Writes rows as CSV with CRLF line ends; `bom` prefixes the UTF-8 byte order mark so Excel reads UTF-8. Text cells
 * that a spreadsheet would run as formulas are guarded (see `guardFormula`). Throws nothing.
 */
export function writeCsv(
  rows: readonly (readonly (string | number)[])[],
  options: { bom?: boolean; delimiter?: string } = {},
): string {
  const delimiter = options.delimiter ?? ",";
  const body = rows.map((row) => row.map((value) => writeCell(value, delimiter)).join(delimiter)).join("\r\n");
  return (options.bom ? BOM : "") + body + "\r\n";
}
