import { createHash, randomUUID } from "node:crypto";
import { DEFAULT_MAX_FILE_MB, MAX_DOSSIER_MB, type MediaType, type Procedure } from "../catalogue/model";
import { screenFile } from "../content-check";
import { ConflictError, NotFoundError, RuleError, UnavailableError, type DomainError, type FieldError } from "../errors";
import type { AttachmentGuard, FileStore, MalwareScanner } from "../ports";
import { CITIZEN, type AgencyActor, type DossierDeps } from "./access";
import { hashToken, isDossierCode } from "./codes";
import { assertAllowed, statusesFor } from "./decide";
import { DRAFT_UPLOAD_DAYS, withinUploadWindow } from "./draft";
import type { Attachment, AttachmentState, DeclareAttachmentInput, Dossier } from "./model";

/**
 * Files of a dossier: the citizen's documents and the agency's results. A file is declared (name, type, size,
 * SHA-256), uploaded by the browser straight to its final place in storage with a presigned request, and verified
 * against its declaration and screened (its content against its type, and for malware) when the dossier is
 * submitted (or supplemented, or the result returned).
 */

const MB = 1024 * 1024;

/** Files one document of a dossier may have, over all rounds. */
export const MAX_FILES_PER_DOCUMENT = 20;
/** Files a dossier's documents may count in all, over every round (results uploaded before count too). */
export const MAX_FILES_PER_DOSSIER = 100;
/**
 * Result files an agency may add beyond that: however many files the citizen handed in, the agency can still return
 * its result online (one return_result names at most this many).
 */
export const MAX_RESULT_FILES = 20;

export type DeclareResultInput = Omit<DeclareAttachmentInput, "documentKey">;

/** The attachment id: derived from the Idempotency-Key when there is one, so a retry lands on the same entry. */
export function attachmentIdFor(code: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  return createHash("sha256").update(`${code}\u0000${idempotencyKey}`).digest("hex").slice(0, 32);
}

export function newAttachment(
  files: FileStore,
  code: string,
  id: string,
  kind: Attachment["kind"],
  input: DeclareAttachmentInput,
  now: Date,
): Attachment {
  return {
    id,
    documentKey: input.documentKey,
    fileName: input.fileName,
    mediaType: input.mediaType,
    size: input.size,
    sha256: input.sha256,
    objectKey: files.keyFor(kind, code, id),
    state: "declared",
    declaredAt: now.toISOString(),
    kind,
  };
}

const sameFile = (a: Attachment, b: Attachment) =>
  a.kind === b.kind && a.documentKey === b.documentKey && a.fileName === b.fileName && a.mediaType === b.mediaType && a.size === b.size && a.sha256 === b.sha256;

/** The procedure's rules for a declared document, as field problems (empty when it is acceptable). */
export function documentProblems(procedure: Procedure | undefined, attachments: Dossier["attachments"], attachment: Attachment): FieldError[] {
  const rule = procedure?.documents.find((d) => d.key === attachment.documentKey);
  if (!rule) return [{ path: "documentKey", message: "attachment.unknown_document" }];
  const problems: FieldError[] = [];
  if (!(rule.mediaTypes as readonly string[]).includes(attachment.mediaType)) {
    problems.push({ path: "mediaType", message: "attachment.type_not_allowed" });
  }
  if (attachment.size > (rule.maxSizeMB ?? DEFAULT_MAX_FILE_MB) * MB) problems.push({ path: "size", message: "attachment.too_large" });
  const sameDocument = Object.values(attachments).filter((a) => a.kind === "document" && a.documentKey === attachment.documentKey);
  if (sameDocument.length > MAX_FILES_PER_DOCUMENT) problems.push({ path: "documentKey", message: "attachment.too_many_for_document" });
  return problems;
}

/**
 * Checks files declared with a dossier at its creation (`POST /v1/dossiers` with `attachments`) against the
 * procedure and the dossier's limits, before anything is written (no code number is used up by a refusal).
 * @throws RuleError `dossier.attachments_invalid` naming each file by its place in the list
 */
