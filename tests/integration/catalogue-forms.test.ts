import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exportCatalogue, formatProblem, importCatalogue, ImportRejectedError, readCatalogueText } from "../../functions/core/catalogue/import";
import { runCli } from "../../functions/cli/main";
import { writeCsv } from "../../functions/core/csv";
import { agencyCode, procedureCode, uniqueTag } from "../support/catalogue-fixture";
import { startLocalStores, type LocalStores } from "../support/local-stores";

const FORM = JSON.parse(readFileSync(new URL("../../functions/local/seed/forms/khai-sinh.json", import.meta.url), "utf8"));

let local: LocalStores;
let dir: string;
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  local = await startLocalStores();
  dir = mkdtempSync(join(tmpdir(), "dvc-forms-"));
  saved = { ...process.env };
  Object.assign(process.env, local.env);
});
afterAll(async () => {
  process.env = saved;
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function catalogue(tag: number, form: unknown) {
  const province = agencyCode(tag, 0);
  return {
    agencies: [{ code: province, name: "UBND tỉnh Thử nghiệm", tier: "province" }],
    procedures: [
      {
        code: procedureCode(tag, 0),
        name: "Đăng ký khai sinh",
        field: "Hộ tịch",
        agencyCode: province,
        level: "full",
        processingDays: 1,
        fee: { amount: 0, serviceFee: 0, charge: 0 },
        documents: [{ key: "giay-chung-sinh", name: "Giấy chứng sinh", required: true }],
        resultDelivery: ["online"],
        ...(form === undefined ? {} : { form }),
      },
    ],
  };
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  try {
    return { code: await runCli(args), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("catalogue import of forms", () => {
  it("imports a procedure with a valid form and exports it inline in JSON", async () => {
    const tag = uniqueTag();
    const report = await importCatalogue(local.adapters.catalogue, readCatalogueText(JSON.stringify(catalogue(tag, FORM)), "json"));
    expect(report.created).toBe(2);
    const stored = await local.adapters.catalogue.getProcedure(procedureCode(tag, 0));
    expect(stored?.form?.version).toBe(1);
    expect(stored?.form?.source).toMatch(/04\/2020\/TT-BTP/);
    const exported = JSON.parse(exportCatalogue(await local.adapters.catalogue.load(), "json"));
    expect(exported.procedures.find((p: { code: string }) => p.code === procedureCode(tag, 0)).form.version).toBe(1);
  });

  it("refuses an invalid schema with the row and the reason, writing nothing", async () => {
    const tag = uniqueTag();
    const bad = structuredClone(FORM);
    bad.schema.properties.copies = { type: "integer", minimun: 0 };
    bad.schema.properties.child.properties.dateOfBirth.format = "ngay";
    const error = await importCatalogue(local.adapters.catalogue, readCatalogueText(JSON.stringify(catalogue(tag, bad)), "json")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    const lines = (error as ImportRejectedError).problems.map(formatProblem);
    expect(lines).toContain(`procedures row 1 (code ${procedureCode(tag, 0)}): form.schema: invalid form schema at #/properties/copies/minimun: unknown keyword "minimun"`);
    expect(lines).toContain(
      `procedures row 1 (code ${procedureCode(tag, 0)}): form.schema: invalid form schema at #/properties/child/properties/dateOfBirth/format: unknown format "ngay"`,
    );
    expect(await local.adapters.catalogue.getProcedure(procedureCode(tag, 0))).toBeUndefined();
  });

  it("refuses a stored version number reused with other content", async () => {
    const tag = uniqueTag();
    await importCatalogue(local.adapters.catalogue, readCatalogueText(JSON.stringify(catalogue(tag, FORM)), "json"));
    const changed = structuredClone(FORM);
    changed.title.vi = "Tờ khai khác";
    const error = await importCatalogue(local.adapters.catalogue, readCatalogueText(JSON.stringify(catalogue(tag, changed)), "json")).catch((e: unknown) => e);
    expect((error as ImportRejectedError).problems.map((p) => p.path)).toEqual(["form.version"]);
  });

  it("a CSV names its forms by a path relative to the CSV; export writes them back beside it", async () => {
    const tag = uniqueTag();
    const sub = join(dir, `csv-${tag}`);
    mkdirSync(join(sub, "forms"), { recursive: true });
    writeFileSync(join(sub, "forms", "khai-sinh.json"), JSON.stringify(FORM));
    const province = agencyCode(tag, 0);
    const rows = [
      ["kind", "code", "name", "tier", "field", "agencyCode", "level", "processingDays", "resultDelivery", "documents", "formFile"],
      ["agency", province, "UBND tỉnh Thử nghiệm", "province", "", "", "", "", "", "", ""],
      ["procedure", procedureCode(tag, 0), "Đăng ký khai sinh", "", "Hộ tịch", province, "full", "1", "online", "giay-chung-sinh|Giấy chứng sinh|true", "forms/khai-sinh.json"],
      ["procedure", procedureCode(tag, 1), "Đăng ký kết hôn", "", "Hộ tịch", province, "full", "1", "online", "", "forms/missing.json"],
    ];
    const file = join(sub, "catalogue.csv");
    writeFileSync(file, writeCsv(rows));
    const refused = await cli(["catalogue", "import", file]);
    expect(refused.code).toBe(1);
    expect(refused.err.join("\n")).toMatch(new RegExp(`procedures row 4 \\(code ${procedureCode(tag, 1).replace(".", "\\.")}\\): formFile: cannot read the form file forms/missing.json`));

    writeFileSync(file, writeCsv(rows.slice(0, 3)));
    const ok = await cli(["catalogue", "import", file]);
    expect(ok.code, ok.err.join("\n")).toBe(0);
    expect((await local.adapters.catalogue.getProcedure(procedureCode(tag, 0)))?.form?.title.vi).toBe("Tờ khai đăng ký khai sinh");

    const out = join(sub, "export", "catalogue.csv");
    mkdirSync(join(sub, "export"));
    expect((await cli(["catalogue", "export", "--out", out])).code).toBe(0);
    expect(existsSync(join(sub, "export", "forms", `${procedureCode(tag, 0)}.json`))).toBe(true);
    const again = await cli(["catalogue", "import", out]);
    expect(again.code, again.err.join("\n")).toBe(0);
    expect(JSON.parse(again.out.at(-1)!)).toMatchObject({ created: 0, updated: 0 });
  });
});
