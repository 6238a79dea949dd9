import { z } from "@hono/zod-openapi";
import { CHANNELS, DOSSIER_STATUSES, IdType, RESOLUTIONS, TIMELINE_ACTIONS } from "../core/dossier/model";
import { EVENT_TYPES } from "../core/dossier/events";
import { HOLDER_ACTIONS } from "../core/dossier/decide";
import { Delivery } from "../core/catalogue/model";

/**
 * The dossier side of the HTTP contract (docs/api.md), written once: the route definitions (OpenAPI) use these schemas,
 * the presenters (presenters.ts) produce values of their types, and the web front-end takes its types from here,
 * type-only (web/src/types.ts), so nothing here reaches the browser bundle.
 */

export const DossierStatusSchema = z.enum(DOSSIER_STATUSES).openapi("DossierStatusCode");
export const TimelineActionSchema = z.enum(TIMELINE_ACTIONS);
export const ResolutionSchema = z.enum(RESOLUTIONS);
const PaymentState = z.enum(["pending", "paid", "failed", "refunded"]);

export const ActorSchema = z
  .union([
    z.object({ type: z.literal("citizen") }),
    z.object({ type: z.literal("agency"), agencyCode: z.string(), keyId: z.string().optional() }),
    z.object({ type: z.literal("officer"), agencyCode: z.string(), officerId: z.string(), name: z.string() }),
    z.object({ type: z.literal("system") }),
  ])
  .openapi("Actor");

const PublicTimelineItem = z.object({ status: DossierStatusSchema, action: TimelineActionSchema, at: z.string() });

export const TimelineEntrySchema = z
  .object({ action: TimelineActionSchema, status: DossierStatusSchema, at: z.string(), by: ActorSchema, note: z.string().optional() })
  .openapi("TimelineEntry");

export const PublicPaymentSchema = z
  .object({
    status: PaymentState,
    currency: z.literal("VND"),
    provider: z.string(),
    paidAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi("PublicPayment", {
    description: "The current online payment attempt: its state only (no amount, no reference: codes are sequential, so this view is public to anyone)",
  });

/** `GET /v1/dossiers/{code}/status`: anyone's view, no personal data and no notes that could carry it. */
export const PublicStatusSchema = z
  .object({
    code: z.string(),
    procedureCode: z.string(),
    procedureName: z.string(),
    agencyCode: z.string(),
    receivingAgencyCode: z.string(),
    status: DossierStatusSchema,
    submittedAt: z.string().nullable(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolution: ResolutionSchema.nullable(),
    overdue: z.boolean(),
    clockPaused: z.boolean().openapi({ description: "Waiting for the citizen's supplement: the clock does not run" }),
    apology: z.object({ text: z.string(), newDueAt: z.string(), at: z.string() }).nullable(),
    payment: PublicPaymentSchema.nullable(),
    timeline: z.array(PublicTimelineItem),
  })
  .openapi("DossierStatus");

export const PaymentSchema = z
  .object({
    status: PaymentState,
    amount: z.number().int(),
    provider: z.string(),
    reference: z.string(),
    currency: z.literal("VND").optional(),
    createdAt: z.string().optional(),
    expiresAt: z.string().optional(),
    paymentUrl: z.string().optional(),
    locale: z.enum(["vi", "en"]).optional(),
    paidAt: z.string().optional(),
    transactionNo: z.string().optional(),
    responseCode: z.string().optional(),
    failedAt: z.string().optional(),
    failure: z.enum(["gateway", "expired", "superseded"]).optional(),
  })
  .openapi("Payment");

export const FileViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["document", "result"]),
    documentKey: z.string(),
    fileName: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    state: z.enum(["declared", "verified"]),
    round: z.number().int().nullable(),
    declaredAt: z.string(),
    download: z.object({ url: z.string(), expiresAt: z.string() }).nullable(),
    /**
     * The malware scan, where it decides whether the file can be opened now (deployed, storage serves a file only once
     * GuardDuty has found it clean): `pending` — the link works once the scan is done; `infected`, `failed` — no link.
     * Null when nothing stands in the way of the link (or there is none).
     */
    scan: z.enum(["pending", "infected", "failed"]).nullable(),
    /** Malware found in the file after it was handed in: it was withdrawn and is never served (no link). */
    malware: z.object({ signature: z.string(), at: z.string() }).nullable(),
  })
  .openapi("DossierFile");

