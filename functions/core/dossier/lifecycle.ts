import { classifyResolution, computeDueAt, resumeClock } from "../calendar";
import { ConflictError, ForbiddenError, RuleError } from "../errors";
import type { Actor, Dossier, DossierStatus, TimelineEntry } from "./model";

/**
 * The dossier state machine (DOMAIN.md "The dossier lifecycle", API.md "Dossier statuses"). Pure: it takes a
 * dossier and returns the next one; the repository writes it with one conditional update.
 */

export const AGENCY_ACTIONS = [
  "receive",
  "reject_intake",
  "request_supplement",
  "transfer",
  "approve",
  "deny",
  "return_result",
  "stop",
  "apologize",
] as const;
export type AgencyAction = (typeof AGENCY_ACTIONS)[number];
export type CitizenAction = "submit" | "supplement" | "withdraw";
export type Action = AgencyAction | CitizenAction;

const BEFORE_RESULT: DossierStatus[] = ["submitted", "received", "supplement_requested", "transferred"];

/** Which statuses each action leaves from, and where it goes (`null`: the status stays). */
export const TRANSITIONS: Record<Action, { from: DossierStatus[]; to: DossierStatus | null; by: Actor["type"] }> = {
  submit: { from: ["draft"], to: "submitted", by: "citizen" },
  receive: { from: ["submitted", "transferred"], to: "received", by: "agency" },
  reject_intake: { from: ["submitted"], to: "rejected_intake", by: "agency" },
  request_supplement: { from: ["received"], to: "supplement_requested", by: "agency" },
  supplement: { from: ["supplement_requested"], to: "received", by: "citizen" },
  transfer: { from: ["received"], to: "transferred", by: "agency" },
  approve: { from: ["received"], to: "approved", by: "agency" },
  deny: { from: ["received"], to: "denied", by: "agency" },
  return_result: { from: ["approved", "denied"], to: "returned", by: "agency" },
  stop: { from: BEFORE_RESULT, to: "stopped", by: "agency" },
  withdraw: { from: ["draft", ...BEFORE_RESULT], to: "withdrawn", by: "citizen" },
  // The apology ("phiếu xin lỗi và hẹn lại ngày trả kết quả") is an event, not a status: once, when late.
  apologize: { from: ["received", "supplement_requested", "transferred", "approved", "denied"], to: null, by: "agency" },
};

export const ENDED_STATUSES: DossierStatus[] = ["rejected_intake", "withdrawn", "stopped", "returned"];

export interface ActionContext {
  now: Date;
  actor: Actor;
  note?: string;
  /** transfer */
  toAgencyCode?: string;
  /** apologize: the new promised date */
  newDueAt?: Date;
}

/** The default apology text when an agency resolves late without having apologised (Circular 01/2018 form). */
export function defaultApologyText(dossier: Dossier): string {
  return `Cơ quan ${dossier.agencyCode} xin lỗi ông/bà vì hồ sơ ${dossier.code} đã được giải quyết chậm so với ngày hẹn. Kết quả đã sẵn sàng.`;
}

/**
 * Applies an action to a dossier and returns the next dossier (version + 1, one timeline entry appended).
 * @throws ForbiddenError `dossier.not_yours` when an agency acts on another agency's dossier
 * @throws ConflictError `dossier.invalid_transition` when the action is not allowed from the current status
 * @throws RuleError for a missing reason/note/target, or an apology that is not due
 */
