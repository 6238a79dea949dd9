import { CCCD, CMND, VN_PHONE } from "../dossier/vocabulary";

/**
 * The custom formats of declaration forms (docs/catalogue.md "Writing a form"). Plain functions, no eval: the server
 * and the citizen web register the same ones with the JSON Schema validator (validate.ts).
 */

/** The old 63 provinces' CCCD codes (001–096, with gaps in the national list; the range is what the portal checks). */
function plausibleCccd(id: string, now: Date): boolean {
  if (!CCCD.test(id)) return false;
  const province = Number(id.slice(0, 3));
  if (province < 1 || province > 96) return false;
  const g = Number(id[3]);
  const year = 1900 + 100 * Math.floor(g / 2) + Number(id.slice(4, 6));
  return year >= 1900 && year <= now.getUTCFullYear();
}

/** A 12-digit CCCD (3-digit old province code + century/sex digit + 2 year digits + 6 serial) or a 9-digit CMND. */
export function isIdNumber(value: string, now = new Date()): boolean {
  return plausibleCccd(value, now) || CMND.test(value);
}

/** Only a 12-digit CCCD. */
export function isCccd(value: string, now = new Date()): boolean {
  return plausibleCccd(value, now);
}

export function isVnPhone(value: string): boolean {
  return VN_PHONE.test(value.replace(/[\s.-]/g, ""));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date as the API stores it (`YYYY-MM-DD`, a real calendar day); the web shows and reads it as dd/mm/yyyy. */
export function isVnDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** dd/mm/yyyy (what a citizen types) → YYYY-MM-DD, or undefined when it is no real day. */
export function parseDisplayDate(text: string): string | undefined {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return isVnDate(iso) ? iso : undefined;
}

/** YYYY-MM-DD → dd/mm/yyyy (unchanged when it is not an ISO date). */
export function displayDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Today in Vietnam (UTC+7) as YYYY-MM-DD. */
export function vietnamToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** The format names a form schema may use beyond the standard ones, each a pure function of the string. */
export const FORM_FORMATS: Record<string, (value: string) => boolean> = {
  cccd: (v) => isCccd(v),
  "id-number": (v) => isIdNumber(v),
  phone: isVnPhone,
  "vn-date": isVnDate,
  email: isEmail,
};