/** `GET /v1/dossiers/{code}` (the holder) and the agency's view: everything but the token's hash. */
export const FullDossierSchema = PublicStatusSchema.extend({
  version: z.number().int(),
  createdAt: z.string(),
  applicant: z.object({
    fullName: z.string(),
    idType: z.enum(IdType.options),
    idNumber: z.string(),
    phone: z.string(),
    email: z.string().optional(),
    address: z.string().optional(),
  }),
  delivery: z.enum(Delivery.options),
  channel: z.enum(CHANNELS),
  formData: z.record(z.string(), z.unknown()),
  /** The version of the procedure's form the answers follow (`GET /v1/procedures/{code}/forms/{version}`). */
  formVersion: z.number().int().nullable().optional(),
  timeline: z.array(TimelineEntrySchema),
  payment: PaymentSchema.nullable(),
  payments: z.array(PaymentSchema).optional(),
  firstReceivedAt: z.string().optional(),
  endedAt: z.string().optional(),
  supplementRequests: z.number().int(),
  supplementNote: z.string().optional(),
  supplementItems: z.array(z.object({ documentKey: z.string(), reason: z.string() })).optional(),
  feedback: z.object({ rating: z.number().int(), comment: z.string().optional(), at: z.string() }).optional(),
  assignee: z.object({ officerId: z.string(), name: z.string() }).optional(),
  clock: z.object({
    processingDays: z.number(),
    unit: z.enum(["working_days", "calendar_days"]),
    supplement: z.enum(["pause", "restart"]),
  }),
  round: z.number().int(),
  attachments: z.array(FileViewSchema),
  results: z.array(FileViewSchema),
  actions: z
    .array(z.enum(HOLDER_ACTIONS))
    .optional()
    .openapi({ description: "What the holder may do now (in the holder's view): the API's own rules, so clients need no copy of them" }),
}).openapi("Dossier");

export const UploadTicketSchema = z
  .object({
    attachmentId: z.string(),
    documentKey: z.string(),
    upload: z.object({ method: z.literal("PUT"), url: z.string(), headers: z.record(z.string(), z.string()), expiresAt: z.string() }),
    expiresAt: z.string(),
  })
  .openapi("UploadTicket");

