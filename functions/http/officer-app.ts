import { createRoute, z } from "@hono/zod-openapi";
import { DeclareResultInput, OfficerActionInput } from "../core/dossier/agency";
import { declareResult } from "../core/dossier/attachments";
import { DeclareAttachmentInput } from "../core/dossier/model";
import { officerAttachPaper, officerDeclarePaper } from "../core/officer/papers";
import { PaperTicketSchema } from "./contract";
import { CreateDossierInput } from "../core/dossier/model";
import { NotFoundError } from "../core/errors";
import { assertMay, mayDo, OFFICER_PERMISSIONS } from "../core/officer/authorization";
import { OFFICER_ROLES, officerSummary, type Officer } from "../core/officer/model";
import { INBOX_TABS } from "../core/officer/inbox";
import {
  actorOf,
  agencyOfficers,
  changeOfficer,
  officerAction,
  officerCounterIntake,
  officerDossier,
  officerInbox,
  officerOf,
  trackingBook,
  type OfficerDeps,
} from "../core/officer/service";
import { writeCsv } from "../core/csv";
import { createApp } from "./app";
import {
  DossierStatusSchema,
  FullDossierSchema,
  OfficerConfigSchema,
  OfficerInboxSchema,
  OfficerMeSchema,
  OfficerSummarySchema,
  UploadTicketSchema,
} from "./contract";
import { renderSlip, SLIPS } from "./officer-slips";
import { fullView, inboxRowView } from "./presenters";
import { bearer, Cursor, IdempotencyHeader, jsonBody, jsonResponse, Limit, problems } from "./schemas";

const tags = ["Officer"];
const security = [{ officerToken: [] }];
const CodeParam = z.object({ code: z.string().min(1).max(64) });

const CounterDossierInput = CreateDossierInput.omit({ attachments: true }).extend({
  note: z.string().trim().max(4000).optional(),
});

