import { createRoute, z } from "@hono/zod-openapi";
import { catalogueReader, procedureIn, type CatalogueReader } from "../core/catalogue/cache";
import { formVersionOf } from "../core/catalogue/forms";
import { Agency, Procedure, PROCEDURE_CODE, ServiceLevel } from "../core/catalogue/model";
import type { CatalogueRepository } from "../core/catalogue/repository";
import { searchProcedures } from "../core/catalogue/search";
import { NotFoundError } from "../core/errors";
import { silentLogger, type Logger } from "../core/log";
import { createApp } from "./app";
import { ProblemSchema } from "./schemas";

/**
 * The public catalogue API (docs/api.md "Catalogue"): agencies, procedure search, one procedure.
 * Read-only, served from an in-memory snapshot (core/catalogue/cache), so answers are cacheable for a minute.
 */

/** Browsers and CloudFront may keep catalogue answers as long as a warm process keeps its snapshot. */
const CACHE_CONTROL = "public, max-age=60";

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

// clone(): the model's schemas may predate the OpenAPI extension of zod (import order), and only new instances get `.openapi`.
const AgencyBody = Agency.clone().openapi("Agency");
const ProcedureBody = Procedure.clone().openapi("Procedure");

/** A search result: the procedure without its document list and legal basis, which only the detail carries. */
const ProcedureSummary = z
  .object({
    code: z.string(),
    name: z.string(),
    field: z.string(),
    agencyCode: z.string(),
    receivingAgencyCode: z.string().optional(),
    level: ServiceLevel,
    processingDays: z.number().int(),
    clockUnit: z.enum(["working_days", "calendar_days"]),
    fee: z.object({ amount: z.number().int(), currency: z.literal("VND") }),
    resultDelivery: z.array(z.enum(["online", "post", "in_person"])),
    documentCount: z.number().int(),
  })
  .openapi("ProcedureSummary");
/** A search result's shape, for the web (type-only). */
export type ProcedureSummaryView = z.infer<typeof ProcedureSummary>;

const SearchQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: "Words of the name; case and diacritics do not matter" }),
  agency: z.string().max(40).optional().openapi({ description: "Deciding agency or receiving unit code" }),
  level: ServiceLevel.optional(),
  field: z.string().max(200).optional().openapi({ description: "Field (lĩnh vực), compared without diacritics" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().openapi({ description: "nextCursor of the previous page" }),
});

const listAgencies = createRoute({
  method: "get",
  path: "/v1/agencies",
  tags: ["Catalogue"],
  summary: "All agencies",
  responses: {
    200: {
      description: "Every agency, by code",
      content: { "application/json": { schema: z.object({ items: z.array(AgencyBody) }) } },
    },
    503: { description: "Storage unavailable", content: problemContent },
  },
});

const searchRoute = createRoute({
  method: "get",
  path: "/v1/procedures",
  tags: ["Catalogue"],
  summary: "Search procedures",
  description:
    "`q` matches words of the procedure name regardless of case and Vietnamese diacritics; every word must match " +
    "a word of the name (whole, or its beginning). Whole-word matches come first. Without `q`, by code.",
  request: { query: SearchQuery },
  responses: {
    200: {
      description: "One page of matches",
      content: {
        "application/json": {
          schema: z.object({
            items: z.array(ProcedureSummary),
            nextCursor: z.string().nullable(),
            total: z.number().int(),
          }),
        },
      },
    },
    400: { description: "A bad parameter or cursor", content: problemContent },
    503: { description: "Storage unavailable", content: problemContent },
  },
});

const procedureRoute = createRoute({
  method: "get",
  path: "/v1/procedures/{code}",
  tags: ["Catalogue"],
  summary: "One procedure",
  // No format check here: a malformed code is simply an unknown procedure (404), never a 400.
  request: { params: z.object({ code: z.string().openapi({ example: "1.001193" }) }) },
  responses: {
    200: { description: "The procedure", content: { "application/json": { schema: ProcedureBody } } },
    404: { description: "No such procedure", content: problemContent },
    503: { description: "Storage unavailable", content: problemContent },
  },
});