/** `POST /v1/officer/dossiers/{code}/documents`: an upload ticket for a paper, or none when it is attached already. */
export const PaperTicketSchema = z
  .object({
    attachmentId: z.string(),
    documentKey: z.string(),
    state: z.enum(["declared", "verified"]).openapi({ description: "`verified`: the same file is attached already; nothing to upload" }),
    upload: UploadTicketSchema.shape.upload.nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi("PaperTicket");

export const CreatedSchema = z
  .object({
    code: z.string(),
    accessToken: z.string().openapi({ description: "Shown once; keep it: it cannot be recovered" }),
    status: z.literal("draft"),
    procedureCode: z.string(),
    agencyCode: z.string(),
    createdAt: z.string(),
    version: z.number(),
    uploads: z.array(UploadTicketSchema).openapi({ description: "An upload ticket for each file declared with the dossier, in order" }),
  })
  .openapi("DossierCreated");

export const SubmittedSchema = z
  .object({ code: z.string(), status: z.literal("submitted"), submittedAt: z.string(), version: z.number() })
  .openapi("DossierSubmitted");

/** `GET /v1/agency/dossiers/{code}/events`: the dossier's domain events, oldest first. */
export const DossierEventSchema = z
  .object({
    id: z.string().openapi({ description: "Stable: `<code>/<version>/<index>`; the same event always has the same id" }),
    type: z.enum(EVENT_TYPES),
    dossierCode: z.string(),
    version: z.number().int(),
    at: z.string(),
    actor: ActorSchema,
    data: z.looseObject({
      status: DossierStatusSchema,
      previousStatus: DossierStatusSchema,
      procedureCode: z.string(),
      agencyCode: z.string(),
      receivingAgencyCode: z.string(),
      dueAt: z.string().nullable(),
    }),
  })
  .openapi("DossierEvent");

export type PublicStatus = z.infer<typeof PublicStatusSchema>;
export type FullDossier = z.infer<typeof FullDossierSchema>;
export type FileView = z.infer<typeof FileViewSchema>;
export type CreatedDossierView = z.infer<typeof CreatedSchema>;
export type UploadTicket = z.infer<typeof UploadTicketSchema>;
export type PaperTicket = z.infer<typeof PaperTicketSchema>;
export type DossierEventView = z.infer<typeof DossierEventSchema>;
export type TimelineEntryView = z.infer<typeof TimelineEntrySchema>;
export type PaymentView = z.infer<typeof PaymentSchema>;
export type PublicPaymentView = z.infer<typeof PublicPaymentSchema>;

// ------------------------------------------------------------------------------------------------ officers

export const OfficerRoleSchema = z.enum(["intake", "specialist", "leader", "admin", "operator"]).openapi("OfficerRole");

/** `GET /v1/officer/me` */
export const OfficerMeSchema = z
  .object({
    officerId: z.string(),
    username: z.string(),
    name: z.string(),
    agencyCode: z.string(),
    agencyName: z.string().optional(),
    roles: z.array(OfficerRoleSchema),
    /** What the caller's roles allow on their own agency's dossiers (the authorization matrix). */
    permissions: z.array(z.string()),
  })
  .openapi("OfficerMe");

/** `GET /v1/officer/config` (public): what the back-office web needs to sign in. */
export const OfficerConfigSchema = z
  .object({ issuer: z.string(), clientId: z.string(), scopes: z.string(), audience: z.string() })
  .openapi("OfficerConfig");

export const InboxTabSchema = z.enum(["new", "processing", "waiting_citizen", "due_soon", "overdue", "done"]).openapi("InboxTab");

/** One row of the officer inbox: what the tab's table shows of a dossier (read from the agency's inbox shelf). */
export const OfficerInboxRowSchema = z
  .object({
    code: z.string(),
    version: z.number().int(),
    status: DossierStatusSchema,
    procedureCode: z.string(),
    procedureName: z.string(),
    agencyCode: z.string(),
    receivingAgencyCode: z.string(),
    channel: z.enum(CHANNELS),
    applicantName: z.string(),
    submittedAt: z.string().nullable(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolution: ResolutionSchema.nullable(),
    endedAt: z.string().nullable(),
    assignee: z.object({ officerId: z.string(), name: z.string() }).nullable(),
    paymentStatus: PaymentState.nullable(),
    clockPaused: z.boolean(),
    tabs: z.array(InboxTabSchema),
    /** Working minutes until the due time, negative when overdue; null without a due time or once decided. */
    workingMinutesLeft: z.number().int().nullable(),
  })
  .openapi("OfficerInboxRow");

export const OfficerInboxSchema = z
  .object({
    items: z.array(OfficerInboxRowSchema),
    nextCursor: z.string().nullable(),
    /** Dossiers per tab in the agency, not narrowed by status, assignee or search. */
    counts: z.record(InboxTabSchema, z.number().int()),
    /** Tabs holding at least their count: counts stop at 1,000 per shelf, so that a count costs a bounded read. */
    capped: z.array(InboxTabSchema),
  })
  .openapi("OfficerInbox");

export const OfficerSummarySchema = z
  .object({ officerId: z.string(), username: z.string(), name: z.string(), agencyCode: z.string(), roles: z.array(OfficerRoleSchema), disabled: z.boolean() })
  .openapi("OfficerSummary");

export type OfficerMe = z.infer<typeof OfficerMeSchema>;
export type OfficerConfig = z.infer<typeof OfficerConfigSchema>;
export type OfficerInbox = z.infer<typeof OfficerInboxSchema>;
export type OfficerInboxRow = z.infer<typeof OfficerInboxRowSchema>;
export type OfficerSummary = z.infer<typeof OfficerSummarySchema>;
