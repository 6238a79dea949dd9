import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AgencyIdentity } from "../agency/keys";
import { ConflictError, ForbiddenError, NotFoundError, RuleError } from "../errors";
import { DEFAULT_MAX_FILE_MB } from "../catalogue/model";
import { AGENCY_ACTIONS, TRANSITIONS } from "./lifecycle";
import { requirePayment } from "../payment/rules";
import { DeclareAttachmentInput, type Attachment, type Dossier, type DossierStatus } from "./model";
import { isDossierCode } from "./codes";
import { objectKeys, transition, verifyAttachments, type DossierDeps } from "./service";
import type { InboxQuery } from "./repository";

/** The body of `POST /v1/agency/dossiers/{code}/actions` (API.md "Agency"). */
export const AgencyActionInput = z.object({
  action: z.enum(AGENCY_ACTIONS),
  expectedVersion: z.number().int().min(1),
  note: z.string().trim().max(4000).optional(),
  /** transfer */
  toAgencyCode: z.string().max(32).optional(),
  /** return_result: which result documents go to the citizen (default: all uploaded) */
  resultAttachmentIds: z.array(z.string().max(64)).max(20).optional(),
  /** stop: the reason (alias of note) */
  reason: z.string().trim().max(4000).optional(),
  /** apologize: the new promised date */
  newDueAt: z.iso.datetime({ offset: true }).optional(),
});
export type AgencyActionInput = z.infer<typeof AgencyActionInput>;

export const DeclareResultInput = DeclareAttachmentInput.omit({ documentKey: true });
export type DeclareResultInput = z.infer<typeof DeclareResultInput>;

/**
 * One of the caller agency's dossiers.
 * @throws NotFoundError `dossier.not_found`; ForbiddenError `dossier.not_yours` for another agency's dossier
 */
export async function getForAgency(deps: Pick<DossierDeps, "dossiers">, identity: AgencyIdentity, code: string) {
  const dossier = isDossierCode(code) ? await deps.dossiers.get(code) : undefined;
  if (!dossier || dossier.status === "draft") throw new NotFoundError("dossier.not_found");
  if (dossier.agencyCode !== identity.agencyCode) throw new ForbiddenError("dossier.not_yours", { code });
  return dossier;
}

/** The caller's inbox: its dossiers, oldest due first, from the inbox index. */
export async function inbox(deps: Pick<DossierDeps, "dossiers">, identity: AgencyIdentity, query: Omit<InboxQuery, "agencyCode">) {
  return deps.dossiers.inbox({ ...query, agencyCode: identity.agencyCode });
}

/**
 * Moves a dossier one step for its agency, as one conditional write on status and version.
 * @throws ConflictError `dossier.version_conflict` (stale expectedVersion or a concurrent move),
 *   `dossier.invalid_transition`; ForbiddenError `dossier.not_yours`; RuleError for missing notes/targets/results,
 *   `payment.required` when the procedure is paid online before the result and is not paid yet
 */
export async function agencyAction(deps: DossierDeps, identity: AgencyIdentity, code: string, input: AgencyActionInput) {
  const dossier = await getForAgency(deps, identity, code);
  if (dossier.version !== input.expectedVersion) {
    throw new ConflictError("dossier.version_conflict", { code, expected: input.expectedVersion, current: dossier.version });
  }
  if (input.action === "transfer" && input.toAgencyCode && !(await deps.catalogue.getAgency(input.toAgencyCode))) {
    throw new RuleError("dossier.transfer_unknown_agency", {
      params: { agencyCode: input.toAgencyCode },
      errors: [{ path: "toAgencyCode", message: "dossier.transfer_unknown_agency" }],
    });
  }
  let attachments = dossier.attachments;
  if (input.action === "return_result" && TRANSITIONS.return_result.from.includes(dossier.status)) {
    requirePayment(await deps.catalogue.getProcedure(dossier.procedureCode), dossier, "before_result");
    attachments = await verifiedResults(deps, dossier, input.resultAttachmentIds);
  }
  return transition(
    deps,
    dossier,
    input.action,
    {
      now: deps.now(),
      actor: { type: "agency", agencyCode: identity.agencyCode, keyId: identity.keyId },
      note: input.note ?? input.reason,
      toAgencyCode: input.toAgencyCode,
      newDueAt: input.newDueAt ? new Date(input.newDueAt) : undefined,
    },
    (next) => ({ ...next, attachments }),
  );
}

/** An online result needs at least one uploaded result document, each matching its declaration. */
async function verifiedResults(deps: DossierDeps, dossier: Dossier, ids: string[] | undefined) {
  const results = Object.values(dossier.attachments).filter((a) => a.kind === "result" && (!ids || ids.includes(a.id)));
  const unknown = (ids ?? []).filter((id) => dossier.attachments[id]?.kind !== "result");
  if (unknown.length) {
    throw new RuleError("dossier.result_required", {
      errors: unknown.map((id) => ({ path: `resultAttachmentIds.${id}`, message: "attachment.missing_upload" })),
    });
  }
  if (dossier.delivery === "online" && results.length === 0) {
    throw new RuleError("dossier.result_required", { errors: [{ path: "resultAttachmentIds", message: "dossier.result_required" }] });
  }
  const declared = results.filter((a) => a.state === "declared");
  const problems = await verifyAttachments(deps.files, declared);
  if (problems.length) {
    throw new RuleError("dossier.result_required", {
      errors: problems.map((p, i) => ({ ...p, path: `results.${declared[i]?.id ?? i}` })),
    });
  }
  const verifiedAt = deps.now().toISOString();
  const attachments = { ...dossier.attachments };
  for (const a of declared) attachments[a.id] = { ...a, state: "verified", verifiedAt };
  return attachments;
}

const RESULT_STATUSES: DossierStatus[] = ["received", "approved", "denied"];

/**
 * Declares a result document and presigns its upload (the same path as citizens' uploads).
 * @throws ConflictError `dossier.invalid_transition` outside received/approved/denied
 */
export async function declareResult(deps: DossierDeps, identity: AgencyIdentity, code: string, input: DeclareResultInput) {
  const dossier = await getForAgency(deps, identity, code);
  if (!RESULT_STATUSES.includes(dossier.status)) {
    throw new ConflictError("dossier.invalid_transition", { action: "upload_result", status: dossier.status });
  }
  if (input.size > DEFAULT_MAX_FILE_MB * 1024 * 1024) {
    throw new RuleError("attachment.too_large", {
      params: { maxSizeMB: DEFAULT_MAX_FILE_MB },
      errors: [{ path: "size", message: "attachment.too_large" }],
    });
  }
  const id = randomUUID();
  const attachment: Attachment = {
    id,
    documentKey: "result",
    fileName: input.fileName,
    mediaType: input.mediaType,
    size: input.size,
    sha256: input.sha256,
    objectKey: objectKeys.result(code, id),
    state: "declared",
    declaredAt: deps.now().toISOString(),
    round: dossier.round,
    kind: "result",
  };
  await deps.dossiers.putAttachment(code, attachment, RESULT_STATUSES);
  const upload = await deps.files.presignUpload(attachment.objectKey, attachment);
  return { attachmentId: id, documentKey: "result", upload, expiresAt: upload.expiresAt };
}
