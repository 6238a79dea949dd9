import { vi, type MessageKey } from "./vi";

/**
 * Messages and language. Vietnamese is bundled; English is a separate chunk loaded on demand.
 * The language lives in the URL (`?lang=en`); the last choice is also remembered in localStorage
 * (the language only, nothing else), so a citizen who typed the bare address keeps English.
 */

export type Lang = "vi" | "en";
export type { MessageKey };
export type Messages = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

/** Keys that come in plural forms: `key.one` and `key.other`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];

const STORAGE_KEY = "dvc.lang";

let current: Lang = "vi";
let messages: Messages = vi;

export function lang(): Lang {
  return current;
}

/** BCP 47 locale for Intl formatting of the current language. */
export function locale(): string {
  return current === "en" ? "en-GB" : "vi-VN";
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The message for `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Params): string {
  return fill(messages[key] ?? vi[key] ?? key, params);
}

/** A message with a plural form chosen by `count` (Intl.PluralRules of the current language). */
export function tn(key: PluralKey, count: number, params?: Params): string {
  const rule = new Intl.PluralRules(locale()).select(count) === "one" ? "one" : "other";
  return t(`${key}.${rule}` as MessageKey, { count, ...params });
}

export function isLang(value: unknown): value is Lang {
  return value === "vi" || value === "en";
}

function stored(): Lang | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The language to start with: `?lang=` first, then the remembered choice, else Vietnamese. */
export function initialLang(search = location.search): Lang {
  const fromUrl = new URLSearchParams(search).get("lang");
  if (isLang(fromUrl)) return fromUrl;
  return stored() ?? "vi";
}

/** Loads a language's messages and makes it current; updates `<html lang>`. */
export async function applyLanguage(next: Lang, remember = false): Promise<void> {
  messages = next === "en" ? (await import("./en")).en : vi;
  current = next;
  document.documentElement.lang = next;
  if (remember) {
    try {
      if (next === "vi") localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* storage disabled: the URL still carries the choice */
    }
  }
}
