import type { FormDefinition } from "../forms/definition";
import type { Procedure } from "./model";

/** The version of a procedure's form a dossier was created under: the current one or a kept one. */
export function formVersionOf(procedure: Procedure | undefined, version: number | undefined): FormDefinition | undefined {
  if (!procedure || version === undefined) return undefined;
  if (procedure.form?.version === version) return procedure.form;
  return procedure.formVersions?.find((f) => f.version === version);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What an import writes for a procedure, given what is stored: every form version the stored entry knew is kept
 * (in `formVersions`, oldest first), so a draft made under an older version still validates and submits.
 * Returns a reason when the file reuses a stored version number with other content.
 */
export function carryFormVersions(incoming: Procedure, stored: Procedure | undefined): { procedure: Procedure; problem?: string } {
  const known = new Map<number, FormDefinition>();
  for (const f of [...(stored?.formVersions ?? []), ...(stored?.form ? [stored.form] : []), ...(incoming.formVersions ?? [])]) {
    known.set(f.version, f);
  }
  const current = incoming.form;
  if (current) {
    const before = known.get(current.version);
    if (before && !same(before, current)) {
      return { procedure: incoming, problem: `form version ${current.version} is already stored with other content: raise the version` };
    }
    known.delete(current.version);
  }
  const kept = [...known.values()].sort((a, b) => a.version - b.version);
  const { formVersions: _drop, ...rest } = incoming;
  return { procedure: { ...rest, ...(kept.length ? { formVersions: kept } : {}) } as Procedure };
}

/** The import file's rows and problems (import.ts ReadResult), without importing it here. */
interface Read {
  rows: { section: "agencies" | "procedures"; row: number; value: unknown; problems?: { section: "file" | "agencies" | "procedures"; row?: number; path: string; message: string }[] }[];
  problems: { section: "file" | "agencies" | "procedures"; row?: number; path: string; message: string }[];
}

/**
 * A procedure row may name its form by file (`formFile`, a path relative to the import file, in JSON and in the CSV
 * column of that name) instead of holding it: each is read with `load` and put in `form`. A file that cannot be
 * read or is no JSON is a problem of its row. Throws nothing (`load` may throw: that is the row's problem).
 */
export function resolveFormFiles<R extends Read>(read: R, load: (relativePath: string) => string): R {
  const rows = read.rows.map((row) => {
    const value = row.value as Record<string, unknown> | null;
    if (row.section !== "procedures" || !value || typeof value !== "object" || value.formFile === undefined) return row;
    const { formFile, ...rest } = value;
    const problem = (message: string) => ({ ...row, value: rest, problems: [...(row.problems ?? []), { section: row.section, row: row.row, path: "formFile", message }] });
    if (typeof formFile !== "string" || !formFile.trim()) return problem("formFile must be a path to a JSON file");
    if (formFile.startsWith("/") || formFile.split(/[\\/]/).includes("..")) return problem(`formFile must stay beside the catalogue file: ${formFile}`);
    let text: string;
    try {
      text = load(formFile.trim());
    } catch (err) {
      return problem(`cannot read the form file ${formFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      return { ...row, value: { ...rest, form: JSON.parse(text.replace(/^\uFEFF/, "")) } };
    } catch (err) {
      return problem(`the form file ${formFile} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  });
  return { ...read, rows };
}
