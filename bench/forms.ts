/**
 * `npm run bench -- forms`: the declaration forms' costs.
 *  - Server validation per dossier: `checkAnswers` (the one validator, as createDossier/submitDossier call it) over
 *    a complete valid answer set of each sample form, repeated ROUNDS × RUNS times; p50/p99 per dossier, the median
 *    of the runs' p99 reported; the largest sample form (by schema size) named, every form listed.
 *  - The renderer's weight on the apply page: the gzipped size of the lazily loaded chunk(s) only a procedure with
 *    a form loads (web/dist must be built: `npm run build:web`).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { FormDefinition, FormValue, JsonSchema } from "../functions/core/forms/definition";
import { FormDefinition as FormSchema } from "../functions/core/forms/model";
import { checkAnswers } from "../functions/core/forms/validate";
import { machineLine, median, percentile, run, today, writeSection } from "./report";

const ROOT = join(import.meta.dirname, "..");
const FORMS = join(ROOT, "functions/local/seed/forms");
const RUNS = 5;
const ROUNDS = 2000;
const WRITE = !process.argv.includes("--no-write");

/** A complete, valid and as large as allowed answer for a schema (every property, arrays at their maxItems). */
function sample(schema: JsonSchema, name = ""): FormValue {
  if (schema["x-commune-in-province"]) return { province: "01", commune: "01001", street: "12 Hàng Bạc" };
  if (schema.enum) return (schema.enum as FormValue[])[0]!;
  switch (schema.type) {
    case "object":
      return Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([k, s]) => [k, sample(s, k)]));
    case "array":
      return Array.from({ length: Math.min(Number(schema.maxItems ?? 3), 30) }, () => sample(schema.items as JsonSchema));
    case "boolean":
      return false;
    case "integer":
    case "number":
      return Math.max(Number(schema.minimum ?? 1), 1);
    default:
      switch (schema.format) {
        case "vn-date":
          return "1995-04-12";
        case "id-number":
        case "cccd":
          return "001195012345";
        case "phone":
          return "0912345678";
        case "email":
          return "mai@example.vn";
      }
      if (schema.pattern) return "AB 123456";
      if (schema["x-document"]) return "giay-chung-sinh";
      return name === "fullName" ? "Nguyễn Thị Ánh Dương" : "Phường Hoàn Kiếm";
  }
}

function chunkWeight(): { renderer: number; files: string[] } | undefined {
  const assets = join(ROOT, "web/dist/assets");
  let names: string[];
  try {
    names = readdirSync(assets).filter((n) => n.endsWith(".js"));
  } catch {
    return undefined;
  }
  const renderer = names.find((n) => n.startsWith("renderer-"));
  if (!renderer) return undefined;
  const apply = names.find((n) => n.startsWith("apply-"));
  const importsOf = (file: string) => [...readFileSync(join(assets, file), "utf8").matchAll(/from"\.\/([^"]+\.js)"|import\("\.\/([^"]+\.js)"\)|"\.\/([^"]+\.js)"/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const already = new Set([...(apply ? importsOf(apply) : []), apply, ...names.filter((n) => n.startsWith("index-"))]);
  const only = [renderer, ...importsOf(renderer).filter((f) => !already.has(f) && f !== renderer)];
  return { renderer: only.reduce((s, f) => s + gzipSync(readFileSync(join(assets, f))).byteLength, 0), files: only };
}

run(async () => {
  const load = machineLine();
  const forms = readdirSync(FORMS)
    .filter((f) => f.endsWith(".json"))
    .map((file) => {
      const text = readFileSync(join(FORMS, file), "utf8");
      return { file, bytes: text.length, form: FormSchema.parse(JSON.parse(text)) as FormDefinition };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const rows: string[] = [];
  let largest = "";
  for (const [i, { file, form, bytes }] of forms.entries()) {
    const answers = sample(form.schema) as Record<string, FormValue>;
    const first = checkAnswers(form, answers, { complete: true, documentKeys: ["giay-chung-sinh"] });
    const problems = first.shape.length + first.rules.length;
    const p50s: number[] = [];
    const p99s: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const times: number[] = [];
      for (let k = 0; k < ROUNDS; k++) {
        const t0 = process.hrtime.bigint();
        checkAnswers(form, answers, { complete: true, documentKeys: ["giay-chung-sinh"] });
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      p50s.push(percentile(times, 50));
      p99s.push(percentile(times, 99));
    }
    const size = JSON.stringify(answers).length;
    const line = `| ${file}${i === 0 ? " (largest)" : ""} | ${bytes.toLocaleString("en")} | ${size.toLocaleString("en")} | ${median(p50s).toFixed(3)} | ${median(p99s).toFixed(3)} | ${problems} |`;
    if (i === 0) largest = `${file}: p50 ${median(p50s).toFixed(3)} ms, p99 ${median(p99s).toFixed(3)} ms per dossier (median of ${RUNS} runs of ${ROUNDS})`;
    rows.push(line);
    console.error(line);
  }
  const weight = chunkWeight();
  const section = `## Declaration forms

- Date: ${today()}
- Machine: ${load}
- Command: \`npm run build:web && npx tsx bench/forms.ts\` (or \`npm run bench -- forms\`)
- Server validation of a complete declaration (\`checkAnswers\`, core/forms/validate.ts, as create and submit run it),
  ${RUNS} runs × ${ROUNDS} dossiers per form, warm (the compiled validator is cached per form version); medians of the runs:
  **${largest}**.

| form | schema bytes | answer bytes | p50 ms | p99 ms | problems found (0 = valid) |
|---|---|---|---|---|---|
${rows.join("\n")}

- The form renderer's weight on the apply page: ${weight ? `**${(weight.renderer / 1024).toFixed(2)} KB gzipped** (${weight.files.join(", ")}), a chunk loaded only when the procedure has a form (budget 25 KB); it holds the renderer, the validator (@cfworker/json-schema, the custom formats and keywords) and the administrative units sample` : "web/dist not built: run `npm run build:web` first"}.
`;
  if (WRITE) writeSection("Declaration forms", section);
  else console.log(section);
});
