import { z } from "zod";
import { Delivery, MEDIA_TYPES } from "../catalogue/model";
import type { FormAnswers } from "../forms/definition";
import { isPlainKey, isPrintableName, isWellFormed } from "../text";
import { CCCD, CHANNELS, CMND, DOSSIER_STATUSES, RESOLUTIONS, TIMELINE_ACTIONS, VN_PHONE, type Channel, type Resolution, type TimelineAction } from "./vocabulary";

export { CHANNELS, DOSSIER_STATUSES, RESOLUTIONS, TIMELINE_ACTIONS };
export type { Channel, Resolution, TimelineAction };

/**
 * A dossier (hồ sơ): one application by one citizen or business for one procedure (docs/domain.md).
 * It is one record; its timeline and attachments live inside it, so every move is a single conditional write.
 */

export const DossierStatus = z.enum(DOSSIER_STATUSES);
export type DossierStatus = z.infer<typeof DossierStatus>;

/**
 * Our statuses as the National Public Service Portal's status codes (docs/domain.md), for provinces that sync to it.
 * Kept here, the one place; exports expose it.
 */
export const NATIONAL_PORTAL_STATUS: Record<DossierStatus, number | null> = {
  draft: null,
  submitted: 1,
  received: 4,
  supplement_requested: 5,
  transferred: 4,
  approved: 9,
  denied: 9,
  returned: 10,
  rejected_intake: 3,
  withdrawn: 7,
  stopped: 8,
};

// ---- identity and contact validation (docs/domain.md "Codes"; the patterns are in vocabulary.ts) ----

export { CCCD, CMND, VN_PHONE } from "./vocabulary";

/** The birth year a CCCD encodes: 1900 + 100·⌊G/2⌋ + YY. */
export function birthYearOfCccd(id: string): number {
  const g = Number(id[3]);
  const yy = Number(id.slice(4, 6));
  return 1900 + 100 * Math.floor(g / 2) + yy;
}

/** A CCCD is plausible when its province code is one of the old 63 (001–096) and its birth year is not in the future. */
export function isPlausibleCccd(id: string, now = new Date()): boolean {
  if (!CCCD.test(id)) return false;
  const province = Number(id.slice(0, 3));
  if (province < 1 || province > 96) return false;
  const year = birthYearOfCccd(id);
  return year >= 1900 && year <= now.getUTCFullYear();
}

export const IdType = z.enum(["cccd", "cmnd"]);

export const Applicant = z
  .object({
    fullName: z
      .string()
      .trim()
      .min(2, { error: "applicant.full_name" })
      .max(200, { error: "applicant.full_name" })
      // A name is printed on slips and receipts and sent to the national portal: no NUL, no broken character.
      .refine(isPrintableName, { error: "text.not_printable" }),
    idType: IdType.default("cccd"),
    idNumber: z.string().trim(),
    phone: z
      .string()
      .trim()
      .transform((s) => s.replace(/[\s.-]/g, ""))
      .pipe(z.string().regex(VN_PHONE, { error: "applicant.phone" })),
    email: z.email({ error: "applicant.email" }).max(254).optional(),
    address: z.string().trim().max(500).refine(isWellFormed, { error: "text.not_printable" }).optional(),
  })
  .superRefine((applicant, ctx) => {
    const ok = applicant.idType === "cccd" ? isPlausibleCccd(applicant.idNumber) : CMND.test(applicant.idNumber);
    if (!ok) {
      ctx.addIssue({
        code: "custom",
        path: ["idNumber"],
        message: applicant.idType === "cccd" ? "applicant.id_number_cccd" : "applicant.id_number_cmnd",
      });
    }
  });
export type Applicant = z.infer<typeof Applicant>;

/**
 * Answers to the procedure's declaration form (tờ khai): JSON (objects, lists, strings, numbers, booleans, null),
 * bounded here; the procedure's form schema checks them in the service (core/forms/validate.ts) against the form
 * version the dossier records.
 */
/**
 * A number a form answer may hold: what DynamoDB stores exactly (it refuses magnitudes above 1e125 or below 1e-130,
 * and the SDK refuses integers past 2^53 rather than round them), so an answer is never refused by the store.
 */
const FormNumber = z
  .number()
  .refine((n) => n === 0 || (Math.abs(n) >= 1e-9 && Math.abs(n) <= Number.MAX_SAFE_INTEGER), { error: "dossier.form_number" });

