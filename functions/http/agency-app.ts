import { createRoute, z } from "@hono/zod-openapi";
import { resolveApiKey, type AgencyIdentity } from "../core/agency/keys";
import { getForAgency, inbox, type AgencyActor, type DossierDeps } from "../core/dossier/access";
import { agencyAction, AgencyActionInput, DeclareResultInput } from "../core/dossier/agency";
import { declareResult } from "../core/dossier/attachments";
import type { ApiKeyRepository, EventLog } from "../core/ports";
import type { WebhookDelivery, WebhookSubscription } from "../core/notify/ports";
import {
  ownSubscription,
  pingSubscription,
  replayDelivery,
  rotateSecret,
  subscribe,
  SubscribeInput,
  unsubscribe,
  type WebhookDeps,
} from "../core/notify/webhooks";
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

const webhookTags = ["Webhooks"];
const HookParam = z.object({ id: z.string().min(1).max(64) });
const SubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).nullable().openapi({ description: "The event types sent; null: every type" }),
    createdAt: z.string(),
    secrets: z.array(z.object({ prefix: z.string(), createdAt: z.string(), expiresAt: z.string().optional() })).openapi({
      description: "The secrets that sign now (their first characters only; a secret is shown once, when made)",
    }),
  })
  .openapi("WebhookSubscription");
const DeliverySchema = z
  .object({
    deliveryId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "dead"]),
    attemptCount: z.number().int(),
    attempts: z.array(z.object({ at: z.string(), status: z.number().int().optional(), latencyMs: z.number(), error: z.string().optional() })),
    createdAt: z.string(),
    deliveredAt: z.string().optional(),
    nextAttemptAt: z.string().optional(),
    lastError: z.string().optional(),
  })
  .openapi("WebhookDelivery");
const subscriptionView = (s: WebhookSubscription) => ({
  id: s.id,
  url: s.url,
  events: s.events,
  createdAt: s.createdAt,
  secrets: s.secrets.map((secret) => ({ prefix: `${secret.secret.slice(0, 10)}…`, createdAt: secret.createdAt, ...(secret.expiresAt ? { expiresAt: secret.expiresAt } : {}) })),
});
const deliveryView = ({ payload: _p, subscriptionId: _s, agencyCode: _a, eventAt: _e, ...d }: WebhookDelivery) => d;

const webhookRoutes = {
  create: createRoute({
    method: "post",
    path: "/v1/agency/webhooks",
    tags: webhookTags,
    security,
    summary: "Subscribe a URL to the agency's dossier events (Standard Webhooks)",
    description: "The answer holds the signing secret, shown this once. Deployed, only public https URLs are accepted.",
    request: jsonBody(SubscribeInput),
    responses: {
      201: jsonResponse(z.object({ id: z.string(), secret: z.string(), subscription: SubscriptionSchema }), "Subscribed"),
      ...problems(400, 401, 422),
    },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/agency/webhooks",
    tags: webhookTags,
    security,
    summary: "The agency's webhook subscriptions",
    responses: { 200: jsonResponse(z.object({ items: z.array(SubscriptionSchema) }), "Subscriptions"), ...problems(401) },
  }),
  remove: createRoute({
    method: "delete",
    path: "/v1/agency/webhooks/{id}",
    tags: webhookTags,
    security,
    summary: "Remove a subscription",
    request: { params: HookParam },
    responses: { 204: { description: "Removed" }, ...problems(401, 404) },
  }),
  rotate: createRoute({
    method: "post",
    path: "/v1/agency/webhooks/{id}/rotate",
    tags: webhookTags,
    security,
    summary: "A new signing secret (shown once); the current ones keep signing for the grace period",
    request: { params: HookParam },
    responses: { 200: jsonResponse(z.object({ secret: z.string(), previousValidUntil: z.string() }), "Rotated"), ...problems(401, 404) },
  }),
  ping: createRoute({
    method: "post",
    path: "/v1/agency/webhooks/{id}/test",
    tags: webhookTags,
    security,
    summary: "Queue a `webhook.ping` delivery to the subscription",
    request: { params: HookParam },
    responses: { 202: jsonResponse(DeliverySchema, "Queued"), ...problems(401, 404) },
  }),
  deliveries: createRoute({
    method: "get",
    path: "/v1/agency/webhooks/{id}/deliveries",
    tags: webhookTags,
    security,
    summary: "The subscription's deliveries, newest first, with every attempt (status, latency, error)",
    request: { params: HookParam, query: z.object({ limit: Limit, cursor: Cursor }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }), "Deliveries"), ...problems(400, 401, 404) },
  }),
  replay: createRoute({
    method: "post",
    path: "/v1/agency/webhooks/{id}/deliveries/{deliveryId}/replay",
    tags: webhookTags,
    security,
    summary: "Send a delivery again (a dead-lettered one, or one the receiver lost)",
    request: { params: HookParam.extend({ deliveryId: z.string().min(1).max(80) }) },
    responses: { 202: jsonResponse(DeliverySchema, "Queued again"), ...problems(401, 404) },
  }),
};

export interface AgencyDeps extends DossierDeps {
  keys: ApiKeyRepository;
  events: EventLog;
  webhooks: WebhookDeps;
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
    })
    .openapi(webhookRoutes.create, async (c) => {
      const { subscription, secret } = await subscribe(deps.webhooks, who(c).agencyCode, c.req.valid("json"));
      return c.json({ id: subscription.id, secret, subscription: subscriptionView(subscription) }, 201);
    })
    .openapi(webhookRoutes.list, async (c) => {
      const items = await deps.webhooks.webhooks.listSubscriptions(who(c).agencyCode);
      return c.json({ items: items.map(subscriptionView) }, 200);
    })
    .openapi(webhookRoutes.remove, async (c) => {
      await unsubscribe(deps.webhooks, who(c).agencyCode, c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(webhookRoutes.rotate, async (c) => c.json(await rotateSecret(deps.webhooks, who(c).agencyCode, c.req.valid("param").id), 200))
    .openapi(webhookRoutes.ping, async (c) => c.json(deliveryView(await pingSubscription(deps.webhooks, who(c).agencyCode, c.req.valid("param").id)), 202))
    .openapi(webhookRoutes.deliveries, async (c) => {
      const { id } = c.req.valid("param");
      await ownSubscription(deps.webhooks, who(c).agencyCode, id);
      const page = await deps.webhooks.webhooks.listDeliveries(id, c.req.valid("query"));
      return c.json({ items: page.items.map(deliveryView), nextCursor: page.nextCursor }, 200);
    })
    .openapi(webhookRoutes.replay, async (c) => {
      const { id, deliveryId } = c.req.valid("param");
      return c.json(deliveryView(await replayDelivery(deps.webhooks, who(c).agencyCode, id, deliveryId)), 202);
    });
}
