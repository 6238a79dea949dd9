import { classifyResolution, computeDueAt, resumeClock } from "../calendar";
import type { Procedure } from "../catalogue/model";
import { ConflictError, ForbiddenError, NotFoundError, RuleError, type DomainError } from "../errors";
import { requirePayment } from "../payment/rules";
import { withinUploadWindow } from "./draft";
import { paperSinceRequest } from "./supplement-round";
import { baseData, EVENT_OF_ACTION, eventId, type DossierEvent, type EventData } from "./events";
import type { Actor, ActorType, Dossier, DossierStatus, Payment, SupplementItem, TimelineAction, TimelineEntry } from "./model";
import { HOLDER_ACTIONS, type HolderAction } from "./vocabulary";

export { HOLDER_ACTIONS, type HolderAction };

/**
 * The one path for every dossier change (DESIGN.md "House style"): `decide(dossier, command, context)` returns the
 * next dossier and the events the change produced; the caller commits both with one conditional write
 * (`DossierRepository.commit`). Pure: no I/O, no clock of its own. What needs I/O (verifying uploads in storage,
 * checking that a transfer's target agency exists) is done by the caller before, and handed in with the command.
 *
 * Status preconditions live in `RULES` and nowhere else: services ask `assertAllowed` before doing I/O, and `decide`
 * asks again.
 */

// ------------------------------------------------------------------------------------------------ commands

/** The declaration printed at submission and already stored (submission.ts): a system file of the dossier. */
export interface PrintedDeclaration {
  objectKey: string;
  sha256: string;
  size: number;
  fileName: string;
}

/** The id and document key of the printed declaration among a dossier's files. */
export const DECLARATION_FILE = "declaration";

/** A command of the holder of the dossier's access token. */
export type CitizenCommand =
  /** Every required document uploaded and verified in storage (the ids of this round's checked files). */
  | { type: "submit"; verified: string[]; declaration?: PrintedDeclaration }
  | { type: "withdraw"; note: string }
  /** The new uploads of this supplement round, verified in storage. */
  | { type: "supplement"; verified: string[]; note?: string }
  | { type: "feedback"; rating: number; comment?: string };

/** A command of an agency's system or an officer of the back office. */
export type AgencyCommand =
  | { type: "receive"; note?: string }
  /**
   * A dossier taken in at the one-stop desk or by post: submitted and received in one move, the clock started
   * (sent on the draft the intake service just created with its channel: functions/core/intake/counter.ts).
   */
  | { type: "counter_intake"; note?: string }
  /**
   * One of the applicant's papers of a counter (or post) dossier, scanned at the desk after the receipt: declared,
   * uploaded, then checked in storage and screened by the caller (core/dossier/papers.ts); now it counts.
   */
  | { type: "attach_document"; attachmentId: string }
  /**
   * The applicant of a counter (or post) dossier brought what was asked to the desk: the papers are attached first
   * (`attach_document`, allowed while the dossier waits), then this gives the dossier back to the agency, the clock
   * resumed as for the citizen's own `supplement`.
   */
  | { type: "receive_supplement"; note?: string }
  | { type: "reject_intake"; note: string }
  | { type: "request_supplement"; note: string; items?: SupplementItem[] }
  /** `toAgencyCode` is known to the catalogue (checked by the caller). */
  | { type: "transfer"; toAgencyCode: string; note?: string }
  | { type: "assign"; officerId: string; name: string; note?: string }
  | { type: "approve"; note?: string }
  | { type: "deny"; note?: string }
  /** The result documents that go to the citizen, verified in storage (may be empty for a paper result). */
  | { type: "return_result"; results: string[]; note?: string }
  | { type: "stop"; note: string }
  | { type: "apologize"; note: string; newDueAt: string };

/** A move of the online payment: started by the holder, confirmed by the gateway's signed notification. */
export type PaymentCommand =
  /** A fresh attempt; a pending one it replaces ends as `expired` (past its time) or `superseded`. */
  | { type: "payment_pending"; payment: Payment }
  | { type: "payment_paid"; reference: string; transactionNo: string; responseCode: string }
  | { type: "payment_failed"; reference: string; transactionNo: string; responseCode: string }
  | { type: "payment_expired"; reference: string };

