/** The shapes the front-end reads from the API (API.md); only the fields it uses. */

export type Level = "full" | "partial" | "info";
export type Delivery = "online" | "post" | "in_person";
export type Tier = "central" | "province" | "department" | "commune" | "district";
export type IdType = "cccd" | "cmnd";

// The value lists are the domain's own (functions/core/dossier/vocabulary.ts imports nothing: safe in the bundle).
import { TIMELINE_ACTIONS, type DossierStatus, type HolderAction, type Resolution, type TimelineAction } from "../../functions/core/dossier/vocabulary";
export { TIMELINE_ACTIONS };
export type { DossierStatus, HolderAction, Resolution, TimelineAction };

// The dossier's shapes are the API's response schemas (functions/http/contract.ts), type-only.
import type {
  CreatedDossierView,
  FileView,
  FullDossier,
  PaymentView,
  PublicPaymentView,
  PublicStatus,
  TimelineEntryView,
  UploadTicket,
} from "../../functions/http/contract";
export type { FileView, FullDossier, PublicStatus, UploadTicket };
export type TimelineEntry = TimelineEntryView;
export type CreatedDossier = CreatedDossierView;
/** The public status's payment: no reference, no transaction number. */
export type PaymentStatus = PublicPaymentView;
/** The holder's view of a payment attempt. */
export type PaymentDetails = PaymentView;
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

export type PaymentState = "pending" | "paid" | "failed" | "refunded";

export interface StartedPayment {
  paymentUrl: string;
  reference: string;
  amount: number;
  currency: "VND";
  status: "pending";
  provider: string;
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