const FormKey = z.string().min(1).max(100).refine(isPlainKey, { error: "dossier.form_key" }).refine(isWellFormed, { error: "dossier.form_key" });
const FormScalar = z.union([z.string().max(2000).refine(isWellFormed, { error: "text.not_printable" }), FormNumber, z.boolean(), z.null()]);

/**
 * Every key is checked on the object as it came from JSON, before the record is built, at every depth: zod drops a
 * `__proto__` key silently, and a `constructor` key made the store's marshaller fail (a 500, after a dossier number
 * was taken). Scalars as FormScalar; lists up to 50 items, objects up to 100 keys, at most 6 levels deep. (A walk,
 * not a recursive zod schema: the OpenAPI generator cannot describe a recursive one.)
 */
export const FormData = z.preprocess(
  (input, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.issues.push({ code: "custom", path, message, input });
    const walk = (value: unknown, path: (string | number)[]) => {
      if (path.length > 6) return issue(path, "dossier.form_too_big");
      if (Array.isArray(value)) {
        if (value.length > 50) return issue(path, "dossier.form_too_big");
        value.forEach((item, i) => walk(item, [...path, i]));
      } else if (value !== null && typeof value === "object") {
        const keys = Object.keys(value);
        if (keys.length > 100) return issue(path, "dossier.form_too_big");
        for (const key of keys) {
          const k = FormKey.safeParse(key);
          if (!k.success) issue([...path, key], "dossier.form_key");
          else walk((value as Record<string, unknown>)[key], [...path, key]);
        }
      } else if (path.length > 1) {
        const r = FormScalar.safeParse(value);
        if (!r.success) issue(path, r.error.issues[0]?.message ?? "dossier.form_number");
      }
    };
    if (input !== null && typeof input === "object" && !Array.isArray(input)) walk(input, []);
    return input;
  },
  z.record(FormKey, z.union([FormScalar, z.array(z.unknown()), z.record(z.string(), z.unknown())])).refine((record) => Object.keys(record).length <= 100, { error: "dossier.form_too_big" }),
);

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export const DeclareAttachmentInput = z.object({
  documentKey: z.string().min(1).max(40),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((name) => !/[\u0000-\u001f\u007f/\\]/.test(name) && isPrintableName(name), { error: "attachment.file_name" }),
  mediaType: z.enum(MEDIA_TYPES, { error: "attachment.media_type" }),
  size: z.number().int().min(1).max(1024 * 1024 * 1024),
  sha256: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(SHA256_HEX, { error: "attachment.sha256" })),
});
export type DeclareAttachmentInput = z.infer<typeof DeclareAttachmentInput>;

export const CreateDossierInput = z.object({
  procedureCode: z.string().regex(/^[0-9]\.[0-9]{6}$/, { error: "catalogue.procedure_code_format" }),
  applicant: Applicant,
  delivery: Delivery,
  formData: FormData.optional(),
  /** The files the citizen has chosen, declared with the dossier: one request, and an upload ticket each. */
  attachments: z.array(DeclareAttachmentInput).max(20).optional(),
  /** The language the citizen is told of the dossier's steps in (default: the request's Accept-Language). */
  language: z.enum(["vi", "en"]).optional(),
});
export type CreateDossierInput = z.infer<typeof CreateDossierInput>;


export type AttachmentState = "declared" | "verified";

export interface Attachment {
  id: string;
  /** `result` for an agency's result document, else the procedure's document key. */
  documentKey: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Storage key: never contains the citizen's file name. */
  objectKey: string;
  state: AttachmentState;
  declaredAt: string;
  verifiedAt?: string;
  /** Which round it was verified in (0 = the original submission, n = the n-th supplement); unset while declared. */
  round?: number;
  kind: "document" | "result";
  /**
   * Malware found in the file after it was handed in (`flag_malware`, core/dossier/malware.ts): the file was moved out
   * of reach and is never served again.
   */
  malware?: MalwareFinding;
}

/** What a malware scanner found in a file, and when the portal learnt of it. */
export interface MalwareFinding {
  /** What was found (ClamAV's signature, GuardDuty's threat name). */
  signature: string;
  /** Which scanner found it ("clamav", "guardduty"). */
  scanner: string;
  at: string;
}

/**
 * Who moved a dossier: its holder (the access token), an agency's system (an API key), a named officer of the
 * back office, or the portal itself (payment notifications, sweeps).
 */
