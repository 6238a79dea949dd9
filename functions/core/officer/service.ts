/**
 * The back office's services: who the caller is (a verified token → the portal's officer record, read on every
 * request so a disabled officer is refused at once), the inbox's tabs, an officer's actions and counter intake.
 * Every dossier change goes through the agency service (and so through `decide`), the officer named as its actor.
 */
import { vietnamDate } from "../calendar";
import { NotFoundError, ForbiddenError, RuleError, UnauthenticatedError } from "../errors";
import { getPublic, type AgencyActor, type DossierDeps } from "../dossier/access";
import { agencyAction, type OfficerActionInput } from "../dossier/agency";
import type { DossierStatus } from "../dossier/vocabulary";
import { intakeCounterDossier, type CounterIntakeDeps, type CounterIntakeInput } from "../intake/counter";
import { assertMay, mayDo } from "./authorization";
import { inboxPage, type InboxTab } from "./inbox";
import type { Dossier } from "../dossier/model";
import type { Officer, OfficerRepository, TokenVerifier } from "./model";

export interface OfficerDeps extends DossierDeps {
  officers: OfficerRepository;
  verifier: TokenVerifier;
}

/**
 * The officer behind a bearer token.
 * @throws UnauthenticatedError `auth.required`, `officer.token_invalid`; ForbiddenError `officer.unknown` (no record
 *   for the token's subject), `officer.disabled`
 */
export async function officerOf(deps: Pick<OfficerDeps, "officers" | "verifier">, token: string | undefined): Promise<Officer> {
  if (!token) throw new UnauthenticatedError("auth.required");
  const verified = await deps.verifier.verify(token);
  const officer = (await deps.officers.get(verified.sub)) ?? (verified.username ? await deps.officers.byUsername(verified.username) : undefined);
  if (!officer) throw new ForbiddenError("officer.unknown");
  if (officer.disabled) throw new ForbiddenError("officer.disabled");
  return officer;
}

export function actorOf(officer: Officer): AgencyActor & { type: "officer" } {
  return { type: "officer", agencyCode: officer.agencyCode, officerId: officer.officerId, name: officer.name };
}

export interface OfficerInboxQuery {
  tab?: InboxTab;
  status?: DossierStatus;
  /** An officer id, or `me`. */
  assignee?: string;
  /** A dossier code or part of the applicant's name. */
  q?: string;
  limit: number;
  cursor?: string;
  /** The operator may read another agency's inbox. */
  agencyCode?: string;
}

/**
 * A page of the caller agency's tab (or every open dossier), sorted by due time, with every tab's count: bounded
 * reads of the agency's inbox shelves (core/officer/inbox.ts), however many dossiers it holds.
 * @throws RuleError `request.invalid_cursor`; ForbiddenError `officer.forbidden` (another agency's, but for the operator)
 */
export async function officerInbox(deps: Pick<DossierDeps, "dossiers" | "now">, officer: Officer, query: OfficerInboxQuery) {
  const agencyCode = query.agencyCode ?? officer.agencyCode;
  assertMay(officer, "view", agencyCode);
  const assigneeId = query.assignee === "me" ? officer.officerId : query.assignee;
  return inboxPage(deps.dossiers, agencyCode, { tab: query.tab, status: query.status, assigneeId, q: query.q, limit: query.limit, cursor: query.cursor }, deps.now());
}

/**
 * One dossier for an officer: their agency's (or any, for the operator).
 * @throws NotFoundError `dossier.not_found`; ForbiddenError `officer.forbidden`
 */
export async function officerDossier(deps: Pick<DossierDeps, "dossiers">, officer: Officer, code: string): Promise<Dossier> {
  const dossier = await getPublic(deps, code);
  assertMay(officer, "view", dossier.agencyCode);
  return dossier;
}

/**
 * An action on a dossier, if the officer's roles allow it (the matrix), then as the agency's action named for them.
 * `assign` names an officer of the same agency.
 */
export async function officerAction(deps: OfficerDeps, officer: Officer, code: string, input: OfficerActionInput): Promise<Dossier> {
  const dossier = await officerDossier(deps, officer, code);
  assertMay(officer, input.action, dossier.agencyCode);
  let body = input;
  if (input.action === "assign" && input.officerId) {
    const target = await deps.officers.get(input.officerId);
    if (!target || target.disabled || target.agencyCode !== dossier.agencyCode) {
      throw new RuleError("officer.assignee_unknown", { errors: [{ path: "officerId", message: "officer.assignee_unknown" }] });
    }
    body = { ...input, officerName: target.name };
  }
  return agencyAction(deps, actorOf(officer), code, body);
}