const routes = {
  config: createRoute({
    method: "get",
    path: "/v1/officer/config",
    tags,
    summary: "The OpenID Connect settings the back-office web signs in with (public)",
    responses: { 200: jsonResponse(OfficerConfigSchema, "Issuer, client id, scopes, audience") },
  }),
  me: createRoute({
    method: "get",
    path: "/v1/officer/me",
    tags,
    security,
    summary: "The signed-in officer: agency, roles, what they may do",
    responses: { 200: jsonResponse(OfficerMeSchema, "The officer"), ...problems(401, 403) },
  }),
  officers: createRoute({
    method: "get",
    path: "/v1/officer/officers",
    tags,
    security,
    summary: "The active officers of the caller's agency (to assign a dossier to); with include=disabled, every one (admins)",
    request: {
      query: z.object({
        include: z.enum(["disabled"]).optional().openapi({ description: "`disabled`: disabled officers too (who may manage officers only)" }),
        agencyCode: z.string().max(32).optional().openapi({ description: "Operators only: another agency's officers (with include=disabled)" }),
      }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(OfficerSummarySchema) }), "The officers"), ...problems(401, 403) },
  }),
  manageOfficer: createRoute({
    method: "post",
    path: "/v1/officer/officers/{officerId}",
    tags,
    security,
    summary: "Change an officer's roles, or disable (enable) them: an admin of their agency, or the operator",
    description:
      "A disabled officer is refused from their next request. Only the operator grants or takes the `operator` role (422 `officer.operator_only`); nobody disables themselves or takes away their own right to manage officers (422 `officer.self_lockout`).",
    request: {
      params: z.object({ officerId: z.string().min(1).max(128) }),
      ...jsonBody(
        z
          .object({ roles: z.array(z.enum(OFFICER_ROLES)).min(1).max(OFFICER_ROLES.length).optional(), disabled: z.boolean().optional() })
          .strict()
          .refine((b) => b.roles !== undefined || b.disabled !== undefined, { message: "give roles or disabled" }),
      ),
    },
    responses: { 200: jsonResponse(OfficerSummarySchema, "The officer as changed"), ...problems(400, 401, 403, 404, 422) },
  }),
  inbox: createRoute({
    method: "get",
    path: "/v1/officer/dossiers",
    tags,
    security,
    summary: "The caller agency's dossiers by tab, sorted by due time, with counts per tab",
    description:
      "Without `tab`: every open dossier (new, processing, waiting for the citizen). `done` is newest first. Counts are the agency's, exact up to 1,000 per shelf (`capped` lists the tabs holding at least their count).",
    request: {
      query: z.object({
        tab: z.enum(INBOX_TABS).optional(),
        status: DossierStatusSchema.optional(),
        assignee: z.string().max(128).optional().openapi({ description: "An officer id, or `me`" }),
        q: z.string().max(200).optional().openapi({ description: "A dossier code or part of the applicant's name" }),
        agencyCode: z.string().max(32).optional().openapi({ description: "Operators only: another agency's inbox" }),
        limit: Limit,
        cursor: Cursor,
      }),
    },
    responses: { 200: jsonResponse(OfficerInboxSchema, "A page of the tab, and the counts of every tab"), ...problems(400, 401, 403) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/officer/dossiers/{code}",
    tags,
    security,
    summary: "One dossier in full, with download links and its timeline naming each officer",
    request: { params: CodeParam },
    responses: { 200: jsonResponse(FullDossierSchema, "The dossier"), ...problems(401, 403, 404) },
  }),
  action: createRoute({
    method: "post",
    path: "/v1/officer/dossiers/{code}/actions",
    tags,
    security,
    summary: "Move the dossier one step as the signed-in officer (conditional on expectedVersion)",
    description: "409 `dossier.version_conflict`: another officer moved it first; GET the dossier again and retry.",
    request: { params: CodeParam, ...jsonBody(OfficerActionInput) },
    responses: { 200: jsonResponse(FullDossierSchema, "The dossier with its new status and version"), ...problems(400, 401, 403, 404, 409, 422) },
  }),
  results: createRoute({
    method: "post",
    path: "/v1/officer/dossiers/{code}/results",
    tags,
    security,
    summary: "Declare a result document and get its presigned upload",
    request: { params: CodeParam, ...jsonBody(DeclareResultInput) },
    responses: { 201: jsonResponse(UploadTicketSchema, "Upload straight to storage with these"), ...problems(400, 401, 403, 404, 409, 422) },
  }),
  paper: createRoute({
    method: "post",
    path: "/v1/officer/dossiers/{code}/documents",
    tags,
    security,
    summary: "Attach one of the applicant's papers to a counter or post dossier: declare the file, get its presigned upload",
    description:
      "Intake officers, on a dossier of their agency taken in at the counter or by post, received or waiting for a supplement (the papers brought back to the desk; then the action `receive_supplement`) (422 `attachment.counter_only` for an online one: its missing papers are asked of the citizen). The procedure's documents, types and sizes, as for the citizen's uploads. The same file again (the same `Idempotency-Key`, or the same name, type, size and SHA-256) is the same paper: a fresh ticket, or `state` `verified` and no upload once attached. Upload with the ticket, then `POST …/documents/{attachmentId}/verify`.",
    request: { params: CodeParam, headers: IdempotencyHeader, ...jsonBody(DeclareAttachmentInput) },
    responses: { 201: jsonResponse(PaperTicketSchema, "Upload straight to storage with these (none when already attached)"), ...problems(400, 401, 403, 404, 409, 422) },
  }),
  paperVerify: createRoute({
    method: "post",
    path: "/v1/officer/dossiers/{code}/documents/{attachmentId}/verify",
    tags,
    security,
    summary: "Record an uploaded paper: checked in storage (size, type, SHA-256) and screened for malware, then listed",
    description:
      "422 with the paper's problem (`attachment.missing_upload`, `attachment.checksum_mismatch`, `attachment.size_mismatch`, `attachment.type_mismatch`, `attachment.content_mismatch`, `attachment.infected`, …) naming `documents.<key>`: nothing is recorded; upload again and ask again. A paper recorded already answers the dossier as it is.",
    request: { params: CodeParam.extend({ attachmentId: z.string().min(1).max(64) }) },
    responses: {
      200: jsonResponse(FullDossierSchema, "The dossier: the paper verified among its attachments, the timeline naming the officer"),
      ...problems(401, 403, 404, 409, 422),
    },
  }),
  counter: createRoute({
    method: "post",
    path: "/v1/officer/counter-dossiers",
    tags,
    security,
    summary: "A walk-in dossier entered at the desk: channel counter, received at once",
    request: { headers: IdempotencyHeader, ...jsonBody(CounterDossierInput) },
    responses: {
      201: jsonResponse(z.object({ dossier: FullDossierSchema, accessToken: z.string(), created: z.boolean() }), "The received dossier"),
      ...problems(400, 401, 403, 404, 422),
    },
  }),
  slip: createRoute({
    method: "get",
    path: "/v1/officer/dossiers/{code}/slips/{slip}",
    tags,
    security,
    summary: "A print-ready slip of Circular 01/2018 (HTML, A4)",
    request: { params: CodeParam.extend({ slip: z.string().max(32) }) },
    responses: { 200: { description: "The slip", content: { "text/html": { schema: z.string() } } }, ...problems(401, 403, 404) },
  }),
  book: createRoute({
    method: "get",
    path: "/v1/officer/tracking-book",
    tags,
    security,
    summary: "The tracking book (Circular 01/2018 form 06): dossiers received between two dates; JSON or CSV",
    request: {
      query: z.object({
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "request.date_format" }),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "request.date_format" }),
        format: z.enum(["json", "csv"]).default("json"),
        agencyCode: z.string().max(32).optional(),
      }),
    },
    responses: {
      200: {
        description: "The book's lines, oldest received first",
        content: {
          "application/json": {
            schema: z.object({
              items: z.array(
                z.object({
                  code: z.string(),
                  procedureName: z.string(),
                  applicant: z.string(),
                  channel: z.string(),
                  receivedAt: z.string(),
                  dueAt: z.string(),
                  endedAt: z.string(),
                  status: DossierStatusSchema,
                  onTime: z.enum(["", "yes", "no"]),
                }),
              ),
            }),
          },
          "text/csv": { schema: z.string() },
        },
      },
      ...problems(400, 401, 403),
    },
  }),
};

