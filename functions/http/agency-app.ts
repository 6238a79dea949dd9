import { createRoute, z } from "@hono/zod-openapi";
import { resolveApiKey, type AgencyIdentity } from "../core/agency/keys";
import { getForAgency, inbox, type AgencyActor, type DossierDeps } from "../core/dossier/access";
import { agencyAction, AgencyActionInput, DeclareResultInput } from "../core/dossier/agency";
import { declareResult } from "../core/dossier/attachments";
import type { ApiKeyRepository, EventLog } from "../core/ports";
import { createApp } from "./app";
import { DossierEventSchema, DossierStatusSchema, FullDossierSchema, UploadTicketSchema } from "./contract";
import { eventView, fullView } from "./presenters";
import { bearer, Cursor, jsonBody, jsonResponse, Limit, problems } from "./schemas";

const tags = ["Agency"];
const security = [{ agencyKey: [] }];
const CodeParam = z.object({ code: z.string().min(1).max(64) });
const AgencyDossier = FullDossierSchema;
const DateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "request.date_format" });

const routes = {
  inbox: createRoute({
    method: "get",
    path: "/v1/agency/dossiers",
    tags,
    security,
    summary: "The caller agency's dossiers, oldest due first",
    request: {
      query: z.object({ status: DossierStatusSchema.optional(), from: DateParam.optional(), to: DateParam.optional(), limit: Limit, cursor: Cursor }),
    },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(AgencyDossier), nextCursor: z.string().nullable() }),
        "A page of the inbox (files listed without download links: open one dossier for those)",
      ),
      ...problems(400, 401),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/agency/dossiers/{code}",
    tags,
    security,
    summary: "One of the caller's dossiers, in full",
    request: { params: CodeParam },
    responses: { 200: jsonResponse(AgencyDossier, "The dossier"), ...problems(401, 403, 404) },
  }),
  action: createRoute({
    method: "post",
    path: "/v1/agency/dossiers/{code}/actions",
    tags,
    security,
    summary: "Move the dossier one step (conditional on expectedVersion)",
    request: { params: CodeParam, ...jsonBody(AgencyActionInput) },
    responses: { 200: jsonResponse(AgencyDossier, "The dossier with its new status and version"), ...problems(400, 401, 403, 404, 409, 422) },
  }),
  results: createRoute({
    method: "post",
    path: "/v1/agency/dossiers/{code}/results",
    tags,
    security,
    summary: "Declare a result document and get its presigned upload",
    request: { params: CodeParam, ...jsonBody(DeclareResultInput) },
    responses: {
      201: jsonResponse(UploadTicketSchema, "Upload straight to storage with these"),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
  events: createRoute({
    method: "get",
    path: "/v1/agency/dossiers/{code}/events",
    tags,
    security,
    summary: "The dossier's domain events, oldest first",
    description:
      "Written by the event log's consumer, at least once and deduplicated by `id`: an event appears here shortly after its change.",
    request: { params: CodeParam, query: z.object({ limit: Limit, cursor: Cursor }) },
    responses: {
      200: jsonResponse(z.object({ items: z.array(DossierEventSchema), nextCursor: z.string().nullable() }), "A page of events"),
      ...problems(400, 401, 403, 404),
    },
  }),
};

export interface AgencyDeps extends DossierDeps {
  keys: ApiKeyRepository;
  events: EventLog;
}

/**
 * The agency side of docs/api.md. Deployed, API Gateway's Lambda authorizer has already resolved the key and passes the
 * agency in its context; locally (or without an authorizer) the same resolution runs here.
 */
export function agencyApp(deps: AgencyDeps) {
  const app = createApp();
  app.openAPIRegistry.registerComponent("securitySchemes", "agencyKey", {
    type: "http",
    scheme: "bearer",
    description: "The agency's API key (npm run cli -- keys create --agency <code>)",
  });
  app.use("/v1/agency/*", async (c, next) => {
    const context = (c.env as { event?: { requestContext?: { authorizer?: { lambda?: Partial<AgencyIdentity> } } } } | undefined)
      ?.event?.requestContext?.authorizer?.lambda;
    const identity =
      context?.agencyCode && context.keyId
        ? { agencyCode: context.agencyCode, keyId: context.keyId }
        : await resolveApiKey(deps.keys, bearer(c.req.header("authorization")));
    c.set("agencyCode", identity.agencyCode);
    c.set("keyId", identity.keyId);
    c.header("cache-control", "no-store");
    await next();
  });
  const who = (c: { get(key: "agencyCode" | "keyId"): string | undefined }): AgencyActor => ({
    type: "agency",
    agencyCode: c.get("agencyCode")!,
    keyId: c.get("keyId")!,
  });
  const view = (dossier: Parameters<typeof fullView>[0]) => fullView(dossier, deps.now(), deps);

  return app
    .openapi(routes.inbox, async (c) => {
      const page = await inbox(deps, who(c), c.req.valid("query"));
      const items = await Promise.all(page.items.map((dossier) => fullView(dossier, deps.now())));
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.get, async (c) => c.json(await view(await getForAgency(deps, who(c), c.req.valid("param").code)), 200))
    .openapi(routes.action, async (c) => {
      const dossier = await agencyAction(deps, who(c), c.req.valid("param").code, c.req.valid("json"));
      return c.json(await view(dossier), 200);
    })
    .openapi(routes.results, async (c) => {
      const ticket = await declareResult(deps, who(c), c.req.valid("param").code, c.req.valid("json"));
      return c.json(ticket, 201);
    })
    .openapi(routes.events, async (c) => {
      const { code } = c.req.valid("param");
      await getForAgency(deps, who(c), code);
      const page = await deps.events.list(code, c.req.valid("query"));
      return c.json({ items: page.items.map(eventView), nextCursor: page.nextCursor }, 200);
    });
}