/** A walk-in dossier entered at the desk: channel `counter`, received at once by the officer. */
export async function officerCounterIntake(
  deps: CounterIntakeDeps,
  officer: Officer,
  input: Omit<CounterIntakeInput, "channel" | "receivedAt" | "externalCode">,
  idempotencyKey?: string,
) {
  const procedure = await deps.catalogue.getProcedure(input.procedureCode);
  if (!procedure) throw new NotFoundError("procedure.not_found", { code: input.procedureCode });
  assertMay(officer, "counter_intake", procedure.agencyCode);
  return intakeCounterDossier(deps, { ...input, channel: "counter" }, { actor: actorOf(officer), idempotencyKey });
}

/** One line of the tracking book (Circular 01/2018 form 06, sổ theo dõi hồ sơ). */
export interface TrackingBookLine {
  code: string;
  procedureName: string;
  applicant: string;
  channel: string;
  receivedAt: string;
  dueAt: string;
  endedAt: string;
  status: DossierStatus;
  onTime: "" | "yes" | "no";
}

/**
 * The agency's tracking book: the dossiers it received between two Vietnam dates (inclusive), oldest first.
 * Reads the agency's inbox index, as the inbox does.
 */
export async function trackingBook(
  deps: Pick<DossierDeps, "dossiers">,
  officer: Officer,
  range: { from: string; to: string; agencyCode?: string },
): Promise<TrackingBookLine[]> {
  const agencyCode = range.agencyCode ?? officer.agencyCode;
  assertMay(officer, "view", agencyCode);
  const lines: TrackingBookLine[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.dossiers.inbox({ agencyCode, limit: 100, cursor });
    for (const d of page.items) {
      const received = d.firstReceivedAt ?? d.receivedAt;
      if (!received) continue;
      const day = vietnamDate(new Date(received));
      if (day < range.from || day > range.to) continue;
      const ended = d.endedAt ?? d.resolvedAt ?? "";
      lines.push({
        code: d.code,
        procedureName: d.procedureName,
        applicant: d.applicant.fullName,
        channel: d.channel,
        receivedAt: received,
        dueAt: d.dueAt ?? "",
        endedAt: ended,
        status: d.status,
        onTime: ended && d.dueAt ? (ended <= d.dueAt ? "yes" : "no") : "",
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.code.localeCompare(b.code));
}

/** What an agency's admin (or the operator) may change of an officer from the back office. */
export interface OfficerChange {
  roles?: Officer["roles"];
  disabled?: boolean;
}

/**
 * The officers of an agency as its admin manages them: every one, disabled ones included.
 * @throws ForbiddenError `officer.forbidden` (not an admin of that agency, nor the operator)
 */
export async function agencyOfficers(deps: Pick<OfficerDeps, "officers">, officer: Officer, agencyCode = officer.agencyCode): Promise<Officer[]> {
  assertMay(officer, "manage_officers", agencyCode);
  return deps.officers.listByAgency(agencyCode);
}

/**
 * Changes an officer's roles or disables (enables) them; a disabled officer is refused from their next request.
 * An admin manages their own agency's officers; only the operator grants or takes the province-wide `operator` role;
 * nobody disables themselves or takes away their own right to manage officers (the agency would be left without).
 * @throws NotFoundError `officer.not_found`; ForbiddenError `officer.forbidden`; RuleError `officer.operator_only`,
 *   `officer.self_lockout`
 */
export async function changeOfficer(
  deps: Pick<OfficerDeps, "officers">,
  officer: Officer,
  officerId: string,
  change: OfficerChange,
  now: Date,
): Promise<Officer> {
  const target = await deps.officers.get(officerId);
  if (!target) throw new NotFoundError("officer.not_found", { officerId });
  assertMay(officer, "manage_officers", target.agencyCode);
  const roles = change.roles ?? target.roles;
  const operatorChanged = roles.includes("operator") !== target.roles.includes("operator");
  if (operatorChanged && !officer.roles.includes("operator")) {
    throw new RuleError("officer.operator_only", { errors: [{ path: "roles", message: "officer.operator_only" }] });
  }
  const next: Officer = { ...target, roles: [...new Set(roles)], disabled: change.disabled ?? target.disabled, updatedAt: now.toISOString() };
  if (target.officerId === officer.officerId && (next.disabled || !mayDo(next, "manage_officers", target.agencyCode))) {
    throw new RuleError("officer.self_lockout", { errors: [{ path: change.disabled ? "disabled" : "roles", message: "officer.self_lockout" }] });
  }
  await deps.officers.put(next);
  return next;
}
