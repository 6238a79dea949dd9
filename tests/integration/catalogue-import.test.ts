import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  exportCatalogue,
  formatProblem,
  importCatalogue,
  ImportRejectedError,
  readCatalogueText,
} from "../../functions/core/catalogue/import";
import { writeCsv } from "../../functions/core/csv";
import { runCli } from "../../functions/cli/main";
import { agencyCode, makeCatalogue, procedureCode, uniqueTag } from "../support/catalogue-fixture";
import { startLocalStores, type LocalStores } from "../support/local-stores";

let local: LocalStores;
let dir: string;
beforeAll(async () => {
  local = await startLocalStores();
  dir = mkdtempSync(join(tmpdir(), "dvc-import-"));
});
afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const HEADER = [
  "kind", "code", "name", "tier", "parentCode", "field", "agencyCode", "level", "processingDays",
  "fee.serviceFee", "fee.charge", "resultDelivery", "documents", "legalBasis",
];

/** A spreadsheet: one province (row 2), one department (row 3), then `count` procedures (row 4 = procedure 0). */
function sheet(tag: number, count: number, edit: (row: Record<string, string>, n: number) => void = () => {}) {
  const province = agencyCode(tag, 0);
  const department = agencyCode(tag, 1);
  const rows: Record<string, string>[] = [
    { kind: "agency", code: province, name: "UBND tỉnh Thử nghiệm", tier: "province" },
    { kind: "agency", code: department, name: "Sở Tư pháp, tỉnh \"Thử nghiệm\"", tier: "department", parentCode: province },
  ];
  for (let i = 0; i < count; i++) {
    rows.push({
      kind: "procedure",
      code: procedureCode(tag, i),
      name: `Đăng ký khai sinh, mẫu ${i + 1}`,
      field: "Hộ tịch",
      agencyCode: department,
      level: i % 2 ? "full" : "partial",
      processingDays: String(3 + i),
      "fee.serviceFee": i % 3 ? "1.000.000" : "",
      "fee.charge": i % 3 ? "8000" : "",
      resultDelivery: "online;post",
      documents: "to-khai|Tờ khai đăng ký khai sinh|true|5|pdf;jpg\ngiay-chung-sinh|Giấy chứng sinh, bản sao|yes\nuy-quyen|Văn bản ủy quyền|false",
      legalBasis: "Luật Hộ tịch 2014;\nNghị định 123/2015/NĐ-CP",
    });
  }
  // Spreadsheet row numbers: the header is row 1, so rows[k] is row k + 2.
  rows.forEach((row, k) => edit(row, k + 2));
  return writeCsv([HEADER, ...rows.map((row) => HEADER.map((column) => row[column] ?? ""))], { bom: true });
}

