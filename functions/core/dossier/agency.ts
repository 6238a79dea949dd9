import { z } from "zod";
import { RuleError, ConflictError } from "../errors";
import { getForAgency, type AgencyActor, type DossierDeps } from "./access";
import { verifyResults } from "./attachments";
import { change } from "./change";
import { AGENCY_ACTIONS, commandFrom, OFFICER_ACTIONS, type AgencyCommand, type CommandFields } from "./decide";
import { DeclareAttachmentInput, type Dossier } from "./model";

/** The body of `POST /v1/agency/dossiers/{code}/actions` (docs/api.md "Agency"); officers add `assign`. */
export const AgencyActionInput = z.object({
  action: z.enum(AGENCY_ACTIONS),
  expectedVersion: z.number().int().min(1),
  note: z.string().trim().max(4000).optional(),
  /** transfer */
  toAgencyCode: z.string().max(32).optional(),
  /** return_result: which result documents go to the citizen (default: all uploaded) */
  resultAttachmentIds: z.array(z.string().max(64)).max(20).optional(),
  /** stop, reject_intake: the reason (alias of note) */
  reason: z.string().trim().max(4000).optional(),
  /** apologize: the new promised date */
  newDueAt: z.iso.datetime({ offset: true }).optional(),
  /** request_supplement: each missing or wrong document and why */
  items: z
    .array(z.object({ documentKey: z.string().min(1).max(40), reason: z.string().trim().min(1).max(1000) }))
    .max(50)
    .optional(),
});
export type AgencyActionInput = z.infer<typeof AgencyActionInput>;

export const OfficerActionInput = AgencyActionInput.extend({
  action: z.enum(OFFICER_ACTIONS),
  /** assign */
  officerId: z.string().min(1).max(128).optional(),
  officerName: z.string().trim().min(1).max(200).optional(),
});
export type OfficerActionInput = z.infer<typeof OfficerActionInput>;

export const DeclareResultInput = DeclareAttachmentInput.omit({ documentKey: true });

/**
 * Moves a dossier one step for its agency (its system or an officer), as one conditional write on status and version.
 * @throws ConflictError `dossier.version_conflict` (stale expectedVersion or a concurrent move),
 *   `dossier.invalid_transition`; ForbiddenError `dossier.not_yours`; RuleError for missing notes/targets/results,
 *   `dossier.transfer_unknown_agency`, `payment.required` (before the result, when the procedure says so)
 */
export async function agencyAction(deps: DossierDeps, actor: AgencyActor, code: string, input: OfficerActionInput | AgencyActionInput): Promise<Dossier> {
  const dossier = await getForAgency(deps, actor, code);
  if (dossier.version !== input.expectedVersion) {
    throw new ConflictError("dossier.version_conflict", { code, expected: input.expectedVersion, current: dossier.version });
  }
  const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
  return change(deps, dossier, await commandOf(deps, dossier, input, actor), { now: deps.now(), actor, procedure });
}

/** The command an action body asks for, with what needs I/O (a transfer's target, the result files) checked. */
async function commandOf(deps: DossierDeps, dossier: Dossier, input: OfficerActionInput | AgencyActionInput, actor: AgencyActor): Promise<AgencyCommand> {
  const fields: CommandFields = { ...input, note: input.note ?? input.reason };
  if (input.action === "transfer" && input.toAgencyCode && !(await deps.catalogue.getAgency(input.toAgencyCode))) {
    throw new RuleError("dossier.transfer_unknown_agency", {
      params: { agencyCode: input.toAgencyCode },
      errors: [{ path: "toAgencyCode", message: "dossier.transfer_unknown_agency" }],
    });
  }
  if (input.action === "return_result") fields.results = await verifyResults(deps, dossier, input.resultAttachmentIds, actor);
  if (input.action === "assign" && !fields.officerId) {
    throw new RuleError("dossier.assignee_required", { errors: [{ path: "officerId", message: "dossier.assignee_required" }] });
  }
  return commandFrom(input.action, fields) as AgencyCommand;
}
