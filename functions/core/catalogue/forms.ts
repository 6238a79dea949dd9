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