/** Moves the portal makes itself. */
export type SystemCommand =
  /** A corrected calendar moved the due date (and, for a resolved dossier, its classification). */
  | { type: "recompute_due"; dueAt: string; note?: string }
  /** The uploads of an abandoned draft were deleted from storage. */
  | { type: "expire_uploads"; attachmentIds: string[] }
  /**
   * A scanner found malware in a file after it was handed in (GuardDuty's late verdict, a rescan); the caller has
   * moved the file out of reach already (core/dossier/malware.ts).
   */
  | { type: "flag_malware"; attachmentId: string; signature: string; scanner: string };

export type Command = CitizenCommand | AgencyCommand | PaymentCommand | SystemCommand;
export type CommandType = Command["type"];

export interface DecideContext {
  now: Date;
  actor: Actor;
  /** The dossier's procedure, for the payment gates (submit, return_result). */
  procedure?: Pick<Procedure, "fee" | "paymentTiming">;
}

// ------------------------------------------------------------------------------------------------ the table

interface Rule {
  /** The statuses the action leaves from. */
  from: readonly DossierStatus[];
  /** Where it goes (`null`: the status stays). */
  to: DossierStatus | null;
  /** Who may do it. */
  by: readonly ActorType[];
  /** What else about the dossier refuses it, besides its status (checked after the status). */
  unless?: (dossier: Dossier) => DomainError | undefined;
}

const BEFORE_RESULT = ["submitted", "received", "supplement_requested", "transferred"] as const satisfies readonly DossierStatus[];
const NOT_ENDED = ["draft", ...BEFORE_RESULT, "approved", "denied"] as const satisfies readonly DossierStatus[];
const AGENCY: readonly ActorType[] = ["agency", "officer"];
const ALL_STATUSES: readonly DossierStatus[] = [...NOT_ENDED, "returned", "rejected_intake", "withdrawn", "stopped"];

/** A counter or post dossier's papers are digitised at the desk; an online dossier's are the citizen's own. */
function deskPapersOnly(d: Dossier): DomainError | undefined {
  return d.channel === "online" ? new RuleError("attachment.counter_only", { params: { code: d.code } }) : undefined;
}

/**
 * Every precondition on a dossier — its status, the few facts besides (`unless`: one rating, one paid fee) — and who
 * may act (docs/domain.md "The dossier lifecycle"). Besides the commands, two writes that are not changes of the
 * dossier's state take their windows from here: declaring a file (`attach`) and an agency's result document
 * (`upload_result`), each a conditional write of its own; and `view` says which dossiers may be read without their
 * token.
 */
