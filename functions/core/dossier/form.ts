import { formVersionOf } from "../catalogue/forms";
import type { Procedure } from "../catalogue/model";
import { RuleError, ValidationError } from "../errors";
import type { FormAnswers } from "../forms/definition";
import { checkAnswers } from "../forms/validate";
import type { Dossier } from "./model";

/**
 * The declaration's answers checked against the procedure's form (core/forms/validate.ts, the module the citizen web
 * runs too). Wrong types or shape are a 400 (`dossier.form_shape`); rule breaks — a missing answer at submit, a bad
 * CCCD, a date in the future, a commune outside its province — a 422 (`dossier.form_invalid`); each problem names its
 * field (`formData.child.dateOfBirth`).
 */

/** At creation, against the current form: a draft may leave answers out. Returns the answers to store. */
export function checkDraftAnswers(procedure: Procedure, formData: FormAnswers | undefined, now: Date): { formData?: FormAnswers; formVersion?: number } {
  if (!procedure.form) return { formData };
  if (formData === undefined) return { formVersion: procedure.form.version };
  const check = checkAnswers(procedure.form, formData, { complete: false, now, documentKeys: procedure.documents.map((d) => d.key) });
  throwProblems(check);
  return { formData: check.answers, formVersion: procedure.form.version };
}

/**
 * At submission, against the version the dossier recorded (kept in the catalogue when a newer one came in): every
 * required answer must be there.
 * @throws RuleError `dossier.form_invalid`, `dossier.form_version_missing`
 */
export function checkSubmittedAnswers(procedure: Procedure | undefined, dossier: Pick<Dossier, "formData" | "formVersion">, now: Date): void {
  if (dossier.formVersion === undefined) return;
  const form = formVersionOf(procedure, dossier.formVersion);
  if (!form) throw new RuleError("dossier.form_version_missing", { params: { version: dossier.formVersion } });
  const check = checkAnswers(form, dossier.formData ?? {}, {
    complete: true,
    now,
    documentKeys: procedure?.documents.map((d) => d.key),
  });
  if (check.shape.length || check.rules.length) {
    throw new RuleError("dossier.form_invalid", { errors: [...check.shape, ...check.rules] });
  }
}

function throwProblems(check: ReturnType<typeof checkAnswers>): void {
  if (check.shape.length) throw new ValidationError("dossier.form_shape", [...check.shape, ...check.rules]);
  if (check.rules.length) throw new RuleError("dossier.form_invalid", { errors: check.rules });
}
