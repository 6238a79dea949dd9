/**
 * The applicant's papers an intake officer attaches to a counter (or post) dossier of their agency
 * (core/dossier/papers.ts), if the matrix lets them (`attach_document`: intake, own agency).
 */
import type { DossierDeps } from "../dossier/access";
import type { DeclareAttachmentInput, Dossier } from "../dossier/model";
import { attachPaper, declarePaper, type PaperTicket } from "../dossier/papers";
import { assertMay } from "./authorization";
import type { Officer } from "./model";
import { actorOf, officerDossier } from "./service";

/**
 * Declares a paper and presigns its upload.
 * @throws NotFoundError `dossier.not_found`; ForbiddenError `officer.forbidden`; as `declarePaper`
 */
export async function officerDeclarePaper(
  deps: DossierDeps,
  officer: Officer,
  code: string,
  input: DeclareAttachmentInput,
  idempotencyKey?: string,
): Promise<PaperTicket> {
  const dossier = await officerDossier(deps, officer, code);
  assertMay(officer, "attach_document", dossier.agencyCode);
  return declarePaper(deps, actorOf(officer), dossier, input, idempotencyKey);
}

/**
 * Records an uploaded paper once storage holds what was declared and it is screened; the timeline names the officer.
 * @throws NotFoundError `dossier.not_found`; ForbiddenError `officer.forbidden`; as `attachPaper`
 */
export async function officerAttachPaper(deps: DossierDeps, officer: Officer, code: string, attachmentId: string): Promise<Dossier> {
  const dossier = await officerDossier(deps, officer, code);
  assertMay(officer, "attach_document", dossier.agencyCode);
  return attachPaper(deps, actorOf(officer), dossier, attachmentId);
}