export const RULES = {
  submit: { from: ["draft"], to: "submitted", by: ["citizen"] },
  withdraw: { from: ["draft", ...BEFORE_RESULT], to: "withdrawn", by: ["citizen"] },
  supplement: { from: ["supplement_requested"], to: "received", by: ["citizen"] },
  // Once per dossier.
  feedback: { from: ["returned"], to: null, by: ["citizen"], unless: (d) => (d.feedback ? new ConflictError("dossier.feedback_exists") : undefined) },

  receive: { from: ["submitted", "transferred"], to: "received", by: AGENCY },
  // A counter (or post) dossier is received at once: the agency took it in, so an agency's actor records it (an
  // officer at the desk, or the agency's own records loaded by `dossiers import-counter`).
  counter_intake: { from: ["draft"], to: "received", by: AGENCY },
  // The papers of a dossier taken in at the desk or by post, digitised by the one-stop desk once it is received
  // (docs/domain.md "The one-stop back office"): the window of their declaration and of their being recorded, one
  // file at a time. Never on an online dossier: what the citizen handed in is the citizen's, and what is missing
  // is asked of them (request_supplement, which pauses the clock and counts against the on-time rule).
  // While the dossier waits for a supplement, too: the papers the applicant brings back to the desk.
  attach_document: { from: ["received", "supplement_requested"], to: null, by: ["officer"], unless: deskPapersOnly },
  // The applicant of a counter or post dossier answers a supplement request at the desk (an online dossier's citizen
  // answers online: `supplement`).
  receive_supplement: { from: ["supplement_requested"], to: "received", by: AGENCY, unless: deskPapersOnly },
  reject_intake: { from: ["submitted"], to: "rejected_intake", by: AGENCY },
  request_supplement: { from: ["received"], to: "supplement_requested", by: AGENCY },
  transfer: { from: ["received"], to: "transferred", by: AGENCY },
  assign: { from: ["received", "supplement_requested"], to: null, by: AGENCY },
  approve: { from: ["received"], to: "approved", by: AGENCY },
  deny: { from: ["received"], to: "denied", by: AGENCY },
  return_result: { from: ["approved", "denied"], to: "returned", by: AGENCY },
  stop: { from: BEFORE_RESULT, to: "stopped", by: AGENCY },
  // The apology ("phiếu xin lỗi và hẹn lại ngày trả kết quả") is an event, not a status: once, when late. Not while
  // the citizen holds the dossier (supplement_requested): a paused clock is not late.
  apologize: { from: ["received", "transferred", "approved", "denied"], to: null, by: AGENCY },

  payment_pending: {
    from: NOT_ENDED,
    to: null,
    by: ["citizen"],
    unless: (d) =>
      d.payment?.status === "paid" ? new ConflictError("payment.already_paid", { code: d.code, reference: d.payment.reference }) : undefined,
  },
  // The gateway's word is recorded whatever the dossier did meanwhile: money taken must show on the dossier.
  payment_paid: { from: ALL_STATUSES, to: null, by: ["system"] },
  payment_failed: { from: ALL_STATUSES, to: null, by: ["system"] },
  payment_expired: { from: ALL_STATUSES, to: null, by: ["system"] },

  recompute_due: { from: ALL_STATUSES, to: null, by: ["system"] },
  expire_uploads: { from: ["draft"], to: null, by: ["system"] },
  // Whenever it is found, in a draft or a closed dossier alike: the file is never served again.
  flag_malware: { from: ALL_STATUSES, to: null, by: ["system"] },

  attach: { from: ["draft", "supplement_requested"], to: null, by: ["citizen"] },
  upload_result: { from: ["received", "approved", "denied"], to: null, by: AGENCY },
  // Reading a dossier without its token (the public status, the agency's and officers' views): a draft is its
  // holder's alone until submitted.
  view: { from: ALL_STATUSES.filter((s) => s !== "draft"), to: null, by: ["citizen", "agency", "officer", "system"] },
} as const satisfies Record<CommandType | "attach" | "upload_result" | "view", Rule>;

export type RuleName = keyof typeof RULES;

/** The commands an agency's system may send to `POST /v1/agency/dossiers/{code}/actions`. */
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
] as const satisfies readonly AgencyCommand["type"][];
/** What an officer may send besides: the agency's actions, `assign`, and a supplement brought to the desk. */
export const OFFICER_ACTIONS = [...AGENCY_ACTIONS, "assign", "receive_supplement"] as const satisfies readonly AgencyCommand["type"][];

/** A dossier in one of these statuses changes no more (except for late payment notices and feedback). */
export const ENDED_STATUSES: readonly DossierStatus[] = ["rejected_intake", "withdrawn", "stopped", "returned"];

/** True when the rule lets `actor` act on the dossier now (for a choice, not a refusal: see `assertAllowed`). */
export function isAllowed(dossier: Dossier, name: RuleName, actor: Actor): boolean {
  try {
    assertAllowed(dossier, name, actor);
    return true;
  } catch {
    return false;
  }
}


/**
 * The holder's actions on a dossier now, from the rules above: the one answer to "what can I do?", so that no
 * client keeps its own copy of the lifecycle. `pay` is offered when the fee is due before the next step the
 * procedure gates on it (submission, or the agency's return of the result) and not yet paid.
 */
