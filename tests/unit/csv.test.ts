import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { repairProcedureCode } from "../../functions/core/catalogue/csv-format";
import { CsvError, detectDelimiter, parseCsv, writeCsv } from "../../functions/core/csv";

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

describe("CSV reader", () => {
  it("reads quoted fields with delimiters, quotes and line breaks", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line 1\r\nline 2"\r\n';
    expect(cells(text)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "line 1\nline 2"],
    ]);
  });

  it("strips the UTF-8 BOM Excel writes and accepts LF, CRLF and CR line ends", () => {
    expect(cells("\uFEFFcode,name\n1,Đăng ký\r\n2,Kết hôn\r3,x")).toEqual([
      ["code", "name"],
      ["1", "Đăng ký"],
      ["2", "Kết hôn"],
      ["3", "x"],
    ]);
  });

  it("detects the semicolon delimiter of comma-decimal locales", () => {
    const text = 'code;name;fee.amount\n1.001193;"Cấp; đổi";1.000\n';
    expect(detectDelimiter(text)).toBe(";");
    expect(cells(text)).toEqual([
      ["code", "name", "fee.amount"],
      ["1.001193", "Cấp; đổi", "1.000"],
    ]);
  });

  it("keeps empty cells and numbers rows as a spreadsheet does", () => {
    const records = parseCsv("a,b\n,\n\nx,\n");
    expect(records).toEqual([
      { row: 1, cells: ["a", "b"] },
      { row: 2, cells: ["", ""] },
      { row: 3, cells: [""] },
      { row: 4, cells: ["x", ""] },
    ]);
  });

  it("refuses a quoted field that is never closed, naming its line", () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvError);
    try {
      parseCsv('a,b\n1,"open\n2,3\n');
    } catch (err) {
      expect((err as CsvError).line).toBe(2);
    }
  });

  it("round-trips any table through the writer", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "Đ", "ế", ",", ";", '"', "\n", " ", "|", "1") , maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.boolean(), (rows, bom) => {
        // A row of one empty cell is a blank line; give every row a first cell so the shape survives.
        const table = rows.map((row) => ["k", ...row]);
        expect(cells(writeCsv(table, { bom }))).toEqual(table);
      }),
      { numRuns: 200 },
    );
  });
});

describe("procedure codes from spreadsheets", () => {
  it("puts back the trailing zeros Excel drops", () => {
    expect(repairProcedureCode("2.00223")).toBe("2.002230");
    expect(repairProcedureCode("1,0012")).toBe("1.001200");
    expect(repairProcedureCode("1.001193")).toBe("1.001193");
    expect(repairProcedureCode(" 1.001193 ")).toBe("1.001193");
    expect(repairProcedureCode("abc")).toBe("abc");
  });
});
