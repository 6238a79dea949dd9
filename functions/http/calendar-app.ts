import { createRoute, z } from "@hono/zod-openapi";
import { catalogueReader, procedureIn, type CatalogueReader } from "../core/catalogue/cache";
import { PROCEDURE_CODE } from "../core/catalogue/model";
import type { CatalogueRepository } from "../core/catalogue/repository";
import { dueTimeFor, publicYear } from "../core/calendar";
import { NotFoundError } from "../core/errors";
import { createApp } from "./app";
import { jsonResponse, problems } from "./schemas";

/**
 * The public calendar API (docs/api.md "Calendar"): a year's days off and make-up working days with their source, and
 * the due time the portal would set for a procedure and a receipt time, so an agency's system computes the same
 * dates as the portal.
 */

const tags = ["Calendar"];

const YearBody = z
  .object({
    year: z.number().int(),
    announced: z.boolean().openapi({ description: "The government's schedule for the year is in the portal's data" }),
    provisional: z.boolean().openapi({ description: "No announced schedule: the days (and due dates) may still change" }),
    basis: z.enum(["announced", "labour_code_rule", "computed"]),
    source: z.string().openapi({ description: "The decision or notice the days come from, or the rule applied" }),
    daysOff: z.array(
      z.object({
        date: z.string().openapi({ example: "2026-08-31" }),
        name: z.string(),
        kind: z.enum(["holiday", "compensatory", "swapped", "weekend"]),
      }),
    ),
    workingWeekends: z.array(
      z.object({
        date: z.string().openapi({ example: "2026-08-22" }),
        name: z.string(),
        replaces: z.string().openapi({ description: "The day off it is worked in place of", example: "2026-08-31" }),
      }),
    ),
  })
  .openapi("CalendarYear");

const DueBody = z
  .object({
    procedure: z.string(),
    receivedAt: z.string(),
    clockStartsAt: z.string().openapi({ description: "receivedAt, or the next office period when received outside office hours" }),
    dueAt: z.string(),
    unit: z.enum(["working_days", "calendar_days"]),
    processingDays: z.number(),
    provisional: z.boolean().openapi({ description: "The count crosses a year without an announced schedule" }),
  })
  .openapi("CalendarDue");

const routes = {
  year: createRoute({
    method: "get",
    path: "/v1/calendar/{year}",
    tags,
    summary: "A year's days off and make-up working days, with their source",
    request: { params: z.object({ year: z.string().regex(/^\d{4}$/, { error: "calendar.year_format" }).openapi({ example: "2026" }) }) },
    responses: { 200: jsonResponse(YearBody, "The year's calendar"), ...problems(400, 422) },
  }),
  due: createRoute({
    method: "get",
    path: "/v1/calendar/due",
    tags,
    summary: "The due time the portal would set for a procedure received at a given time",
    request: {
      query: z.object({
        procedure: z.string().max(40).openapi({ example: "1.001193" }),
        receivedAt: z.iso
          .datetime({ offset: true, error: "request.instant_format" })
          .optional()
          .openapi({ description: "ISO 8601 with an offset; default now", example: "2026-08-21T10:00:00+07:00" }),
      }),
    },
    responses: { 200: jsonResponse(DueBody, "The due time"), ...problems(400, 404, 422) },
  }),
};

export interface CalendarAppDeps {
  catalogue: CatalogueRepository;
  /** How often the catalogue's stored version is compared (ms); default 60 s. */
  refreshMs?: number;
  now?: () => Date;
}

/** The calendar app; its catalogue reader lives as long as the app (one per warm Lambda or local process). */
export function calendarApp(deps: CalendarAppDeps) {
  let reader: CatalogueReader | undefined;
  const now = deps.now ?? (() => new Date());
  return createApp()
    .openapi(routes.due, async (c) => {
      const query = c.req.valid("query");
      reader ??= catalogueReader(deps.catalogue, { refreshMs: deps.refreshMs });
      const procedure = PROCEDURE_CODE.test(query.procedure) ? procedureIn(await reader.current(), query.procedure) : undefined;
      if (!procedure) throw new NotFoundError("procedure.not_found", { code: query.procedure.slice(0, 40) });
      const due = dueTimeFor(procedure, query.receivedAt ? new Date(query.receivedAt) : now());
      c.header("cache-control", query.receivedAt ? "public, max-age=300" : "no-store");
      return c.json(
        {
          procedure: procedure.code,
          receivedAt: due.receivedAt.toISOString(),
          clockStartsAt: due.clockStartsAt.toISOString(),
          dueAt: due.dueAt.toISOString(),
          unit: due.unit,
          processingDays: due.processingDays,
          provisional: due.provisional,
        },
        200,
      );
    })
    .openapi(routes.year, (c) => {
      const year = publicYear(Number(c.req.valid("param").year));
      // A data file changes only with a deployment.
      c.header("cache-control", "public, max-age=3600");
      return c.json(year, 200);
    });
}