export function holderActions(
  dossier: Dossier,
  procedure?: { fee: { amount: number }; paymentTiming?: Procedure["paymentTiming"] | null },
  now?: Date,
): HolderAction[] {
  const citizen: Actor = { type: "citizen" };
  const can = (name: RuleName) => isAllowed(dossier, name, citizen);
  const feeDue =
    procedure !== undefined &&
    procedure.fee.amount > 0 &&
    can("payment_pending") &&
    (procedure.paymentTiming === "before_submit" ? can("submit") : procedure.paymentTiming === "before_result" && RULES.return_result.from.includes(dossier.status as never));
  const actions: HolderAction[] = [];
  // A draft past its upload window (core/dossier/draft.ts) takes no more files: it may still be submitted.
  if (can("attach") && (!now || withinUploadWindow(dossier, now))) actions.push("attach");
  if (can("submit")) actions.push("submit");
  if (feeDue) actions.push("pay");
  if (can("supplement")) actions.push("supplement");
  if (can("withdraw")) actions.push("withdraw");
  if (can("feedback")) actions.push("feedback");
  return actions;
}

/** The statuses `name` may leave from. */
export function statusesFor(name: RuleName): readonly DossierStatus[] {
  return RULES[name].from;
}

/**
 * Refuses an action its rule does not allow for this dossier and actor.
 * @throws ForbiddenError `dossier.not_yours` when an agency or officer acts on another agency's dossier, or the
 *   actor type may not do it at all
 * @throws ConflictError `dossier.invalid_transition` when the action is not allowed from the current status; the
 *   rule's own `unless` error (`dossier.feedback_exists`, `payment.already_paid`)
 */
export function assertAllowed(dossier: Dossier, name: RuleName, actor: Actor): void {
  const rule: Rule = RULES[name];
  if (!rule.by.includes(actor.type)) throw new ForbiddenError("dossier.not_yours", { code: dossier.code });
  if ((actor.type === "agency" || actor.type === "officer") && actor.agencyCode !== dossier.agencyCode) {
    throw new ForbiddenError("dossier.not_yours", { code: dossier.code });
  }
  if (!rule.from.includes(dossier.status)) {
    throw new ConflictError("dossier.invalid_transition", { action: name, status: dossier.status });
  }
  const refused = rule.unless?.(dossier);
  if (refused) throw refused;
}

/** The fields a flat description of a command may carry (an action body, a generator's step). */
export interface CommandFields {
  note?: string;
  toAgencyCode?: string;
  newDueAt?: string;
  items?: SupplementItem[];
  /** return_result: the verified result files; submit / supplement: the verified uploads */
  results?: string[];
  verified?: string[];
  officerId?: string;
  officerName?: string;
  rating?: number;
  comment?: string;
  dueAt?: string;
  /** expire_uploads: the files; flag_malware, attach_document: the one file (the first) */
  attachmentIds?: string[];
  /** flag_malware */
  signature?: string;
  scanner?: string;
}

/** The command a flat description stands for: an action name and the fields it takes (missing ones empty). */
export function commandFrom(action: Exclude<CommandType, PaymentCommand["type"]>, fields: CommandFields = {}): Command {
  const note = fields.note ?? "";
  switch (action) {
    case "submit":
      return { type: "submit", verified: fields.verified ?? [] };
    case "supplement":
      return { type: "supplement", verified: fields.verified ?? [], note: fields.note };
    case "feedback":
      return { type: "feedback", rating: fields.rating ?? 0, comment: fields.comment };
    case "transfer":
      return { type: "transfer", toAgencyCode: fields.toAgencyCode ?? "", note };
    case "assign":
      return { type: "assign", officerId: fields.officerId ?? "", name: fields.officerName ?? fields.officerId ?? "", note };
    case "return_result":
      return { type: "return_result", results: fields.results ?? [], note };
    case "apologize":
      return { type: "apologize", note, newDueAt: fields.newDueAt ?? "" };
    case "request_supplement":
      return { type: "request_supplement", note, items: fields.items };
    case "recompute_due":
      return { type: "recompute_due", dueAt: fields.dueAt ?? "", note: fields.note };
    case "expire_uploads":
      return { type: "expire_uploads", attachmentIds: fields.attachmentIds ?? [] };
    case "flag_malware":
      return { type: "flag_malware", attachmentId: fields.attachmentIds?.[0] ?? "", signature: fields.signature ?? "", scanner: fields.scanner ?? "" };
    case "attach_document":
      return { type: "attach_document", attachmentId: fields.attachmentIds?.[0] ?? "" };
    default:
      return { type: action, note };
  }
}