const formRoute = createRoute({
  method: "get",
  path: "/v1/procedures/{code}/forms/{version}",
  tags: ["Catalogue"],
  summary: "One version of a procedure's declaration form",
  description:
    "Every version a dossier may record (`formVersion` on the dossier), the current one and the kept older ones: " +
    "how a reader gets the labels and sections of a dossier's answers.",
  request: { params: z.object({ code: z.string().openapi({ example: "1.001193" }), version: z.string().openapi({ example: "1" }) }) },
  responses: {
    200: { description: "The form version", content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("FormDefinition") } } },
    404: { description: "No such procedure or version", content: problemContent },
    503: { description: "Storage unavailable", content: problemContent },
  },
});

export interface CatalogueAppDeps {
  catalogue: CatalogueRepository;
  /** How often the stored version is compared (ms); default 60 s. */
  refreshMs?: number;
  now?: () => number;
  /** Where a failed version check is reported (the app keeps serving its previous snapshot); default: nowhere. */
  log?: Logger;
}

/** The catalogue app. Its reader lives as long as the app: one per warm Lambda or local process. */
export function catalogueApp(deps: CatalogueAppDeps) {
  const reader: CatalogueReader = catalogueReader(deps.catalogue, {
    refreshMs: deps.refreshMs,
    now: deps.now,
    onStale: (error) =>
      (deps.log ?? silentLogger).warn("catalogue version check failed; serving the previous snapshot", {
        error: error instanceof Error ? error : String(error),
      }),
  });

  return createApp()
    .openapi(listAgencies, async (c) => {
      const snapshot = await reader.current();
      c.header("cache-control", CACHE_CONTROL);
      return c.json({ items: [...snapshot.agencies] }, 200);
    })
    .openapi(searchRoute, async (c) => {
      const query = c.req.valid("query");
      const snapshot = await reader.current();
      const page = searchProcedures(snapshot.index, query);
      c.header("cache-control", CACHE_CONTROL);
      return c.json(
        {
          items: page.items.map((p) => ({
            code: p.code,
            name: p.name,
            field: p.field,
            agencyCode: p.agencyCode,
            ...(p.receivingAgencyCode ? { receivingAgencyCode: p.receivingAgencyCode } : {}),
            level: p.level,
            processingDays: p.processingDays,
            clockUnit: p.clockUnit,
            fee: { amount: p.fee.amount, currency: p.fee.currency },
            resultDelivery: p.resultDelivery,
            documentCount: p.documents.length,
          })),
          nextCursor: page.nextCursor,
          total: page.total,
        },
        200,
      );
    })
    .openapi(procedureRoute, async (c) => {
      const { code } = c.req.valid("param");
      const snapshot = await reader.current();
      const procedure = PROCEDURE_CODE.test(code) ? procedureIn(snapshot, code) : undefined;
      if (!procedure) throw new NotFoundError("procedure.not_found", { code: code.slice(0, 40) });
      c.header("cache-control", CACHE_CONTROL);
      // Older form versions are for checking old drafts and reading old dossiers (the forms route), not for applying.
      const { formVersions: _kept, ...current } = procedure;
      return c.json(current, 200);
    })
    .openapi(formRoute, async (c) => {
      const { code, version } = c.req.valid("param");
      const snapshot = await reader.current();
      const procedure = PROCEDURE_CODE.test(code) ? procedureIn(snapshot, code) : undefined;
      const form = /^[0-9]{1,5}$/.test(version) ? formVersionOf(procedure, Number(version)) : undefined;
      if (!form) throw new NotFoundError("procedure.form_not_found", { code: code.slice(0, 40) });
      c.header("cache-control", CACHE_CONTROL);
      return c.json(form as unknown as Record<string, unknown>, 200);
    });
}
