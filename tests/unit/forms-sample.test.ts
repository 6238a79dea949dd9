import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveFormFiles } from "../../functions/core/catalogue/forms";
import { planImport, readCatalogueText } from "../../functions/core/catalogue/import";
import { SAMPLE_CATALOGUE_FILE } from "../../functions/local/seed";

describe("the sample catalogue's forms", () => {
  it("at least 10 procedures carry a valid form naming its legal source", () => {
    const read = resolveFormFiles(readCatalogueText(readFileSync(SAMPLE_CATALOGUE_FILE, "utf8"), "json"), (p) =>
      readFileSync(join(dirname(SAMPLE_CATALOGUE_FILE), p), "utf8"),
    );
    const plan = planImport(read, { agencies: [], procedures: [] });
    expect(plan.problems).toEqual([]);
    const withForms = plan.entries.flatMap((e) => (e.kind === "procedure" && e.value.form ? [e.value] : []));
    expect(withForms.length).toBeGreaterThanOrEqual(10);
    for (const p of withForms) expect(p.form!.source).toMatch(/(Thông tư|Nghị định)/);
    const files = readdirSync(join(dirname(SAMPLE_CATALOGUE_FILE), "forms"));
    expect(files.length).toBe(withForms.length);
  });
});