// ------------------------------------------------------------------------------------------------ decide

export interface Decision {
  next: Dossier;
  events: DossierEvent[];
}

/** The default apology text when an agency resolves late without having apologised (Circular 01/2018 form 04). */
export function defaultApologyText(dossier: Dossier): string {
  return `Cơ quan ${dossier.agencyCode} xin lỗi ông/bà vì hồ sơ ${dossier.code} đã được giải quyết chậm so với ngày hẹn. Kết quả đã sẵn sàng.`;
}

const noteRequired = (note: string | undefined, code: string) => {
  if (!note?.trim()) throw new RuleError(code, { errors: [{ path: "note", message: code }] });
  return note.trim();
};

/**
 * Applies one command to a dossier: the next dossier (version + 1, one timeline entry appended) and its events.
 * @throws ForbiddenError `dossier.not_yours`; ConflictError `dossier.invalid_transition` (see `assertAllowed`)
 * @throws RuleError for a missing reason or note, an unknown or self transfer, an apology that is not due, a missing
 *   result, `payment.required` (submit / return_result before the fee is paid, when the procedure says so)
 * @throws ConflictError `dossier.apology_exists`, `dossier.feedback_exists`, `payment.already_paid`,
 *   `payment.not_pending` (a notification for an attempt that is no longer pending), `attachment.already_flagged`
 * @throws NotFoundError `attachment.not_found` (flag_malware or attach_document for a file the dossier does not hold)
 * @throws ConflictError `attachment.already_attached` (attach_document for a paper already recorded)
 * @throws RuleError `attachment.counter_only` (attach_document on an online dossier)
 */
