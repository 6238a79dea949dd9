import { pickLanguage } from "../core/messages";
import { createRoute, z } from "@hono/zod-openapi";
import { getPublic, getWithToken, type DossierDeps } from "../core/dossier/access";
import { declareAttachment } from "../core/dossier/attachments";
import { CreateDossierInput, DeclareAttachmentInput } from "../core/dossier/model";
import { createDossier, giveFeedback, submitDossier, supplementDossier, withdrawDossier } from "../core/dossier/submission";
import { createApp } from "./app";
import { CreatedSchema, FullDossierSchema, PublicStatusSchema, SubmittedSchema, UploadTicketSchema } from "./contract";
import { holderView, publicView } from "./presenters";
import { bearer, IdempotencyHeader, jsonBody, jsonResponse, problems } from "./schemas";

const tags = ["Dossiers (citizen)"];
const CodeParam = z.object({ code: z.string().min(1).max(64).openapi({ example: "000.00.15.H99-261124-0001" }) });
const TokenHeader = z.object({
  authorization: z.string().optional().openapi({ description: "Bearer <accessToken> returned at creation" }),
});
const security = [{ accessToken: [] }];
const FullDossier = FullDossierSchema;
const PublicStatus = PublicStatusSchema;
const Created = CreatedSchema;
const UploadTicket = UploadTicketSchema;

// Core schemas are plain zod (the core imports no Hono), so they are used as they are, inline in the document.
const DeclareBody = DeclareAttachmentInput;

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/dossiers",
    tags,
    summary: "Create a draft dossier",
    request: { headers: IdempotencyHeader, ...jsonBody(CreateDossierInput) },
    responses: { 201: jsonResponse(Created, "The draft, its code and its access token"), ...problems(400, 404, 409, 413, 415, 422) },
  }),
  attach: createRoute({
    method: "post",
    path: "/v1/dossiers/{code}/attachments",
    tags,
    security,
    summary: "Declare a file and get a presigned upload",
    request: { params: CodeParam, headers: TokenHeader.extend(IdempotencyHeader.shape), ...jsonBody(DeclareBody) },
    responses: { 201: jsonResponse(UploadTicket, "Upload straight to storage with these"), ...problems(400, 404, 409, 422) },
  }),
  submit: createRoute({
    method: "post",
    path: "/v1/dossiers/{code}/submit",
    tags,
    security,
    summary: "Submit: every required document uploaded and matching its declaration",
    request: { params: CodeParam, headers: TokenHeader },
    responses: {
      200: jsonResponse(SubmittedSchema, "Submitted"),
      ...problems(404, 409, 422),
    },
  }),
  status: createRoute({
    method: "get",
    path: "/v1/dossiers/{code}/status",
    tags,
    summary: "Public status: no personal data",
    request: { params: CodeParam },
    responses: { 200: jsonResponse(PublicStatus, "The public status and timeline"), ...problems(404) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/dossiers/{code}",
    tags,
    security,
    summary: "The whole dossier, for its holder",
    request: { params: CodeParam, headers: TokenHeader },
    responses: { 200: jsonResponse(FullDossier, "Everything, with short-lived download links"), ...problems(404) },
  }),
  withdraw: createRoute({
    method: "post",
    path: "/v1/dossiers/{code}/withdraw",
    tags,
    security,
    summary: "Withdraw (before a result exists)",
    request: { params: CodeParam, headers: TokenHeader, ...jsonBody(z.object({ reason: z.string().trim().min(1).max(2000) })) },
    responses: { 200: jsonResponse(FullDossier, "Withdrawn"), ...problems(400, 404, 409) },
  }),
  supplement: createRoute({
    method: "post",
    path: "/v1/dossiers/{code}/supplement",
    tags,
    security,
    summary: "Answer a supplement request after uploading the new documents",
    request: {
      params: CodeParam,
      headers: TokenHeader,
      body: { required: false, content: { "application/json": { schema: z.object({ note: z.string().max(2000).optional() }) } } },
    },
    responses: { 200: jsonResponse(FullDossier, "Back to received; the clock resumes"), ...problems(400, 404, 409, 422) },
  }),
  feedback: createRoute({
    method: "post",
    path: "/v1/dossiers/{code}/feedback",
    tags,
    security,
    summary: "Rate a returned dossier (once)",
    request: {
      params: CodeParam,
      headers: TokenHeader,
      ...jsonBody(z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() })),
    },
    responses: { 200: jsonResponse(FullDossier, "Recorded"), ...problems(400, 404, 409) },
  }),
};

/** The citizen side of docs/api.md "Dossiers". */
export function dossiersApp(deps: DossierDeps) {
  const app = createApp();
  app.openAPIRegistry.registerComponent("securitySchemes", "accessToken", {
    type: "http",
    scheme: "bearer",
    description: "The dossier's access token, returned once at creation",
  });
  const token = (c: { req: { header(name: string): string | undefined } }) => bearer(c.req.header("authorization"));
  const full = async (dossier: Parameters<typeof holderView>[0]) =>
    holderView(dossier, deps.now(), deps, await deps.catalogue.getProcedure(dossier.procedureCode));

  return app
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      // The citizen's language, for their notifications: as asked, else the browser's (the web sends both).
      const input = { ...body, language: body.language ?? pickLanguage(c.req.header("accept-language")) };
      const created = await createDossier(deps, input, c.req.valid("header")["idempotency-key"]);
      c.header("cache-control", "no-store");
      c.header("location", `/v1/dossiers/${created.code}`);
      return c.json({ ...created, status: "draft" as const }, 201);
    })
    .openapi(routes.attach, async (c) => {
      const ticket = await declareAttachment(
        deps,
        c.req.valid("param").code,
        token(c),
        c.req.valid("json"),
        c.req.valid("header")["idempotency-key"],
      );
      c.header("cache-control", "no-store");
      return c.json(ticket, 201);
    })
    .openapi(routes.submit, async (c) => {
      const dossier = await submitDossier(deps, c.req.valid("param").code, token(c));
      return c.json(
        { code: dossier.code, status: "submitted" as const, submittedAt: dossier.submittedAt!, version: dossier.version },
        200,
      );
    })
    .openapi(routes.status, async (c) => {
      const dossier = await getPublic(deps, c.req.valid("param").code);
      c.header("cache-control", "no-store");
      return c.json(publicView(dossier, deps.now()), 200);
    })
    .openapi(routes.get, async (c) => {
      const dossier = await getWithToken(deps, c.req.valid("param").code, token(c));
      c.header("cache-control", "no-store");
      return c.json(await full(dossier), 200);
    })
    .openapi(routes.withdraw, async (c) => {
      const dossier = await withdrawDossier(deps, c.req.valid("param").code, token(c), c.req.valid("json").reason);
      return c.json(await full(dossier), 200);
    })
    .openapi(routes.supplement, async (c) => {
      const body = (c.req.valid("json") ?? {}) as { note?: string };
      const dossier = await supplementDossier(deps, c.req.valid("param").code, token(c), body.note);
      return c.json(await full(dossier), 200);
    })
    .openapi(routes.feedback, async (c) => {
      const dossier = await giveFeedback(deps, c.req.valid("param").code, token(c), c.req.valid("json"));
      return c.json(await full(dossier), 200);
    });
}
