import type { Actor, Channel, Dossier, DossierStatus, SupplementItem, TimelineAction } from "./model";
import type { Resolution } from "./vocabulary";

/**
 * Domain events: what happened to a dossier, one or more per change (docs/architecture.md "The command path").
 *
 * `decide` makes them; the repository commits them inside the dossier's own item in the same conditional write as the
 * change (its `outbox`), so none is lost if the process dies right after the write; consumers (the event log,
 * notifications, webhooks) receive them at least once and dedupe by `id`, which is stable: the dossier code, the
 * version the change produced and the event's index within that change.
 */
export const EVENT_TYPES = [
  "dossier.submitted",
  "dossier.received",
  "dossier.document_attached",
  "dossier.intake_rejected",
  "dossier.supplement_requested",
  "dossier.supplemented",
  "dossier.transferred",
  "dossier.assigned",
  "dossier.approved",
  "dossier.denied",
  "dossier.result_returned",
  "dossier.stopped",
  "dossier.withdrawn",
  "dossier.apologized",
  "dossier.rated",
  "dossier.due_recomputed",
  "dossier.uploads_expired",
  "dossier.malware_flagged",
  "payment.pending",
  "payment.paid",
  "payment.failed",
  "payment.expired",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What every event says of the dossier after the change; no personal data (no applicant, no token). */
export interface EventData {
  /** submit: the SHA-256 of the printed declaration stored with the dossier (its `declaration` file). */
  declarationSha256?: string;
  status: DossierStatus;
  previousStatus: DossierStatus;
  procedureCode: string;
  /** The agency whose turn it is after the change. */
  agencyCode: string;
  receivingAgencyCode: string;
  dueAt: string | null;
  note?: string;
  /** counter_intake: how the dossier came in (counter or post) */
  channel?: Channel;
  /** transfer */
  fromAgencyCode?: string;
  toAgencyCode?: string;
  /** assign */
  assignee?: { officerId: string; name: string };
  /** approve / deny */
  resolution?: Resolution;
  /** apologize, or a late resolution's default apology */
  newDueAt?: string;
  /** request_supplement */
  supplementItems?: SupplementItem[];
  /** payment moves */
  payment?: { reference: string; amount: number; status: string; provider: string };
  /** feedback */
  rating?: number;
  /**
   * expire_uploads: the files taken off the dossier, to be deleted from storage; flag_malware: the file flagged;
   * attach_document: the paper attached (its document key is the note)
   */
  attachmentIds?: string[];
  objectKeys?: string[];
}

export interface DossierEvent {
  /** `<dossier code>/<version>/<index>`: the same event always has the same id. */
  id: string;
  type: EventType;
  dossierCode: string;
  /** The version of the dossier the change produced. */
  version: number;
  at: string;
  actor: Actor;
  data: EventData;
}

export function eventId(code: string, version: number, index: number): string {
  return `${code}/${version}/${index}`;
}

/** The event each timeline action produces (`create` produces none: a draft is private to its holder). */
export const EVENT_OF_ACTION: Record<Exclude<TimelineAction, "create">, EventType> = {
  submit: "dossier.submitted",
  receive: "dossier.received",
  // One receipt event whatever the channel: consumers of receipts (the event log, notifications, an agency's
  // webhook) need no second type; `data.channel` and the missing submission (previousStatus "draft") tell them apart.
  counter_intake: "dossier.received",
  attach_document: "dossier.document_attached",
  reject_intake: "dossier.intake_rejected",
  request_supplement: "dossier.supplement_requested",
  supplement: "dossier.supplemented",
  // Brought to the desk or sent online, one supplement event: `actor` tells them apart.
  receive_supplement: "dossier.supplemented",
  transfer: "dossier.transferred",
  assign: "dossier.assigned",
  approve: "dossier.approved",
  deny: "dossier.denied",
  return_result: "dossier.result_returned",
  stop: "dossier.stopped",
  withdraw: "dossier.withdrawn",
  apologize: "dossier.apologized",
  feedback: "dossier.rated",
  recompute_due: "dossier.due_recomputed",
  expire_uploads: "dossier.uploads_expired",
  flag_malware: "dossier.malware_flagged",
  payment_pending: "payment.pending",
  payment_paid: "payment.paid",
  payment_failed: "payment.failed",
  payment_expired: "payment.expired",
};

/** The common part of an event's data: the dossier after the change, and the status it left. */
export function baseData(previous: Dossier, next: Dossier): EventData {
  return {
    status: next.status,
    previousStatus: previous.status,
    procedureCode: next.procedureCode,
    agencyCode: next.agencyCode,
    receivingAgencyCode: next.receivingAgencyCode,
    dueAt: next.dueAt ?? null,
  };
}
