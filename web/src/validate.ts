import type { MessageKey } from "./i18n";
import type { Delivery, IdType } from "./types";

/**
 * The applicant checks the API makes (functions/core/dossier/model.ts), made in the browser first so the
 * citizen sees them at once. The API stays the authority: its 400 errors land on the same fields.
 */

// The API's own patterns (a module that imports nothing: its values are safe in the bundle).
import { CCCD, CMND, VN_PHONE } from "../../functions/core/dossier/vocabulary";
export { CCCD, CMND, VN_PHONE };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ApplicantForm {
  fullName: string;
  idType: IdType;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
  delivery: Delivery | "";
}

export type FormField = keyof ApplicantForm;

export const normalizePhone = (phone: string) => phone.trim().replace(/[\s.-]/g, "");

/** Field → message key of its first problem. */
export function validateApplicant(form: ApplicantForm): Partial<Record<FormField, MessageKey>> {
  const errors: Partial<Record<FormField, MessageKey>> = {};
  const name = form.fullName.trim();
  if (!name) errors.fullName = "validation.full_name_required";
  else if (name.length < 2 || name.length > 200) errors.fullName = "validation.full_name_length";

  const id = form.idNumber.trim();
  if (!id) errors.idNumber = "validation.id_required";
  else if (form.idType === "cccd" && !CCCD.test(id)) errors.idNumber = "validation.cccd_format";
  else if (form.idType === "cmnd" && !CMND.test(id)) errors.idNumber = "validation.cmnd_format";

  const phone = normalizePhone(form.phone);
  if (!phone) errors.phone = "validation.phone_required";
  else if (!VN_PHONE.test(phone)) errors.phone = "validation.phone_format";

  if (form.email.trim() && (!EMAIL.test(form.email.trim()) || form.email.trim().length > 254)) errors.email = "validation.email_format";
  if (form.address.trim().length > 500) errors.address = "validation.address_length";
  if (!form.delivery) errors.delivery = "validation.delivery_required";
  else if (form.delivery === "post" && !form.address.trim()) errors.address = "validation.address_required_post";
  return errors;
}

/** Where an API field error (`errors[].path`) belongs in the form. */
export function fieldOfPath(path: string): FormField | `doc:${string}` | undefined {
  const parts = path.split(".");
  if (parts[0] === "applicant" && parts[1]) {
    const field = parts[1] as FormField;
    return ["fullName", "idType", "idNumber", "phone", "email", "address"].includes(field) ? field : undefined;
  }
  if (parts[0] === "delivery") return "delivery";
  if (parts[0] === "documents" && parts[1]) return `doc:${parts[1]}`;
  return undefined;
}