export function decide(dossier: Dossier, command: Command, context: DecideContext): Decision {
  assertAllowed(dossier, command.type, context.actor);
  const { now, actor } = context;
  const at = now.toISOString();
  const next: Dossier = { ...dossier, version: dossier.version + 1 };
  const extra: Partial<EventData> = {};
  const alsoEvents: { type: DossierEvent["type"]; data: Partial<EventData> }[] = [];
  let note: string | undefined = "note" in command ? command.note?.trim() || undefined : undefined;

  switch (command.type) {
    case "submit":
      requirePayment(context.procedure, dossier, "before_submit");
      next.submittedAt = at;
      next.attachments = verify(dossier, command.verified, at);
      if (command.declaration) {
        const d = command.declaration;
        next.attachments = {
          ...next.attachments,
          [DECLARATION_FILE]: {
            id: DECLARATION_FILE,
            documentKey: DECLARATION_FILE,
            fileName: d.fileName,
            mediaType: "application/pdf",
            size: d.size,
            sha256: d.sha256,
            objectKey: d.objectKey,
            state: "verified",
            declaredAt: at,
            verifiedAt: at,
            round: 0,
            kind: "document",
          },
        };
        extra.declarationSha256 = d.sha256;
      }
      break;
    case "withdraw":
      note = noteRequired(command.note, "dossier.reason_required");
      next.endedAt = at;
      break;
    case "supplement":
      resume(next, dossier, now);
      next.attachments = verify(dossier, command.verified, at);
      break;
    case "receive_supplement":
      // The papers brought were attached one by one (attach_document), each checked in storage then: at least one
      // since the request, as the citizen's own supplement needs at least one new upload.
      if (!paperSinceRequest(dossier.timeline)) {
        throw new RuleError("dossier.supplement_empty", { errors: [{ path: "documents", message: "dossier.supplement_empty" }] });
      }
      resume(next, dossier, now);
      break;
    case "feedback":
      next.feedback = { rating: command.rating, ...(command.comment ? { comment: command.comment } : {}), at };
      extra.rating = command.rating;
      break;

    case "receive":
      receipt(next, dossier, now);
      break;
    case "counter_intake":
      next.submittedAt = at;
      receipt(next, dossier, now);
      extra.channel = dossier.channel;
      break;
    case "attach_document": {
      const attachment = dossier.attachments[command.attachmentId];
      if (!attachment || attachment.kind !== "document" || attachment.id === DECLARATION_FILE) {
        throw new NotFoundError("attachment.not_found", { id: command.attachmentId });
      }
      if (attachment.state === "verified") throw new ConflictError("attachment.already_attached", { id: attachment.id });
      next.attachments = verify(dossier, [attachment.id], at);
      // The document, not the file's name (a name may carry the applicant's): the timeline and the event say which paper.
      note = attachment.documentKey;
      extra.attachmentIds = [attachment.id];
      break;
    }
    case "reject_intake":
      note = noteRequired(command.note, "dossier.reason_required");
      next.endedAt = at;
      break;
    case "request_supplement":
      note = noteRequired(command.note, "dossier.supplement_note_required");
      next.pausedAt = at;
      next.supplementRequests = dossier.supplementRequests + 1;
      next.supplementNote = note;
      next.supplementItems = command.items?.length ? command.items : undefined;
      next.round = dossier.round + 1;
      if (command.items?.length) extra.supplementItems = command.items;
      break;
    case "transfer":
      if (!command.toAgencyCode) {
        throw new RuleError("dossier.transfer_target_required", {
          errors: [{ path: "toAgencyCode", message: "dossier.transfer_target_required" }],
        });
      }
      if (command.toAgencyCode === dossier.agencyCode) throw new RuleError("dossier.transfer_to_self");
      next.agencyCode = command.toAgencyCode;
      next.assignee = undefined;
      extra.fromAgencyCode = dossier.agencyCode;
      extra.toAgencyCode = command.toAgencyCode;
      break;
    case "assign":
      next.assignee = { officerId: command.officerId, name: command.name };
      extra.assignee = next.assignee;
      break;
    case "approve":
    case "deny": {
      next.resolvedAt = at;
      const resolution = dossier.dueAt
        ? classifyResolution({ resolvedAt: now, dueAt: new Date(dossier.dueAt), supplementRequests: dossier.supplementRequests })
        : "on_time";
      next.resolution = resolution;
      extra.resolution = resolution;
      if (resolution === "late" && !dossier.apology) {
        next.apology = { text: defaultApologyText(dossier), newDueAt: at, at, agencyCode: dossier.agencyCode };
        alsoEvents.push({ type: "dossier.apologized", data: { newDueAt: at, note: next.apology.text } });
      }
      break;
    }
    case "return_result": {
      requirePayment(context.procedure, dossier, "before_result");
      const results = command.results;
      if (dossier.delivery === "online" && results.length === 0) {
        throw new RuleError("dossier.result_required", {
          errors: [{ path: "resultAttachmentIds", message: "dossier.result_required" }],
        });
      }
      next.attachments = verify(dossier, results, at);
      next.endedAt = at;
      break;
    }
    case "stop":
      note = noteRequired(command.note, "dossier.reason_required");
      next.endedAt = at;
      break;
    case "apologize": {
      note = noteRequired(command.note, "dossier.apology_text_required");
      if (dossier.apology) throw new ConflictError("dossier.apology_exists");
      const due = dossier.dueAt ? new Date(dossier.dueAt) : undefined;
      const late = dossier.resolution === "late" || (due !== undefined && !dossier.resolvedAt && now > due);
      if (!late) throw new RuleError("dossier.apology_not_due");
      const newDueAt = command.newDueAt ? new Date(command.newDueAt) : undefined;
      if (!newDueAt || Number.isNaN(newDueAt.getTime()) || newDueAt <= now) {
        throw new RuleError("dossier.apology_date_required", {
          errors: [{ path: "newDueAt", message: "dossier.apology_date_required" }],
        });
      }
      next.apology = { text: note, newDueAt: newDueAt.toISOString(), at, agencyCode: dossier.agencyCode };
      extra.newDueAt = next.apology.newDueAt;
      break;
    }

    case "payment_pending": {
      const current = dossier.payment;
      let history = attemptsOf(dossier);
      // The attempt it replaces stays in the history, ended: expired, or replaced (a new fee amount, a dead link).
      if (current?.status === "pending") {
        const expired = current.expiresAt !== undefined && now >= new Date(current.expiresAt);
        const ended: Payment = { ...current, status: "failed", failedAt: at, failure: expired ? "expired" : "superseded" };
        history = replaceAttempt(history, ended);
        if (expired) alsoEvents.push({ type: "payment.expired", data: { payment: paymentData(ended) } });
      }
      next.payment = command.payment;
      next.payments = replaceAttempt(history, command.payment);
      note = `${command.payment.provider.toUpperCase()} ${command.payment.reference}: ${command.payment.amount} VND`;
      extra.payment = paymentData(command.payment);
      break;
    }
    case "payment_paid":
    case "payment_failed":
    case "payment_expired": {
      const attempt = attemptsOf(dossier).find((p) => p.reference === command.reference);
      if (!attempt || attempt.status !== "pending" || dossier.payment?.status === "paid") {
        throw new ConflictError("payment.not_pending", { reference: command.reference });
      }
      const moved: Payment =
        command.type === "payment_paid"
          ? { ...attempt, status: "paid", paidAt: at, transactionNo: command.transactionNo, responseCode: command.responseCode }
          : command.type === "payment_failed"
            ? { ...attempt, status: "failed", failedAt: at, failure: "gateway", transactionNo: command.transactionNo, responseCode: command.responseCode }
            : { ...attempt, status: "failed", failedAt: at, failure: "expired" };
      next.payments = replaceAttempt(attemptsOf(dossier), moved);
      if (dossier.payment?.reference === attempt.reference) next.payment = moved;
      note =
        command.type === "payment_paid"
          ? `${attempt.provider.toUpperCase()} ${attempt.reference}: ${attempt.amount} VND`
          : command.type === "payment_failed"
            ? `${attempt.provider.toUpperCase()} ${attempt.reference}: code ${command.responseCode}`
            : `${attempt.provider.toUpperCase()} ${attempt.reference}`;
      extra.payment = paymentData(moved);
      break;
    }

    case "recompute_due": {
      next.dueAt = command.dueAt;
      if (dossier.resolvedAt) {
        next.resolution = classifyResolution({
          resolvedAt: new Date(dossier.resolvedAt),
          dueAt: new Date(command.dueAt),
          supplementRequests: dossier.supplementRequests,
        });
        extra.resolution = next.resolution;
      }
      break;
    }
    case "expire_uploads": {
      const attachments = { ...dossier.attachments };
      const removed = command.attachmentIds.filter((id) => attachments[id]);
      extra.attachmentIds = removed;
      // The files go after the commit, by the event's consumer: a crash cannot leave the record pointing at nothing.
      extra.objectKeys = removed.map((id) => attachments[id]!.objectKey);
      for (const id of removed) delete attachments[id];
      next.attachments = attachments;
      break;
    }
    case "flag_malware": {
      const attachment = dossier.attachments[command.attachmentId];
      if (!attachment) throw new NotFoundError("attachment.not_found", { id: command.attachmentId });
      if (attachment.malware) throw new ConflictError("attachment.already_flagged", { id: command.attachmentId });
      // A name of what was found, not a message: kept short, so a flag always fits the record.
      const signature = command.signature.trim().slice(0, 200) || "unknown";
      const finding = { signature, scanner: command.scanner.trim().slice(0, 40) || "unknown", at };
      next.attachments = { ...dossier.attachments, [attachment.id]: { ...attachment, malware: finding } };
      note = `${attachment.kind === "result" ? "result" : attachment.documentKey}: ${signature}`;
      extra.attachmentIds = [attachment.id];
      break;
    }
  }

  const rule: Rule = RULES[command.type];
  next.status = rule.to ?? dossier.status;
  const entry: TimelineEntry = {
    action: command.type satisfies TimelineAction,
    status: next.status,
    at,
    by: actor,
    ...(note ? { note } : {}),
    ...(extra.declarationSha256 ? { declarationSha256: extra.declarationSha256 } : {}),
  };
  next.timeline = [...dossier.timeline, entry];

  const data = baseData(dossier, next);
  const events: DossierEvent[] = [
    { type: EVENT_OF_ACTION[command.type], data: { ...data, ...(note ? { note } : {}), ...extra } },
    ...alsoEvents.map((e) => ({ type: e.type, data: { ...data, ...e.data } })),
  ].map((e, index) => ({ id: eventId(dossier.code, next.version, index), dossierCode: dossier.code, version: next.version, at, actor, ...e }));
  return { next, events };
}

