import { dateFormat as formatIn, dateTimeIn, VIETNAM_TZ } from "./datetime";
import { locale, t } from "./i18n";

// Every date and time is shown in Vietnam time, whatever the device's zone (docs/api.md "Conventions"): datetime.ts.
const cache = new Map<string, Intl.NumberFormat>();
const dateFormat = (options: Intl.DateTimeFormatOptions) => formatIn(locale(), options);
function numberFormat(loc: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${loc}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(loc, options)));
  return f;
}

/** 14:05 24/11/2026 (Vietnam time). */
export const dateTime = (iso: string | null | undefined): string => dateTimeIn(locale(), iso);

/** 24/11/2026 (the day in Vietnam). */
export function date(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat({ day: "2-digit", month: "2-digit", year: "numeric" }).format(d);
}

/** A calendar day `YYYY-MM-DD` (already a Vietnam date): shown as is, never shifted by a zone. */
export function day(ymd: string, short = false): string {
  const d = new Date(`${ymd}T12:00:00+07:00`);
  if (Number.isNaN(d.getTime())) return ymd;
  return dateFormat(short ? { day: "2-digit", month: "2-digit" } : { day: "2-digit", month: "2-digit", year: "numeric" }).format(d);
}

/** Today's date in Vietnam, `YYYY-MM-DD`. */
export function vietnamToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: VIETNAM_TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Fees are shown as Vietnamese amounts in both languages: 50.000 ₫. */
export function money(amount: number): string {
  return numberFormat("vi-VN", { style: "currency", currency: "VND", maximumFractionDigits: 0 }).format(amount);
}

export function integer(n: number): string {
  return numberFormat(locale(), { maximumFractionDigits: 0 }).format(n);
}

/** A ratio 0..1 as a percentage with one decimal; an empty ratio (no denominator) as "—". */
export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return t("common.none");
  return numberFormat(locale(), { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

export function decimal(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return t("common.none");
  return numberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** File sizes: 512 B, 2,0 KB, 1,5 MB. */
export function bytes(n: number): string {
  if (n < 1024) return t("unit.bytes", { n: integer(n) });
  if (n < 1024 * 1024) return t("unit.kb", { n: decimal(n / 1024) });
  return t("unit.mb", { n: decimal(n / (1024 * 1024)) });
}
