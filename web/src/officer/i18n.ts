import { officerVi, type OfficerKey } from "../i18n/officer-vi";

/** The back office's language: `?lang=en` or the remembered choice (the same key as the citizens' site). */
export type Lang = "vi" | "en";
let current: Lang = "vi";
let messages: Record<OfficerKey, string> = officerVi;

export const lang = () => current;
export const locale = () => (current === "en" ? "en-GB" : "vi-VN");

export function t(key: OfficerKey, params?: Record<string, string | number>): string {
  const text = messages[key] ?? officerVi[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (w, n: string) => (n in params ? String(params[n]) : w)) : text;
}

export function initialLang(): Lang {
  const q = new URLSearchParams(location.search).get("lang");
  if (q === "vi" || q === "en") return q;
  try {
    return localStorage.getItem("dvc.lang") === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

export async function applyLanguage(next: Lang, remember = false): Promise<void> {
  messages = next === "en" ? (await import("../i18n/officer-en")).officerEn : officerVi;
  current = next;
  document.documentElement.lang = next;
  if (remember) {
    try {
      if (next === "vi") localStorage.removeItem("dvc.lang");
      else localStorage.setItem("dvc.lang", next);
    } catch {
      /* the URL carries it */
    }
  }
}
export type { OfficerKey };