// ------------------------------------------------------------------------------------------------ helpers

/** The supplement is in (the citizen's online, or brought to the desk): the clock runs again from `now`. */
function resume(next: Dossier, dossier: Dossier, now: Date): void {
  if (dossier.dueAt && dossier.pausedAt) {
    next.dueAt = resumeClock({
      dueAt: new Date(dossier.dueAt),
      pausedAt: new Date(dossier.pausedAt),
      resumedAt: now,
      mode: dossier.clock.supplement,
      processingDays: dossier.clock.processingDays,
      unit: dossier.clock.unit,
    }).toISOString();
  }
  next.pausedAt = undefined;
}

/** A receipt: the first one starts the clock; a transferred dossier keeps its clock (one due date for the whole inter-agency dossier). */
function receipt(next: Dossier, dossier: Dossier, now: Date): void {
  const at = now.toISOString();
  next.receivedAt = at;
  next.firstReceivedAt ??= at;
  next.firstReceivedBy ??= dossier.agencyCode;
  if (!dossier.dueAt) {
    next.dueAt = computeDueAt({ receivedAt: now, processingDays: dossier.clock.processingDays, unit: dossier.clock.unit }).toISOString();
  }
}

/** The attachments with the given ids marked verified, documents in the current round (verified ones stay as they are). */
function verify(dossier: Dossier, ids: string[], at: string): Dossier["attachments"] {
  const attachments = { ...dossier.attachments };
  for (const id of ids) {
    const attachment = attachments[id];
    if (attachment && attachment.state !== "verified") {
      attachments[id] = { ...attachment, state: "verified", verifiedAt: at, ...(attachment.kind === "document" ? { round: dossier.round } : {}) };
    }
  }
  return attachments;
}

