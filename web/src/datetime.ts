/**
 * Dates and times in Vietnam time, whatever the device's zone (docs/api.md "Conventions"), for a given locale: the
 * citizens' format.ts and the back office's ui.tsx, each with its own language, format them here. Imports nothing.
 */
export const VIETNAM_TZ = "Asia/Ho_Chi_Minh";

const cache = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale and options, made once. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: VIETNAM_TZ, ...options })));
  return f;
}

const DATE_TIME = { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false } as const;

/** "17:00 08/12/2026" (vi-VN), the year whole, as the slips print it; "" for no time, the text itself if not one. */
export function dateTimeIn(locale: string, iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(locale, DATE_TIME).format(d);
}
