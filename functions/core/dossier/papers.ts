import { DEFAULT_MAX_FILE_MB } from "../catalogue/model";
import { ConflictError, NotFoundError, RuleError } from "../errors";
import type { AgencyActor, DossierDeps } from "./access";
import { checkStored, declareDocument, documentProblems, MAX_FILES_PER_DOCUMENT } from "./attachments";
import { change } from "./change";
import { assertAllowed, DECLARATION_FILE, statusesFor } from "./decide";
import type { Attachment, DeclareAttachmentInput, Dossier } from "./model";

/**
 * The applicant's papers of a dossier taken in at the one-stop desk or by post (docs/domain.md "The one-stop back
 * office": intake enters walk-in dossiers and digitises their papers). The dossier is received at once
 * (core/intake/counter.ts), so its papers come after, one file each, on the citizen's own path: declared (name,
 * type, size, SHA-256) and uploaded straight to storage with a presigned request, then checked in storage against
 * the declaration and screened (content, malware) before it counts. A file that counts is one `attach_document`
 * change through `decide`: a timeline entry naming the officer, a `dossier.document_attached` event. The window is
 * the rule's (`RULES.attach_document`: received, and not an online dossier).
 */

/** What a declaration of a paper answers: its upload ticket, or (the same file, attached already) none. */
export interface PaperTicket {
  attachmentId: string;
  documentKey: string;
  /** `verified`: the same file is attached already; there is nothing to upload. */
  state: Attachment["state"];
  upload: Awaited<ReturnType<DossierDeps["files"]["presignUpload"]>> | null;
  expiresAt: string | null;
}

/**
 * Declares one of the applicant's papers on a dossier of the actor's agency and presigns its upload. The same file
 * again (the same Idempotency-Key, or the same name, type, size and SHA-256) is the same paper: a fresh ticket while
 * it waits for its upload, no ticket once it is attached.
 * @throws ForbiddenError `dossier.not_yours`; ConflictError `dossier.invalid_transition` (not received),
 *   `attachment.exists` (the key named another file)
 * @throws RuleError `attachment.counter_only` (an online dossier), the procedure's rules and the dossier's caps as
 *   for the citizen's uploads (`attachment.unknown_document`, `attachment.type_not_allowed`, `attachment.too_large`,
 *   `attachment.too_many_for_document`, `attachment.too_many`, `attachment.dossier_too_large`)
 */
export async function declarePaper(
  deps: DossierDeps,
  actor: AgencyActor,
  dossier: Dossier,
  input: DeclareAttachmentInput,
  idempotencyKey?: string,
): Promise<PaperTicket> {
  // Read before (the channel, which the write's condition does not know); the write checks status and agency again.
  assertAllowed(dossier, "attach_document", actor);
  const paper = await declareDocument(
    deps,
    dossier.code,
    input,
    idempotencyKey,
    { statuses: statusesFor("attach_document"), agencyCode: actor.agencyCode },
    { sameFileStates: ["declared", "verified"] },
  );
  if (paper.state === "verified") return { attachmentId: paper.id, documentKey: paper.documentKey, state: "verified", upload: null, expiresAt: null };
  const upload = await deps.files.presignUpload(paper.objectKey, paper);
  return { attachmentId: paper.id, documentKey: paper.documentKey, state: "declared", upload, expiresAt: upload.expiresAt };
}

/** Attempts at recording a paper when another change of the dossier lands between its read and its write. */
const ATTEMPTS = 3;

/**
 * Records an uploaded paper: checked in storage against its declaration (present, size, type, SHA-256) and
 * screened (its first bytes against its type, the malware scanner's verdict), then `attach_document`. A paper
 * attached already answers the dossier as it is (a retry).
 * @throws NotFoundError `attachment.not_found`; ForbiddenError `dossier.not_yours`; ConflictError
 *   `dossier.invalid_transition`; RuleError `attachment.counter_only`
 * @throws RuleError the paper's problem (`attachment.missing_upload`, `attachment.size_mismatch`,
 *   `attachment.type_mismatch`, `attachment.checksum_mismatch`, `attachment.content_mismatch`, `attachment.infected`,
 *   `attachment.scan_pending`, `attachment.scan_failed`, or a rule of the procedure), naming `documents.<key>`:
 *   nothing is recorded, the declaration stays (upload it again, then ask again)
 * @throws UnavailableError when the malware scanner does not answer
 */
export async function attachPaper(deps: DossierDeps, actor: AgencyActor, dossier: Dossier, attachmentId: string): Promise<Dossier> {
  let current = dossier;
  for (let attempt = 1; ; attempt++) {
    const paper = current.attachments[attachmentId];
    if (!paper || paper.kind !== "document" || paper.id === DECLARATION_FILE) throw new NotFoundError("attachment.not_found", { id: attachmentId });
    // Recorded already (a retry whose first answer was lost): answered as it is, on a dossier that takes papers.
    if (paper.state === "verified" && current.agencyCode === actor.agencyCode && current.channel !== "online") return current;
    assertAllowed(current, "attach_document", actor);
    // Storage is read once: a retry after a concurrent change finds the same object (its key is the paper's own).
    if (attempt === 1) await checkPaper(deps, current, paper);
    try {
      return await change(deps, current, { type: "attach_document", attachmentId }, { now: deps.now(), actor });
    } catch (err) {
      if (!(err instanceof ConflictError && err.code === "dossier.version_conflict") || attempt >= ATTEMPTS) throw err;
      const again = await deps.dossiers.get(current.code);
      if (!again) throw new NotFoundError("dossier.not_found");
      current = again;
    }
  }
}

/** @throws RuleError naming the paper's first problem (see `attachPaper`) */
async function checkPaper(deps: DossierDeps, dossier: Dossier, paper: Attachment): Promise<void> {
  const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
  const path = `documents.${paper.documentKey}`;
  const problems = documentProblems(procedure, dossier.attachments, paper).map((p) => ({ path, message: p.message }));
  if (!problems.length) problems.push(...(await checkStored(deps, [paper])));
  if (problems.length) {
    const rule = procedure?.documents.find((d) => d.key === paper.documentKey);
    throw new RuleError(problems[0]!.message, {
      params: { documentKey: paper.documentKey, maxSizeMB: rule?.maxSizeMB ?? DEFAULT_MAX_FILE_MB, max: MAX_FILES_PER_DOCUMENT, id: paper.id },
      errors: problems,
    });
  }
}