/** Attempts kept in a dossier's `payments` history (the oldest are dropped; the day logs keep them all). */
export const MAX_PAYMENT_ATTEMPTS_KEPT = 10;

/** The attempts of a dossier, the current one included even in data written before the history existed. */
export function attemptsOf(dossier: Dossier): Payment[] {
  const history = dossier.payments ?? [];
  if (dossier.payment && !history.some((p) => p.reference === dossier.payment!.reference)) return [...history, dossier.payment];
  return history;
}

/** The history with one attempt replaced (matched by reference) and the list bounded. */
function replaceAttempt(history: Payment[], attempt: Payment): Payment[] {
  const found = history.some((p) => p.reference === attempt.reference);
  const next = found ? history.map((p) => (p.reference === attempt.reference ? attempt : p)) : [...history, attempt];
  return next.slice(-MAX_PAYMENT_ATTEMPTS_KEPT);
}

function paymentData(payment: Payment): NonNullable<EventData["payment"]> {
  return { reference: payment.reference, amount: payment.amount, status: payment.status, provider: payment.provider };
}

/** True when the dossier is past its due date, not yet resolved, and its clock runs (it is not waiting on the citizen). */
export function isOverdue(dossier: Dossier, now: Date): boolean {
  return Boolean(
    dossier.dueAt &&
      !dossier.resolvedAt &&
      !dossier.endedAt &&
      !dossier.pausedAt &&
      now > new Date(dossier.dueAt),
  );
}
