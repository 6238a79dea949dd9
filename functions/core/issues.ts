import type { z } from "zod";
import type { FieldError } from "./errors";
import { describe, type Language } from "./messages";

/**
 * Localized messages for zod issues, shared by the HTTP boundary (functions/http/validation.ts) and the
 * catalogue import (functions/core/catalogue/import.ts): both report field problems in the same words.
 */

type Issue = z.core.$ZodIssue;

const generic: Record<string, { vi: string; en: string }> = {
  required: { vi: "Bắt buộc phải có", en: "Required" },
  type: { vi: "Phải là {expected}", en: "Must be {expected}" },
  too_small_string: { vi: "Phải có ít nhất {minimum} ký tự", en: "Must have at least {minimum} characters" },
  too_big_string: { vi: "Không được quá {maximum} ký tự", en: "Must have at most {maximum} characters" },
  too_small_number: { vi: "Phải lớn hơn hoặc bằng {minimum}", en: "Must be at least {minimum}" },
  too_big_number: { vi: "Phải nhỏ hơn hoặc bằng {maximum}", en: "Must be at most {maximum}" },
  too_small_array: { vi: "Phải có ít nhất {minimum} phần tử", en: "Must have at least {minimum} items" },
  too_big_array: { vi: "Không được quá {maximum} phần tử", en: "Must have at most {maximum} items" },
  format: { vi: "Sai định dạng ({format})", en: "Invalid format ({format})" },
  value: { vi: "Phải là một trong: {values}", en: "Must be one of: {values}" },
  keys: { vi: "Trường không được chấp nhận: {keys}", en: "Unrecognized field(s): {keys}" },
  invalid: { vi: "Giá trị không hợp lệ", en: "Invalid value" },
};

const typeNames: Record<string, { vi: string; en: string }> = {
  string: { vi: "chuỗi ký tự", en: "a string" },
  number: { vi: "số", en: "a number" },
  int: { vi: "số nguyên", en: "an integer" },
  boolean: { vi: "true/false", en: "a boolean" },
  object: { vi: "đối tượng JSON", en: "an object" },
  array: { vi: "danh sách", en: "an array" },
};

function fill(t: string, p: Record<string, unknown>): string {
  return t.replace(/\{(\w+)\}/g, (w, k: string) => (k in p ? String(p[k]) : w));
}

/**
 * Turns one zod issue into a message in the caller's language. A schema can name its own message with
 * `{ error: "code.from.messages" }`: registered codes are translated through core/messages. Throws nothing.
 */
export function localizeIssue(issue: Issue, language: Language, input: unknown): string {
  const custom = describe(issue.message, language);
  if (custom.title !== issue.message) return custom.title;
  // A custom issue may carry its own sentence (a form schema's problem names the keyword): say it as it is.
  if (issue.code === "custom" && / /.test(issue.message)) return issue.message;
  const g = (key: string, params: Record<string, unknown> = {}) => fill(generic[key]![language], params);
  switch (issue.code) {
    case "invalid_type": {
      if (valueAt(input, issue.path) === undefined) return g("required");
      const expected = typeNames[issue.expected]?.[language] ?? issue.expected;
      return g("type", { expected });
    }
    case "too_small": {
      const kind = issue.origin === "string" ? "string" : issue.origin === "array" ? "array" : "number";
      return g(`too_small_${kind}`, { minimum: issue.minimum });
    }
    case "too_big": {
      const kind = issue.origin === "string" ? "string" : issue.origin === "array" ? "array" : "number";
      return g(`too_big_${kind}`, { maximum: issue.maximum });
    }
    case "invalid_format":
      return g("format", { format: issue.format });
    case "invalid_value":
      return g("value", { values: issue.values.map(String).join(", ") });
    case "unrecognized_keys":
      return g("keys", { keys: issue.keys.join(", ") });
    default:
      return g("invalid");
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Field errors from a ZodError, with dotted paths prefixed by where the value came from (`query.limit`). Throws nothing. */
export function fieldErrors(error: z.ZodError, language: Language, input: unknown, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || (prefix ?? ""),
    message: localizeIssue(issue, language, input),
  }));
}