export function applyAction(dossier: Dossier, action: Action, ctx: ActionContext): Dossier {
  const rule = TRANSITIONS[action];
  if (ctx.actor.type === "agency" && ctx.actor.agencyCode !== dossier.agencyCode) {
    throw new ForbiddenError("dossier.not_yours", { code: dossier.code });
  }
  if (!rule.from.includes(dossier.status)) {
    throw new ConflictError("dossier.invalid_transition", { action, status: dossier.status });
  }
  const at = ctx.now.toISOString();
  const next: Dossier = { ...dossier, version: dossier.version + 1 };
  const status = rule.to ?? dossier.status;
  const needNote = (code: string) => {
    if (!ctx.note?.trim()) throw new RuleError(code, { errors: [{ path: "note", message: code }] });
  };

  switch (action) {
    case "submit":
      next.submittedAt = at;
      break;
    case "receive":
      next.receivedAt = at;
      next.firstReceivedAt ??= at;
      next.firstReceivedBy ??= dossier.agencyCode;
      // A transferred dossier keeps its clock: one due date for the whole inter-agency dossier.
      if (!dossier.dueAt) {
        next.dueAt = computeDueAt({
          receivedAt: ctx.now,
          processingDays: dossier.clock.processingDays,
          unit: dossier.clock.unit,
        }).toISOString();
      }
      break;
    case "reject_intake":
      needNote("dossier.reason_required");
      next.endedAt = at;
      break;
    case "request_supplement":
      needNote("dossier.supplement_note_required");
      next.pausedAt = at;
      next.supplementRequests = dossier.supplementRequests + 1;
      next.supplementNote = ctx.note;
      next.round = dossier.round + 1;
      break;
    case "supplement":
      if (dossier.dueAt && dossier.pausedAt) {
        next.dueAt = resumeClock({
          dueAt: new Date(dossier.dueAt),
          pausedAt: new Date(dossier.pausedAt),
          resumedAt: ctx.now,
          mode: dossier.clock.supplement,
          processingDays: dossier.clock.processingDays,
          unit: dossier.clock.unit,
        }).toISOString();
      }
      next.pausedAt = undefined;
      break;
    case "transfer":
      if (!ctx.toAgencyCode) {
        throw new RuleError("dossier.transfer_target_required", {
          errors: [{ path: "toAgencyCode", message: "dossier.transfer_target_required" }],
        });
      }
      if (ctx.toAgencyCode === dossier.agencyCode) throw new RuleError("dossier.transfer_to_self");
      next.agencyCode = ctx.toAgencyCode;
      break;
    case "approve":
    case "deny": {
      next.resolvedAt = at;
      const resolution = dossier.dueAt
        ? classifyResolution({
            resolvedAt: ctx.now,
            dueAt: new Date(dossier.dueAt),
            supplementRequests: dossier.supplementRequests,
          })
        : "on_time";
      next.resolution = resolution;
      if (resolution === "late" && !dossier.apology) {
        next.apology = { text: defaultApologyText(dossier), newDueAt: at, at, agencyCode: dossier.agencyCode };
      }
      break;
    }
    case "return_result":
      next.endedAt = at;
      break;
    case "stop":
      needNote("dossier.reason_required");
      next.endedAt = at;
      break;
    case "withdraw":
      next.endedAt = at;
      break;
    case "apologize": {
      needNote("dossier.apology_text_required");
      if (dossier.apology) throw new ConflictError("dossier.apology_exists");
      const due = dossier.dueAt ? new Date(dossier.dueAt) : undefined;
      const late = dossier.resolution === "late" || (due !== undefined && !dossier.resolvedAt && ctx.now > due);
      if (!late) throw new RuleError("dossier.apology_not_due");
      if (!ctx.newDueAt || ctx.newDueAt <= ctx.now) {
        throw new RuleError("dossier.apology_date_required", {
          errors: [{ path: "newDueAt", message: "dossier.apology_date_required" }],
        });
      }
      next.apology = { text: ctx.note!.trim(), newDueAt: ctx.newDueAt.toISOString(), at, agencyCode: dossier.agencyCode };
      break;
    }
  }
  next.status = status;
  const entry: TimelineEntry = {
    action,
    status,
    at,
    by: ctx.actor,
    ...(ctx.note?.trim() ? { note: ctx.note.trim() } : {}),
  };
  next.timeline = [...dossier.timeline, entry];
  return next;
}

/** True when the dossier is past its due date and not yet resolved (for the public status and the inbox). */
export function isOverdue(dossier: Dossier, now: Date): boolean {
  return Boolean(dossier.dueAt && !dossier.resolvedAt && !dossier.endedAt && now > new Date(dossier.dueAt));
}