export type Actor =
  | { type: "citizen" }
  | { type: "agency"; agencyCode: string; keyId?: string }
  | { type: "officer"; agencyCode: string; officerId: string; name: string }
  | { type: "system" };
export type ActorType = Actor["type"];


export interface TimelineEntry {
  action: TimelineAction;
  status: DossierStatus;
  at: string;
  by: Actor;
  note?: string;
  /** submit: the SHA-256 of the printed declaration (the dossier's `declaration` file), when the procedure has a form. */
  declarationSha256?: string;
}



export interface Apology {
  text: string;
  newDueAt: string;
  at: string;
  agencyCode: string;
}

/**
 * One online payment attempt (docs/domain.md "Fees and payment"); functions/core/payment moves it.
 * `failure` says why an attempt ended unpaid: the gateway said so, or it expired and a new attempt replaced it.
 */
export interface Payment {
  status: "pending" | "paid" | "failed" | "refunded";
  /** VND, the procedure's fee when the attempt was made (never an amount the client sent). */
  amount: number;
  provider: string;
  /** The merchant reference sent to the gateway (unique, alphanumeric; the gateway echoes it in its callbacks). */
  reference: string;
  paidAt?: string;
  currency?: "VND";
  createdAt?: string;
  /** After this the gateway refuses the attempt; a new request makes a fresh one. */
  expiresAt?: string;
  /** Where the citizen's browser goes to pay (the signed gateway URL); the same while the attempt is pending. */
  paymentUrl?: string;
  /** The language of the gateway's page and of the return page. */
  locale?: "vi" | "en";
  /** The gateway's transaction number and response code, from its signed notification. */
  transactionNo?: string;
  responseCode?: string;
  failedAt?: string;
  failure?: "gateway" | "expired" | "superseded";
}

export interface Dossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  /** The agency whose turn it is (changes on transfer). */
  agencyCode: string;
  /** The unit whose code the dossier code carries. */
  receivingAgencyCode: string;
  status: DossierStatus;
  version: number;
  applicant: Applicant;
  delivery: Delivery;
  /** The declaration's answers (only those the form shows, given the other answers). */
  formData: FormAnswers;
  /** The version of the procedure's form the dossier was created under; its answers are always checked against it. */
  formVersion?: number;
  /** SHA-256 of the access token: the token itself is never stored. */
  tokenHash: string;
  attachments: Record<string, Attachment>;
  timeline: TimelineEntry[];
  createdAt: string;
  submittedAt?: string;
  /** How the dossier came in: through this portal, entered at a counter by an officer, or received by post. */
  channel: Channel;
  /** The language the citizen used: the one their notifications are written in (docs/notifications.md). */
  locale?: "vi" | "en";
  /** A counter dossier loaded from a province's one-stop system: its code there (`dossiers import-counter`). */
  externalCode?: string;
  /** The last receipt (a transferred dossier is received again by the next agency). */
  receivedAt?: string;
  /** The first receipt and who made it: intake statistics count a dossier once, for the unit that took it in. */
  firstReceivedAt?: string;
  firstReceivedBy?: string;
  dueAt?: string;
  /** Set while the clock is paused by a supplement request. */
  pausedAt?: string;
  supplementRequests: number;
  supplementNote?: string;
  resolvedAt?: string;
  resolution?: Resolution;
  endedAt?: string;
  apology?: Apology;
  feedback?: { rating: number; comment?: string; at: string };
  /** The current (latest) payment attempt. */
  payment?: Payment;
  /** Every payment attempt, oldest first, the current one last; bounded (MAX_PAYMENT_ATTEMPTS_KEPT in decide.ts). */
  payments?: Payment[];
  /** The procedure's clock rules, copied at creation so a later catalogue change does not move a running clock. */
  clock: { processingDays: number; unit: "working_days" | "calendar_days"; supplement: "pause" | "restart" };
  /** Supplement round counter: attachments declared now belong to this round. */
  round: number;
  /** The officer the dossier is assigned to (back office), if any. */
  assignee?: { officerId: string; name: string };
  /** What the last supplement request listed as missing or wrong, document by document. */
  supplementItems?: SupplementItem[];
}

/** One missing or wrong document of a supplement request (Circular 01/2018 form 02). */
export interface SupplementItem {
  documentKey: string;
  reason: string;
}
