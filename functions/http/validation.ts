import type { Context } from "hono";
import type { z } from "zod";
import { ValidationError } from "../core/errors";
import { fieldErrors, localizeIssue } from "../core/issues";
import { pickLanguage, type Language } from "../core/messages";

// The issue wording lives in core (the catalogue import uses it too); re-exported for existing callers.
export { fieldErrors, localizeIssue };

/** The default hook of every OpenAPIHono app: a failed validation becomes a 400 problem naming each field. */
export function validationHook(
  result: { success: true; data: unknown; target: string } | { success: false; error: z.ZodError; target: string; data?: unknown },
  c: Context,
): void {
  if (result.success) return;
  const language = pickLanguage(c.req.header("accept-language"));
  const prefix = result.target === "json" || result.target === "query" ? "" : result.target;
  throw new ValidationError("request.invalid", fieldErrors(result.error, language, result.data, prefix));
}

/** Parses a value with a schema outside a route (CLI, imports); throws ValidationError on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, language: Language = "en"): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError("request.invalid", fieldErrors(result.error, language, value));
  return result.data;
}

export { pickLanguage };