export function checkDeclaredAtCreation(procedure: Procedure, inputs: DeclareAttachmentInput[]): void {
  const seen: Dossier["attachments"] = {};
  const problems: FieldError[] = [];
  inputs.forEach((input, i) => {
    const attachment: Attachment = { ...input, id: String(i), objectKey: "", state: "declared", declaredAt: "", kind: "document" };
    seen[attachment.id] = attachment;
    for (const problem of documentProblems(procedure, seen, attachment)) problems.push({ path: `attachments.${i}.${problem.path}`, message: problem.message });
  });
  if (inputs.reduce((sum, input) => sum + input.size, 0) > MAX_DOSSIER_MB * MB) {
    problems.push({ path: "attachments", message: "attachment.dossier_too_large" });
  }
  if (problems.length) {
    throw new RuleError("dossier.attachments_invalid", { params: { maxDossierMB: MAX_DOSSIER_MB, max: MAX_FILES_PER_DOCUMENT }, errors: problems });
  }
}

/** The files declared with a new dossier, at their final keys; ids derived from the Idempotency-Key when there is one. */
export function declaredAtCreation(
  files: FileStore,
  code: string,
  inputs: DeclareAttachmentInput[],
  idempotencyKey: string | undefined,
  now: Date,
): Dossier["attachments"] {
  const attachments: Dossier["attachments"] = {};
  inputs.forEach((input, i) => {
    const id = attachmentIdFor(code, idempotencyKey === undefined ? undefined : `${idempotencyKey}\u0000${i}`);
    attachments[id] = newAttachment(files, code, id, "document", input, now);
  });
  return attachments;
}

/** Presigned uploads for declared files, in the order given. */
export async function uploadTickets(files: FileStore, attachments: Attachment[]) {
  return Promise.all(
    attachments.map(async (a) => {
      const upload = await files.presignUpload(a.objectKey, a);
      return { attachmentId: a.id, documentKey: a.documentKey, upload, expiresAt: upload.expiresAt };
    }),
  );
}

/**
 * Declares a file for a document of the dossier and presigns its upload straight to storage. One conditional write,
 * no read before it: the write itself checks the token, the status and the dossier's limits; the procedure's rules
 * for the document are checked on the dossier the write returns, and a declaration that breaks them is taken back.
 * @throws NotFoundError `dossier.not_found` (unknown code or wrong token)
 * @throws ConflictError `dossier.invalid_transition` when the dossier takes no uploads now; `attachment.exists`
 * @throws RuleError `attachment.unknown_document`, `attachment.type_not_allowed`, `attachment.too_large`,
 *   `attachment.too_many_for_document`, `attachment.too_many`, `attachment.dossier_too_large`;
 *   `dossier.draft_too_old` for a draft older than DRAFT_UPLOAD_DAYS
 */
export async function declareAttachment(
  deps: DossierDeps,
  code: string,
  token: string | undefined,
  input: DeclareAttachmentInput,
  idempotencyKey?: string,
) {
  if (!isDossierCode(code) || !token) throw new NotFoundError("dossier.not_found");
  const stored = await declareDocument(
    deps,
    code,
    input,
    idempotencyKey,
    { statuses: statusesFor("attach"), tokenHash: hashToken(token) },
    {
      sameFileStates: ["declared"],
      // Past the sweep's last visit: taken back (the declaration is one write, with no read before it).
      refuse: (written) => (withinUploadWindow(written, deps.now()) ? undefined : new RuleError("dossier.draft_too_old", { params: { code, days: DRAFT_UPLOAD_DAYS } })),
    },
  );
  const upload = await deps.files.presignUpload(stored.objectKey, stored);
  return { attachmentId: stored.id, documentKey: stored.documentKey, upload, expiresAt: upload.expiresAt };
}

