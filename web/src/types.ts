/** The shapes the front-end reads from the API (docs/api.md): the API's own schemas and value lists, type-only. */

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
// The catalogue's shapes: the model's own (functions/core/catalogue/model.ts) and the search result's, type-only.
import type { Agency, Fee, Procedure } from "../../functions/core/catalogue/model";
import type { ProcedureSummaryView } from "../../functions/http/catalogue-app";
export type { Agency, Fee, Procedure };
export type Level = Procedure["level"];
export type Delivery = Procedure["resultDelivery"][number];
export type Tier = Agency["tier"];
export type IdType = FullDossier["applicant"]["idType"];
export type ProcedureSummary = ProcedureSummaryView;
export type ProcedureDocument = Procedure["documents"][number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

// Payments and statistics: the API's response schemas (functions/http/{payments,stats}-app.ts), type-only.
import type { PaymentStartedView } from "../../functions/http/payments-app";
import type { DailyStatsRowView, StatsSummaryView } from "../../functions/http/stats-app";
export type PaymentState = PaymentView["status"];
export type StartedPayment = PaymentStartedView;
/** docs/api.md "Statistics": one row per day and agency (or tier, or the province). */
export type StatsRow = DailyStatsRowView;
export type StatsSummary = StatsSummaryView;
