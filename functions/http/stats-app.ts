import { createRoute, z } from "@hono/zod-openapi";
import { addDays, vietnamDate } from "../core/calendar";
import { AgencyTier } from "../core/catalogue/model";
import type { CatalogueRepository } from "../core/catalogue/repository";
import { writeCsv } from "../core/csv";
import { presentRow } from "../core/stats/daily";
import { zeroCounts } from "../core/stats/indicators";
import { dailyRows, summary, type StatsStore } from "../core/stats/service";
import { createApp } from "./app";
import { jsonResponse, problems } from "./schemas";

const tags = ["Statistics"];
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "request.date_format" });
const Filters = z.object({
  from: DateParam.optional().openapi({ description: "Vietnam date; default: 30 days before `to`" }),
  to: DateParam.optional().openapi({ description: "Vietnam date; default: yesterday" }),
  agency: z.string().max(32).optional(),
  tier: AgencyTier.optional(),
});

const Rate = z.number().nullable();
const DailyRow = z
  .object({
    date: z.string(),
    scope: z.enum(["agency", "tier", "province"]),
    agencyCode: z.string().nullable(),
    tier: z.string().nullable(),
    received: z.number(),
    receivedOnline: z.number(),
    receivedCounter: z.number(),
    receivedPost: z.number(),
    resolved: z.number(),
    resolvedEarly: z.number(),
    resolvedOnTime: z.number(),
    resolvedLate: z.number(),
    withdrawn: z.number(),
    stopped: z.number(),
    inProgress: z.number().openapi({ description: "At the end of the day: clock running, not past due" }),
    inProgressOverdue: z.number().openapi({ description: "At the end of the day: clock running, past due" }),
    waitingForCitizen: z.number().openapi({ description: "At the end of the day: supplement requested, clock paused" }),
    carriedOver: z.number().openapi({ description: "Open at the start of the day" }),
    onTimeRate: Rate,
    progressRate: Rate.openapi({ description: "Decision 766 progress: (finished on time + in progress within time) / handled" }),
  })
  .passthrough()
  .openapi("DailyStatsRow");

const Indicator766 = z
  .object({
    key: z.string(),
    weight: z.number(),
    target: z.number(),
    formula: z.string(),
    computed: z.boolean().openapi({ description: "false: the portal does not hold the data; rate and score are null" }),
    note: z.string().optional(),
    reconstructed: z.boolean().optional(),
    rate: Rate,
    score: z.number().nullable(),
  })
  .openapi("Decision766Indicator");
const Decision766 = z
  .object({
    score: z.number(),
    computedWeight: z.number().openapi({ description: "The points the computed indicators can reach: what score is out of" }),
    maxScore: z.literal(100),
    groups: z.array(
      z.object({
        key: z.string(),
        weight: z.number(),
        score: z.number(),
        computedWeight: z.number(),
        indicators: z.array(Indicator766),
      }),
    ),
  })
  .openapi("Decision766");

/** A row of the summary's breakdown: the period's figures for one agency (or tier), `key` its code (or name). */
const PeriodRow = DailyRow.omit({ date: true, scope: true }).extend({
  key: z.string(),
  name: z.string().nullable().openapi({ description: "The agency's name; null for a tier" }),
});

/** The range's figures (a daily row's, summed), and what only a summary has. */
const Summary = DailyRow.omit({ date: true, scope: true, agencyCode: true, tier: true })
  .extend({
    daysComputed: z.number(),
    snapshotDate: z.string().nullable().openapi({ description: "The last computed day: the snapshot is at its end" }),
    procedures: z.number(),
    proceduresFullOnline: z.number(),
    fullOnlineRate: Rate,
    proceduresOnline: z.number().openapi({ description: "Procedures offered online (full or partial)" }),
    proceduresWithOnlineDossiers: z.number(),
    servicesWithDossiersRate: Rate,
    onlineUptakeRate: Rate,
    averageRating: Rate,
    snapshot: z.object({
      inProgress: z.number(),
      inProgressOverdue: z.number(),
      waitingForCitizen: z.number(),
      waitingForCitizenWithinTime: z.number(),
      carriedOver: z.number(),
    }),
    decision766: Decision766,
    byAgency: z.array(PeriodRow),
    byTier: z.array(PeriodRow),
    monthly: z.array(DailyRow.omit({ scope: true, agencyCode: true, tier: true }).openapi({ description: "One per month (`date`: YYYY-MM)" })),
  })
  .passthrough()
  .openapi("StatsSummary");

/** The published shapes (tests hold the answers to them), and as types for the web (type-only). */
export { DailyRow as DailyStatsRowSchema, Summary as StatsSummarySchema };
export type DailyStatsRowView = z.infer<typeof DailyRow>;
export type StatsSummaryView = z.infer<typeof Summary>;