/**
 * A document file declared in one conditional write under `guard` (with the documents' caps), then checked on the
 * dossier the write returns: the caller's `refuse`, the same file declared before, the procedure's rules; a
 * declaration refused after its write is taken back. Answers the attachment the declaration stands for: the new
 * one, or the same file declared before in one of `sameFileStates` (a retry with a new key, a ticket asked again),
 * this one taken back — of several such (two declarations racing), the first by declaration time and id, so that
 * exactly one stays. An attachment already verified is answered as it is, never taken back.
 */
export async function declareDocument(
  deps: Pick<DossierDeps, "dossiers" | "files" | "catalogue" | "now">,
  code: string,
  input: DeclareAttachmentInput,
  idempotencyKey: string | undefined,
  guard: Pick<AttachmentGuard, "statuses" | "tokenHash" | "agencyCode">,
  options: { sameFileStates: readonly AttachmentState[]; refuse?: (written: Dossier) => DomainError | undefined },
): Promise<Attachment> {
  const id = attachmentIdFor(code, idempotencyKey);
  const attachment = newAttachment(deps.files, code, id, "document", input, deps.now());
  let written: Dossier;
  try {
    written = await deps.dossiers.addAttachment(code, attachment, {
      ...guard,
      maxFiles: MAX_FILES_PER_DOSSIER,
      maxDocumentBytes: MAX_DOSSIER_MB * MB,
      repeatable: true,
    });
  } catch (err) {
    // The same key again once its file counts (verified, so no longer as declared): where a verified file is an
    // answer, it is this one; anywhere else the key named another declaration.
    if (!(err instanceof ConflictError && err.code === "attachment.exists") || !options.sameFileStates.includes("verified")) throw err;
    const current = await deps.dossiers.get(code);
    const held = current?.attachments[id];
    if (!current || !held || held.state !== "verified" || !sameFile(held, attachment)) throw err;
    written = current;
  }
  const stored = written.attachments[id] ?? attachment;
  // The same key again, for a file that counts already: nothing to take back, nothing to upload again.
  if (stored.state === "verified") return stored;
  const refused = options.refuse?.(written);
  if (refused) {
    await deps.dossiers.removeAttachment(code, stored);
    throw refused;
  }
  const [twin] = Object.values(written.attachments)
    .filter((a) => options.sameFileStates.includes(a.state) && sameFile(a, stored))
    .sort((a, b) => (a.declaredAt < b.declaredAt ? -1 : a.declaredAt > b.declaredAt ? 1 : a.id < b.id ? -1 : 1));
  if (twin && twin.id !== id) {
    await deps.dossiers.removeAttachment(code, stored);
    return twin;
  }
  const procedure = await deps.catalogue.getProcedure(written.procedureCode);
  const problems = documentProblems(procedure, written.attachments, stored);
  if (problems.length) {
    await deps.dossiers.removeAttachment(code, stored);
    const rule = procedure?.documents.find((d) => d.key === input.documentKey);
    throw new RuleError(problems[0]!.message, {
      params: { documentKey: input.documentKey, maxSizeMB: rule?.maxSizeMB ?? DEFAULT_MAX_FILE_MB, max: MAX_FILES_PER_DOCUMENT },
      errors: problems,
    });
  }
  return stored;
}

/**
 * Declares a result document and presigns its upload (the same path as citizens' uploads).
 * @throws ForbiddenError `dossier.not_yours`; ConflictError `dossier.invalid_transition` outside received/approved/denied
 * @throws RuleError `attachment.too_large`, `attachment.too_many` (past MAX_FILES_PER_DOSSIER + MAX_RESULT_FILES in all)
 */
