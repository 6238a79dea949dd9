/**
 * Replaces the administrative units file (functions/core/forms/admin-units.json) with an official list:
 *   npx tsx scripts/admin-units-import.ts <units.csv> --source "Quyết định 19/2025/QĐ-TTg …" --date 2025-07-01
 * The CSV (UTF-8, a header row) has the columns provinceCode,provinceName,communeCode,communeName — one row per
 * commune or ward, as the General Statistics Office publishes the list (rename its columns to these). Then rebuild
 * the web (`npm run build:web`) and redeploy: the server and the citizen web read the same file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../functions/core/csv";

const [file, ...rest] = process.argv.slice(2);
const option = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
if (!file || !option("source") || !option("date")) {
  console.error('usage: npx tsx scripts/admin-units-import.ts <units.csv> --source "<legal source>" --date YYYY-MM-DD');
  process.exit(2);
}
const rows = parseCsv(readFileSync(file, "utf8").replace(/^\uFEFF/, "")).map((r) => r.cells);
const header = rows[0]!.map((h) => h.trim());
const col = (name: string) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`missing column ${name}`);
  return i;
};
const [pc, pn, cc, cn] = ["provinceCode", "provinceName", "communeCode", "communeName"].map(col) as [number, number, number, number];
const provinces = new Map<string, { code: string; name: string; communes: { code: string; name: string }[] }>();
for (const [i, row] of rows.slice(1).entries()) {
  if (row.every((c) => !c.trim())) continue;
  const code = row[pc]!.trim().padStart(2, "0");
  const commune = row[cc]!.trim().padStart(5, "0");
  if (!/^\d{2}$/.test(code) || !/^\d{5}$/.test(commune)) throw new Error(`row ${i + 2}: codes must be 2 and 5 digits`);
  const p = provinces.get(code) ?? { code, name: row[pn]!.trim(), communes: [] };
  p.communes.push({ code: commune, name: row[cn]!.trim() });
  provinces.set(code, p);
}
const out = { source: option("source"), date: option("date"), partial: false, note: `Imported from ${file}.`, provinces: [...provinces.values()] };
const target = join(import.meta.dirname, "../functions/core/forms/admin-units.json");
writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${target}: ${out.provinces.length} provinces, ${out.provinces.reduce((s, p) => s + p.communes.length, 0)} communes`);
