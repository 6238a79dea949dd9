import { readFileSync } from "node:fs";
import type { FormDefinition } from "../../functions/core/forms/definition";
import { FormDefinition as FormDefinitionSchema } from "../../functions/core/forms/model";

/** The sample birth registration form (functions/local/seed/forms/khai-sinh.json), as the catalogue holds it. */
export const BIRTH_FORM = FormDefinitionSchema.parse(
  JSON.parse(readFileSync(new URL("../../functions/local/seed/forms/khai-sinh.json", import.meta.url), "utf8")),
) as FormDefinition;

/** A complete, valid birth declaration for the sample form (functions/local/seed/forms/khai-sinh.json). */
export function birthAnswers(): Record<string, unknown> {
  const place = { province: "01", commune: "01001", street: "12 Hàng Bạc" };
  return {
    child: { fullName: "Nguyễn Thị Ánh Dương", dateOfBirth: "2026-03-01", sex: "female", placeOfBirth: place, ethnicity: "Kinh", nationality: "Việt Nam" },
    mother: { fullName: "Trần Thị Mai", dateOfBirth: "1995-04-12", idNumber: "001195012345", ethnicity: "Kinh", nationality: "Việt Nam", residence: place },
    fatherKnown: false,
    declarant: { fullName: "Trần Thị Mai", relationship: "mother", phone: "0912345678" },
    copies: 2,
  };
}