export async function declareResult(deps: DossierDeps, actor: AgencyActor, code: string, input: DeclareResultInput) {
  if (!isDossierCode(code)) throw new NotFoundError("dossier.not_found");
  if (input.size > DEFAULT_MAX_FILE_MB * MB) {
    throw new RuleError("attachment.too_large", {
      params: { maxSizeMB: DEFAULT_MAX_FILE_MB },
      errors: [{ path: "size", message: "attachment.too_large" }],
    });
  }
  const id = randomUUID();
  const attachment = newAttachment(deps.files, code, id, "result", { ...input, documentKey: "result" }, deps.now());
  await deps.dossiers.addAttachment(code, attachment, {
    statuses: statusesFor("upload_result"),
    agencyCode: actor.agencyCode,
    maxFiles: MAX_FILES_PER_DOSSIER + MAX_RESULT_FILES,
    maxDocumentBytes: MAX_DOSSIER_MB * MB,
    repeatable: false, // bounded: MAX_RESULT_FILES past the documents' cap
  });
  const upload = await deps.files.presignUpload(attachment.objectKey, attachment);
  return { attachmentId: id, documentKey: "result" as const, upload, expiresAt: upload.expiresAt };
}

/**
 * Checks stored objects against what was declared: present, same size, same type, same SHA-256. s3rver does not
 * enforce presigned conditions and real S3 may be handed a bad client, so this is the gate.
 * Returns one field error per bad file, at `pathOf(attachment)`.
 */
export async function verifyAttachments(
  files: FileStore,
  attachments: Attachment[],
  pathOf: (attachment: Attachment) => string = (a) => `documents.${a.documentKey}`,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  await Promise.all(
    attachments.map(async (attachment) => {
      const path = pathOf(attachment);
      const stored = await files.inspect(attachment.objectKey);
      if (!stored) return problems.push({ path, message: "attachment.missing_upload" });
      if (stored.size !== attachment.size) return problems.push({ path, message: "attachment.size_mismatch" });
      if (stored.mediaType.split(";")[0]!.trim().toLowerCase() !== attachment.mediaType) {
        return problems.push({ path, message: "attachment.type_mismatch" });
      }
      const sha = stored.sha256 ?? (await files.sha256(attachment.objectKey));
      if (sha !== attachment.sha256) return problems.push({ path, message: "attachment.checksum_mismatch" });
      return undefined;
    }),
  );
  return sortByPath(problems);
}

/**
 * Screens stored files before anyone may open them (core/content-check.ts `screenFile`): the first bytes against the
 * declared type, and the malware scanner's verdict when there is a scanner (a local portal without ClamAV has none,
 * and checks content only). A file with no verdict yet passes only where the store itself keeps it from every
 * download until it is found clean (`verdictsGateDownloads`: GuardDuty); a verdict that comes later is flagged on
 * the dossier (core/dossier/malware.ts). Returns one field error per bad file, at `pathOf(attachment)`:
 * `attachment.infected`, `attachment.content_mismatch`, `attachment.missing_upload`, `attachment.scan_pending`,
 * `attachment.scan_failed`.
 * @throws UnavailableError when the scanner, or the store it reads, does not answer (a 503: try again)
 */
export async function screenAttachments(
  deps: { files: Pick<FileStore, "head">; scanner?: MalwareScanner },
  attachments: Attachment[],
  pathOf: (attachment: Attachment) => string = (a) => `documents.${a.documentKey}`,
): Promise<FieldError[]> {
  const screened = await Promise.all(
    attachments.map(async (attachment) => ({
      path: pathOf(attachment),
      screening: await screenFile(deps, { objectKey: attachment.objectKey, mediaType: attachment.mediaType as MediaType }),
    })),
  );
  const problems: FieldError[] = [];
  for (const { path, screening } of screened) {
    if (screening.ok === true) continue;
    if (screening.ok === false) {
      problems.push({ path, message: screening.message });
      continue;
    }
    const verdict = screening.scan;
    if (verdict.status === "pending") {
      if (!deps.scanner?.verdictsGateDownloads) problems.push({ path, message: "attachment.scan_pending" });
    } else if (verdict.status === "error") {
      if (verdict.unavailable) throw new UnavailableError(`malware scanner ${deps.scanner?.name ?? ""}`.trim(), new Error(verdict.reason));
      problems.push({ path, message: "attachment.scan_failed" });
    }
  }
  return sortByPath(problems);
}