const BOOK_HEADER = ["STT", "Mã hồ sơ", "Tên thủ tục", "Người nộp", "Kênh", "Ngày nhận", "Hẹn trả", "Ngày kết thúc", "Trạng thái", "Đúng hạn"];

/** The back office (docs/api.md "Officers"): OpenID Connect access tokens, the officer looked up on every request. */
export function officerApp(deps: OfficerDeps, settings: { issuer: string; clientId: string; scopes: string; audience: string }) {
  const app = createApp();
  app.openAPIRegistry.registerComponent("securitySchemes", "officerToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "An OpenID Connect access token of the officers' provider (GET /v1/officer/config)",
  });
  app.use("/v1/officer/*", async (c, next) => {
    c.header("cache-control", "no-store");
    await next();
  });
  // No cache: a disabled officer is refused on the very next request.
  const me = (c: { req: { header(name: string): string | undefined } }): Promise<Officer> => officerOf(deps, bearer(c.req.header("authorization")));
  const view = (dossier: Parameters<typeof fullView>[0]) => fullView(dossier, deps.now(), deps);

  return app
    .openapi(routes.config, (c) => c.json(settings, 200))
    .openapi(routes.me, async (c) => {
      const officer = await me(c);
      const agency = await deps.catalogue.getAgency(officer.agencyCode);
      const permissions = OFFICER_PERMISSIONS.filter((p) => mayDo(officer, p, officer.agencyCode));
      return c.json(
        { officerId: officer.officerId, username: officer.username, name: officer.name, agencyCode: officer.agencyCode, agencyName: agency?.name, roles: officer.roles, permissions },
        200,
      );
    })
    .openapi(routes.officers, async (c) => {
      const officer = await me(c);
      const query = c.req.valid("query");
      if (query.include === "disabled") return c.json({ items: (await agencyOfficers(deps, officer, query.agencyCode)).map(officerSummary) }, 200);
      assertMay(officer, "view", officer.agencyCode);
      const items = (await deps.officers.listByAgency(officer.agencyCode)).filter((o) => !o.disabled).map(officerSummary);
      return c.json({ items }, 200);
    })
    .openapi(routes.manageOfficer, async (c) => {
      const officer = await me(c);
      const changed = await changeOfficer(deps, officer, c.req.valid("param").officerId, c.req.valid("json"), deps.now());
      return c.json(officerSummary(changed), 200);
    })
    .openapi(routes.inbox, async (c) => {
      const officer = await me(c);
      const page = await officerInbox(deps, officer, c.req.valid("query"));
      const items = page.items.map((row) => inboxRowView(row.dossier, row.tabs, row.minutesLeft));
      return c.json({ items, nextCursor: page.nextCursor, counts: page.counts, capped: page.capped }, 200);
    })
    .openapi(routes.get, async (c) => {
      const officer = await me(c);
      return c.json(await view(await officerDossier(deps, officer, c.req.valid("param").code)), 200);
    })
    .openapi(routes.action, async (c) => {
      const officer = await me(c);
      const dossier = await officerAction(deps, officer, c.req.valid("param").code, c.req.valid("json"));
      return c.json(await view(dossier), 200);
    })
    .openapi(routes.results, async (c) => {
      const officer = await me(c);
      const { code } = c.req.valid("param");
      const dossier = await officerDossier(deps, officer, code);
      assertMay(officer, "upload_result", dossier.agencyCode);
      return c.json(await declareResult(deps, actorOf(officer), code, c.req.valid("json")), 201);
    })
    .openapi(routes.paper, async (c) => {
      const officer = await me(c);
      const ticket = await officerDeclarePaper(deps, officer, c.req.valid("param").code, c.req.valid("json"), c.req.valid("header")["idempotency-key"]);
      return c.json(ticket, 201);
    })
    .openapi(routes.paperVerify, async (c) => {
      const officer = await me(c);
      const { code, attachmentId } = c.req.valid("param");
      return c.json(await view(await officerAttachPaper(deps, officer, code, attachmentId)), 200);
    })
    .openapi(routes.counter, async (c) => {
      const officer = await me(c);
      // formData was checked by the request schema (a bounded walk, core/dossier/model.ts); the intake takes its answers.
      const input = c.req.valid("json") as Parameters<typeof officerCounterIntake>[2];
      const intake = await officerCounterIntake(deps, officer, input, c.req.valid("header")["idempotency-key"]);
      return c.json({ dossier: await view(intake.dossier), accessToken: intake.accessToken, created: intake.created }, 201);
    })
    .openapi(routes.slip, async (c) => {
      const officer = await me(c);
      const { code, slip } = c.req.valid("param");
      if (!(SLIPS as readonly string[]).includes(slip)) throw new NotFoundError("officer.slip_unknown", { slip });
      const dossier = await officerDossier(deps, officer, code);
      assertMay(officer, "slips", dossier.agencyCode);
      const agency = await deps.catalogue.getAgency(dossier.agencyCode);
      const html = await renderSlip(slip as (typeof SLIPS)[number], dossier, agency?.name ?? dossier.agencyCode);
      return c.html(html, 200) as never;
    })
    .openapi(routes.book, async (c) => {
      const officer = await me(c);
      const { format, ...range } = c.req.valid("query");
      const items = await trackingBook(deps, officer, range);
      if (format === "csv") {
        const rows = items.map((l, i) => [i + 1, l.code, l.procedureName, l.applicant, l.channel, l.receivedAt, l.dueAt, l.endedAt, l.status, l.onTime]);
        return c.body(writeCsv([BOOK_HEADER, ...rows], { bom: true }), 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="so-theo-doi-${range.from}-${range.to}.csv"`,
        }) as never;
      }
      return c.json({ items }, 200);
    });
}
