import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Adapters } from "../wiring";
import { Agency, Procedure } from "../core/catalogue/model";

export const SAMPLE_CATALOGUE_FILE = join(dirname(fileURLToPath(import.meta.url)), "seed", "catalogue.json");

/** Loads the sample catalogue into an empty table; returns what it wrote, or undefined when data was there. */
export async function seedIfEmpty(adapters: Pick<Adapters, "catalogue">) {
  if ((await adapters.catalogue.version()) !== "0") return undefined;
  const file = JSON.parse(readFileSync(SAMPLE_CATALOGUE_FILE, "utf8")) as { agencies: unknown[]; procedures: unknown[] };
  const agencies = file.agencies.map((a) => Agency.parse(a));
  const procedures = file.procedures.map((p) => Procedure.parse(withFormFile(p)));
  await adapters.catalogue.upsert([
    ...agencies.map((value) => ({ kind: "agency" as const, value })),
    ...procedures.map((value) => ({ kind: "procedure" as const, value })),
  ]);
  return { agencies: agencies.length, procedures: procedures.length };
}

/** A sample procedure naming its form by file (`formFile`, relative to seed/): the form read in. */
function withFormFile(value: unknown): unknown {
  const { formFile, ...rest } = value as { formFile?: string };
  if (!formFile) return value;
  return { ...rest, form: JSON.parse(readFileSync(join(dirname(SAMPLE_CATALOGUE_FILE), formFile), "utf8")) };
}
