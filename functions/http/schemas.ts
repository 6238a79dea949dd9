import { z } from "@hono/zod-openapi";

/** Shared OpenAPI pieces: the problem document, error responses by status, list paging, auth headers. */

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().openapi({ example: "dossier.not_found" }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    instance: z.string(),
    requestId: z.string().optional(),
  })
  .openapi("Problem");

const statusText: Record<number, string> = {
  400: "Malformed request or invalid values",
  401: "No or bad credentials",
  403: "Not yours",
  404: "Unknown",
  409: "Conflict with the current state or version",
  413: "Too large",
  415: "Wrong media type",
  422: "Valid JSON that breaks a rule",
  429: "Throttled",
  503: "Storage unavailable; retry after Retry-After seconds",
};

/** The problem+json responses a route can give, for its OpenAPI entry. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    [...new Set([...statuses, 503])].map((status) => [
      status,
      { description: statusText[status] ?? "Error", content: { "application/problem+json": { schema: ProblemSchema } } },
    ]),
  );
}

export const Limit = z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 });
export const Cursor = z.string().max(2048).optional();

export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/, { error: "idempotency.key_format" })
    .optional()
    .openapi({ description: "Same key + same body within 24 h → the first answer; another body → 422" }),
});

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  body: { required: true, description, content: { "application/json": { schema } } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export { bearer } from "./bearer";