describe("catalogue import", () => {
  it("rejects a CSV with three broken rows with three precise messages and writes nothing", async () => {
    // Arrange: rows 5, 7 and 9 are broken, each in one field.
    const tag = uniqueTag();
    const csv = sheet(tag, 10, (row, n) => {
      if (n === 5) row.processingDays = "-1";
      if (n === 7) row.level = "level4";
      if (n === 9) row.agencyCode = "000.99.99.Z99";
    });
    const versionBefore = await local.adapters.catalogue.version();

    // Act
    const error = await importCatalogue(local.adapters.catalogue, readCatalogueText(csv, "csv")).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(ImportRejectedError);
    const lines = (error as ImportRejectedError).problems.map(formatProblem);
    expect(lines).toEqual([
      `procedures row 5 (code ${procedureCode(tag, 1)}): processingDays: Must be at least 0`,
      `procedures row 7 (code ${procedureCode(tag, 3)}): level: Must be one of: full, partial, info`,
      `procedures row 9 (code ${procedureCode(tag, 5)}): agencyCode: Agency 000.99.99.Z99 is not in the catalogue`,
    ]);
    expect(await local.adapters.catalogue.version()).toBe(versionBefore);
    expect(await local.adapters.catalogue.getProcedure(procedureCode(tag, 0))).toBeUndefined();
    expect(await local.adapters.catalogue.getAgency(agencyCode(tag, 0))).toBeUndefined();
  });

  it("reports duplicates, bad documents cells, unknown columns and parents", async () => {
    const tag = uniqueTag();
    const csv = sheet(tag, 3, (row, n) => {
      if (n === 3) row.parentCode = "000.98.98.Z98";
      if (n === 5) row.code = procedureCode(tag, 0); // repeats row 4
      if (n === 6) row.documents = "to-khai|Tờ khai";
    });
    const problems = await importCatalogue(local.adapters.catalogue, readCatalogueText(csv, "csv"))
      .then(() => [])
      .catch((e: ImportRejectedError) => e.problems.map(formatProblem));
    expect(problems).toEqual([
      `agencies row 3 (code ${agencyCode(tag, 1)}): parentCode: Parent agency 000.98.98.Z98 is not in the catalogue`,
      `procedures row 5 (code ${procedureCode(tag, 0)}): code: Code ${procedureCode(tag, 0)} repeats row 4`,
      `procedures row 6 (code ${procedureCode(tag, 2)}): documents: Document line 1: expected key|name|required (true/false)|maxSizeMB|type;type`,
    ]);

    const unknownColumn = readCatalogueText("code,nmae\n1.000001,x\n", "csv");
    expect(unknownColumn.problems.map((p) => p.params)).toEqual([{ column: "nmae" }]);
  });

  it("imports a valid CSV, and reports everything unchanged the second time", async () => {
    const tag = uniqueTag();
    const csv = sheet(tag, 8);

    const first = await importCatalogue(local.adapters.catalogue, readCatalogueText(csv, "csv"));
    const dry = await importCatalogue(local.adapters.catalogue, readCatalogueText(csv, "csv"), { dryRun: true });
    const second = await importCatalogue(local.adapters.catalogue, readCatalogueText(csv, "csv"));

    expect(first).toEqual({ created: 10, updated: 0, unchanged: 0, agencies: 2, procedures: 8, dryRun: false });
    expect(dry).toEqual({ created: 0, updated: 0, unchanged: 10, agencies: 2, procedures: 8, dryRun: true });
    expect(second).toEqual({ created: 0, updated: 0, unchanged: 10, agencies: 2, procedures: 8, dryRun: false });
    const stored = await local.adapters.catalogue.getProcedure(procedureCode(tag, 1));
    expect(stored).toMatchObject({
      name: "Đăng ký khai sinh, mẫu 2",
      level: "full",
      fee: { amount: 1_008_000, serviceFee: 1_000_000, charge: 8000, currency: "VND" },
      resultDelivery: ["online", "post"],
      legalBasis: "Luật Hộ tịch 2014;\nNghị định 123/2015/NĐ-CP",
      documents: [
        { key: "to-khai", name: "Tờ khai đăng ký khai sinh", required: true, maxSizeMB: 5, mediaTypes: ["application/pdf", "image/jpeg"] },
        { key: "giay-chung-sinh", name: "Giấy chứng sinh, bản sao", required: true, maxSizeMB: 10 },
        { key: "uy-quyen", name: "Văn bản ủy quyền", required: false },
      ],
    });
    expect((await local.adapters.catalogue.getAgency(agencyCode(tag, 1)))?.name).toBe('Sở Tư pháp, tỉnh "Thử nghiệm"');
  });

  it("round-trips: an export imports back with every row unchanged (CSV and JSON)", async () => {
    const fixture = makeCatalogue(uniqueTag(), 30);
    await importCatalogue(local.adapters.catalogue, readCatalogueText(JSON.stringify(fixture), "json"));
    const stored = await local.adapters.catalogue.load();

    for (const format of ["csv", "json"] as const) {
      const text = exportCatalogue(stored, format);
      const report = await importCatalogue(local.adapters.catalogue, readCatalogueText(text, format));
      const total = stored.agencies.length + stored.procedures.length;
      expect(report, format).toEqual({
        created: 0,
        updated: 0,
        unchanged: total,
        agencies: stored.agencies.length,
        procedures: stored.procedures.length,
        dryRun: false,
      });
    }
  });

  it("repairs procedure codes Excel turned into numbers", () => {
    // Excel reads 2.002230 as a number and saves it as 2.00223 (or 2,00223 in a comma locale).
    const csv = sheet(uniqueTag(), 2, (row, n) => {
      if (n === 4) row.code = "2.00223";
      if (n === 5) row.code = "1,0012";
    });
    const codes = readCatalogueText(csv, "csv").rows.filter((r) => r.section === "procedures").map((r) => (r.value as { code: string }).code);
    expect(codes).toEqual(["2.002230", "1.001200"]);
  });
});

describe("catalogue CLI", () => {
  let saved: NodeJS.ProcessEnv;
  beforeAll(() => {
    saved = { ...process.env };
    Object.assign(process.env, local.env);
  });
  afterAll(() => {
    process.env = saved;
  });

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
    try {
      const code = await runCli(args);
      return { code, out, err };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it("imports, re-imports unchanged, exports and rejects a bad file with exit 1", async () => {
    const tag = uniqueTag();
    const file = join(dir, `catalogue-${tag}.csv`);
    writeFileSync(file, sheet(tag, 4));

    const dry = await cli(["catalogue", "import", file, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out.at(-1)!)).toEqual({ created: 6, updated: 0, unchanged: 0, agencies: 2, procedures: 4, dryRun: true });
    expect(await local.adapters.catalogue.getProcedure(procedureCode(tag, 0))).toBeUndefined();

    const first = await cli(["catalogue", "import", file]);
    expect(first.code, first.err.join("\n")).toBe(0);
    expect(JSON.parse(first.out.at(-1)!)).toMatchObject({ created: 6, updated: 0, unchanged: 0 });

    const again = await cli(["catalogue", "import", file]);
    expect(JSON.parse(again.out.at(-1)!)).toMatchObject({ created: 0, updated: 0, unchanged: 6 });

    const exported = join(dir, `export-${tag}.csv`);
    const exportRun = await cli(["catalogue", "export", "--out", exported]);
    expect(exportRun.code).toBe(0);
    expect(readFileSync(exported, "utf8").startsWith("\uFEFFkind,code,name")).toBe(true);
    const reimport = await cli(["catalogue", "import", exported]);
    expect(JSON.parse(reimport.out.at(-1)!)).toMatchObject({ created: 0, updated: 0 });

    const bad = join(dir, `bad-${tag}.csv`);
    writeFileSync(bad, sheet(tag, 4, (row, n) => void (n === 4 && (row.processingDays = "abc"))));
    const rejected = await cli(["catalogue", "import", bad]);
    expect(rejected.code).toBe(1);
    expect(rejected.err).toContain(`procedures row 4 (code ${procedureCode(tag, 0)}): processingDays: Must be a number`);

    const usage = await cli(["catalogue", "import"]);
    expect(usage.code).toBe(2);
  });
});
