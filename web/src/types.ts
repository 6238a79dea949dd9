/** The shapes the front-end reads from the API (API.md); only the fields it uses. */

export type Level = "full" | "partial" | "info";
export type Delivery = "online" | "post" | "in_person";
export type Tier = "central" | "province" | "department" | "commune" | "district";
export type IdType = "cccd" | "cmnd";
export type Resolution = "early" | "on_time" | "late";

// The status list is the domain's own (type-only import: nothing of the server reaches the bundle).
import type { DossierStatus } from "../../functions/core/dossier/model";
export type { DossierStatus };

export const TIMELINE_ACTIONS = [
  "create",
  "submit",
  "receive",
  "reject_intake",
  "request_supplement",
  "supplement",
  "transfer",
  "approve",
  "deny",
  "return_result",
  "stop",
  "withdraw",
  "apologize",
  "feedback",
  "payment_pending",
  "payment_paid",
  "payment_failed",
] as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number];

export interface Agency {
  code: string;
  name: string;
  nameEn?: string;
  tier: Tier;
  parentCode: string | null;
}

export interface Fee {
  amount: number;
  currency: "VND";
  serviceFee?: number;
  charge?: number;
  note?: string;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  field: string;
  agencyCode: string;
  receivingAgencyCode?: string;
  level: Level;
  processingDays: number;
  clockUnit: "working_days" | "calendar_days";
  fee: Fee;
  resultDelivery: Delivery[];
  documentCount: number;
}

export interface ProcedureDocument {
  key: string;
  name: string;
  required: boolean;
  maxSizeMB: number;
  mediaTypes: string[];
}

export interface Procedure extends Omit<ProcedureSummary, "documentCount"> {
  documents: ProcedureDocument[];
  legalBasis?: string;
  paymentTiming?: "before_submit" | "before_result" | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface TimelineEntry {
  status: DossierStatus;
  action: string;
  at: string;
  note?: string;
}

export interface PublicStatus {
  code: string;
  procedureCode: string;
  procedureName: string;
  agencyCode: string;
  receivingAgencyCode?: string;
  status: DossierStatus;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  resolvedAt: string | null;
  resolution: Resolution | null;
  overdue: boolean;
  clockPaused?: boolean;
  apology: { text: string; newDueAt: string; at: string } | null;
  timeline: TimelineEntry[];
  payment?: PaymentStatus | null;
}

export type PaymentState = "pending" | "paid" | "failed" | "refunded";

/** The public status's payment: no reference, no transaction number. */
export interface PaymentStatus {
  status: PaymentState;
  amount: number;
  currency: "VND";
  provider: string;
  paidAt: string | null;
  expiresAt: string | null;
}

/** The holder's view of a payment attempt. */
export interface PaymentDetails {
  reference: string;
  transactionNo?: string | null;
  amount: number;
  paidAt?: string | null;
  provider: string;
  status: PaymentState;
}

export interface StartedPayment {
  paymentUrl: string;
  reference: string;
  amount: number;
  currency: "VND";
  status: "pending";
  provider: string;
  expiresAt: string;
}

export interface FileView {
  id: string;
  kind: "document" | "result";
  documentKey: string;
  fileName: string;
  mediaType: string;
  size: number;
  state: "declared" | "verified";
  round: number;
  download: { url: string; expiresAt: string } | null;
}

export interface Applicant {
  fullName: string;
  idType?: IdType;
  idNumber: string;
  phone: string;
  email?: string;
  address?: string;
}

export interface FullDossier extends Omit<PublicStatus, "payment"> {
  version: number;
  createdAt: string;
  applicant: Applicant;
  delivery: Delivery;
  supplementNote?: string;
  supplementRequests?: number;
  feedback?: { rating: number; comment?: string; at: string };
  attachments: FileView[];
  results: FileView[];
  payment?: PaymentDetails | null;
  payments?: PaymentDetails[];
}

export interface CreatedDossier {
  code: string;
  accessToken: string;
  status: "draft";
  procedureCode: string;
  agencyCode: string;
  createdAt: string;
  version: number;
  /** An upload ticket for each file declared with the dossier. */
  uploads?: UploadTicket[];
}

export interface UploadTicket {
  attachmentId: string;
  documentKey: string;
  upload: { method: "PUT"; url: string; headers: Record<string, string>; expiresAt: string };
  expiresAt: string;
}

/** API.md "Statistics": one row per day and agency. */
export interface StatsRow {
  date: string;
  scope?: "agency" | "tier" | "province";
  agencyCode: string | null;
  tier?: Tier | null;
  received: number;
  receivedOnline: number;
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  withdrawn: number;
  stopped: number;
  onTimeRate?: number | null;
}

export interface StatsSummary {
  received?: number;
  receivedOnline?: number;
  resolved?: number;
  resolvedEarly?: number;
  resolvedOnTime?: number;
  resolvedLate?: number;
  withdrawn?: number;
  stopped?: number;
  onTimeRate?: number | null;
  procedures?: number;
  proceduresFullOnline?: number;
  fullOnlineRate?: number | null;
  proceduresOnline?: number;
  proceduresWithOnlineDossiers?: number;
  servicesWithDossiersRate?: number | null;
  daysComputed?: number;
  onlineUptakeRate?: number | null;
  averageRating?: number | null;
  ratings?: number;
}