const routes = {
  daily: createRoute({
    method: "get",
    path: "/v1/stats/daily",
    tags,
    summary: "One row per day and agency (or per tier / the province with scope); CSV with Accept: text/csv or format=csv",
    request: {
      query: Filters.extend({
        scope: z.enum(["agency", "tier", "province"]).default("agency"),
        format: z.enum(["json", "csv"]).optional(),
      }),
    },
    responses: {
      200: {
        description: "Daily rows",
        content: {
          "application/json": { schema: z.object({ items: z.array(DailyRow) }) },
          "text/csv": { schema: z.string() },
        },
      },
      ...problems(400),
    },
  }),
  summary: createRoute({
    method: "get",
    path: "/v1/stats/summary",
    tags,
    summary: "Any range's figures (years included): counts, period-end snapshot, catalogue indicators, Decision 766, per agency and tier",
    request: { query: Filters },
    responses: {
      200: jsonResponse(Summary, "Summary"),
      ...problems(400),
    },
  }),
  report: createRoute({
    method: "get",
    path: "/v1/stats/report.xlsx",
    tags,
    summary: "The summary's figures as an Excel workbook, per agency and tier, with Decision 766",
    request: { query: Filters },
    responses: {
      200: {
        description: "An Excel workbook",
        content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...problems(400),
    },
  }),
};

export interface StatsAppDeps {
  stats: StatsStore;
  catalogue: Pick<CatalogueRepository, "load">;
  now: () => Date;
  /** How long a loaded catalogue is reused (ms); default 60 s, as the catalogue API's snapshot. */
  catalogueTtlMs?: number;
}

/** The catalogue loaded at most once a `ttlMs` by a warm function: a summary then reads only statistics rows. */
function cachedCatalogue(repository: Pick<CatalogueRepository, "load">, ttlMs: number): Pick<CatalogueRepository, "load"> {
  let cached: { at: number; value: ReturnType<CatalogueRepository["load"]> } | undefined;
  return {
    load() {
      if (!cached || Date.now() - cached.at > ttlMs) {
        const value = repository.load();
        cached = { at: Date.now(), value };
        value.catch(() => (cached = undefined)); // a failed load is retried by the next request
      }
      return cached.value;
    },
  };
}

/** The CSV columns are the API row's fields, in the same order, so the two never drift. */
const CSV_COLUMNS = Object.keys(
  presentRow({ date: "", scope: "agency", key: "", tier: null, counts: zeroCounts() }),
) as (keyof ReturnType<typeof presentRow>)[];

/** docs/api.md "Statistics": public, read-only, from the rows the daily job wrote. */
export function statsApp(deps: StatsAppDeps) {
  let catalogue: Pick<CatalogueRepository, "load"> | undefined;
  const current = () => (catalogue ??= cachedCatalogue(deps.catalogue, deps.catalogueTtlMs ?? 60_000));
  const range = (q: { from?: string; to?: string }) => {
    const to = q.to ?? addDays(vietnamDate(deps.now()), -1);
    return { from: q.from ?? addDays(to, -29), to };
  };
  return createApp()
    .openapi(routes.daily, async (c) => {
      const q = c.req.valid("query");
      const items = await dailyRows(deps.stats, { ...q, ...range(q) });
      c.header("cache-control", "public, max-age=300");
      const wantsCsv = q.format === "csv" || (!q.format && /\btext\/csv\b/.test(c.req.header("accept") ?? ""));
      if (wantsCsv) {
        const rows = items.map((row) => CSV_COLUMNS.map((col) => (row[col] === null ? "" : String(row[col]))));
        c.header("content-disposition", `attachment; filename="thong-ke-${range(q).from}-${range(q).to}.csv"`);
        // Excel opens a UTF-8 CSV correctly only with a BOM.
        return c.body(writeCsv([[...CSV_COLUMNS], ...rows], { bom: true }), 200, { "content-type": "text/csv; charset=utf-8" });
      }
      return c.json({ items }, 200);
    })
    .openapi(routes.summary, async (c) => {
      const q = c.req.valid("query");
      c.header("cache-control", "public, max-age=300");
      return c.json(await summary(deps.stats, current(), { ...q, ...range(q) }), 200);
    })
    .openapi(routes.report, async (c) => {
      const q = c.req.valid("query");
      const period = range(q);
      const figures = await summary(deps.stats, current(), { ...q, ...period });
      // Loaded on first use: the summary and daily routes never pay for exceljs.
      const { statsWorkbook } = await import("./stats-report");
      const bytes = await statsWorkbook(figures);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": XLSX,
        "content-disposition": `attachment; filename="thong-ke-${period.from}-${period.to}.xlsx"`,
        "cache-control": "public, max-age=300",
      });
    });
}