/**
 * Checks each stored file against its declaration, then screens the ones that match (the cheaper checks first): the
 * gate every handed-in file passes (a round of the citizen's, an agency's results, an officer's counter papers).
 * @throws UnavailableError when the malware scanner does not answer
 */
export async function checkStored(
  deps: Pick<DossierDeps, "files" | "scanner">,
  attachments: Attachment[],
  pathOf?: (attachment: Attachment) => string,
): Promise<FieldError[]> {
  const path = pathOf ?? ((a: Attachment) => `documents.${a.documentKey}`);
  const checked = await Promise.all(
    attachments.map(async (attachment) => {
      // Flagged after an earlier look (a late verdict): moved to quarantine, and malware whatever storage says now.
      if (attachment.malware) return [{ path: path(attachment), message: "attachment.infected" }];
      const problems = await verifyAttachments(deps.files, [attachment], pathOf);
      return problems.length ? problems : screenAttachments(deps, [attachment], pathOf);
    }),
  );
  return sortByPath(checked.flat());
}

const sortByPath = (problems: FieldError[]) => problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/**
 * The citizen's uploads of the round being handed in (submission: round 0; a supplement: the current round),
 * checked in storage and against the procedure, and screened (`screenAttachments`). Returns the ids to mark verified.
 * @throws RuleError `dossier.attachments_invalid` naming each missing, bad, mistyped or infected document (nothing moves)
 * @throws UnavailableError when the malware scanner does not answer
 */
export async function verifyRound(
  deps: Pick<DossierDeps, "files" | "scanner">,
  dossier: Dossier,
  procedure: Procedure | undefined,
  round: "submission" | "supplement",
): Promise<string[]> {
  const documents = Object.values(dossier.attachments).filter((a) => a.kind === "document");
  const pending = documents.filter((a) => a.state === "declared");
  const problems: FieldError[] = [];
  if (round === "submission" && procedure) {
    for (const doc of procedure.documents) {
      if (doc.required && !documents.some((a) => a.documentKey === doc.key)) {
        problems.push({ path: `documents.${doc.key}`, message: "attachment.required_missing" });
      }
    }
  }
  if (round === "supplement" && pending.length === 0) {
    problems.push({ path: "documents", message: "dossier.supplement_empty" });
  }
  for (const attachment of pending) {
    for (const problem of documentProblems(procedure, dossier.attachments, attachment)) {
      problems.push({ path: `documents.${attachment.documentKey}`, message: problem.message });
    }
  }
  problems.push(...(await checkStored(deps, pending)));
  if (problems.length) throw new RuleError("dossier.attachments_invalid", { errors: problems });
  return pending.map((a) => a.id);
}

/**
 * The result documents an agency returns, checked in storage and screened: the ones named (default: all uploaded).
 * @throws RuleError `dossier.result_required` naming an unknown id or a bad, mistyped or infected upload
 * @throws UnavailableError when the malware scanner does not answer
 */
export async function verifyResults(deps: Pick<DossierDeps, "files" | "scanner">, dossier: Dossier, ids: string[] | undefined, actor: AgencyActor): Promise<string[]> {
  assertAllowed(dossier, "return_result", actor);
  const results = Object.values(dossier.attachments).filter((a) => a.kind === "result" && (!ids || ids.includes(a.id)));
  const unknown = (ids ?? []).filter((id) => dossier.attachments[id]?.kind !== "result");
  if (unknown.length) {
    throw new RuleError("dossier.result_required", {
      errors: unknown.map((id) => ({ path: `resultAttachmentIds.${id}`, message: "attachment.missing_upload" })),
    });
  }
  const declared = results.filter((a) => a.state === "declared");
  const problems = await checkStored(deps, declared, (a) => `results.${a.id}`);
  if (problems.length) throw new RuleError("dossier.result_required", { errors: problems });
  return results.map((a) => a.id);
}

export { CITIZEN };
