import { createHash, randomUUID } from "node:crypto";
import { vietnamDate } from "../calendar";
import type { CatalogueRepository } from "../catalogue/repository";
import { DEFAULT_MAX_FILE_MB, MAX_DOSSIER_MB, type Procedure } from "../catalogue/model";
import { ConflictError, NotFoundError, RuleError, type FieldError } from "../errors";
import type { FileStore } from "../files";
import { idempotent, type IdempotencyStore } from "../idempotency";
import { derivedAccessToken, formatDossierCode, hashToken, isDossierCode, newAccessToken, tokenMatches, codeDay } from "./codes";
import { applyAction, isOverdue, type Action, type ActionContext } from "./lifecycle";
import type {
  Actor,
  Attachment,
  CreateDossierInput,
  DeclareAttachmentInput,
  Dossier,
  DossierStatus,
} from "./model";
import type { DossierRepository } from "./repository";
import { publicPayment, requirePayment } from "../payment/rules";

export interface DossierDeps {
  dossiers: DossierRepository;
  catalogue: Pick<CatalogueRepository, "getProcedure" | "getAgency">;
  files: FileStore;
  idempotency: IdempotencyStore;
  /** Derives the access token of a dossier created under an Idempotency-Key (never stored). */
  tokenSecret: string;
  now: () => Date;
}

const MB = 1024 * 1024;
const CITIZEN: Actor = { type: "citizen" };

/** Where uploads land before submission (expired by a bucket lifecycle rule when abandoned) and after. */
export const objectKeys = {
  draft: (code: string, attachmentId: string) => `drafts/${code}/${attachmentId}`,
  submitted: (code: string, attachmentId: string) => `dossiers/${code}/${attachmentId}`,
  result: (code: string, attachmentId: string) => `results/${code}/${attachmentId}`,
};

// ---------------------------------------------------------------- create

export interface CreatedDossier {
  code: string;
  accessToken: string;
  status: DossierStatus;
  procedureCode: string;
  agencyCode: string;
  createdAt: string;
  version: number;
}

/**
 * Creates a draft dossier with a fresh code and access token.
 * @throws NotFoundError `procedure.not_found`
 * @throws RuleError `dossier.procedure_info_only` (an "info" procedure takes no dossiers), `dossier.delivery_not_offered`
 * @throws RuleError `idempotency.key_reused`, ConflictError `idempotency.in_progress`
 */
export async function createDossier(
  deps: DossierDeps,
  input: CreateDossierInput,
  idempotencyKey?: string,
): Promise<CreatedDossier> {
  const procedure = await deps.catalogue.getProcedure(input.procedureCode);
  if (!procedure) throw new NotFoundError("procedure.not_found", { code: input.procedureCode });
  if (procedure.level === "info") throw new RuleError("dossier.procedure_info_only", { params: { code: procedure.code } });
  if (!procedure.resultDelivery.includes(input.delivery)) {
    throw new RuleError("dossier.delivery_not_offered", {
      params: { delivery: input.delivery },
      errors: [{ path: "delivery", message: "dossier.delivery_not_offered" }],
    });
  }
  const receivingAgencyCode = procedure.receivingAgencyCode ?? procedure.agencyCode;

  const build = async (code: string, token: string): Promise<CreatedDossier> => {
    const now = deps.now().toISOString();
    const dossier: Dossier = {
      code,
      procedureCode: procedure.code,
      procedureName: procedure.name,
      agencyCode: procedure.agencyCode,
      receivingAgencyCode,
      status: "draft",
      version: 1,
      applicant: input.applicant,
      delivery: input.delivery,
      formData: input.formData ?? {},
      tokenHash: hashToken(token),
      attachments: {},
      timeline: [{ action: "create", status: "draft", at: now, by: CITIZEN }],
      createdAt: now,
      channel: "online",
      supplementRequests: 0,
      clock: { processingDays: procedure.processingDays, unit: procedure.clockUnit, supplement: procedure.supplementClock },
      round: 0,
    };
    try {
      await deps.dossiers.create(dossier);
    } catch (err) {
      // A retry of a crashed attempt finds its own dossier already written: that is success.
      if (!(err instanceof ConflictError && err.code === "dossier.exists")) throw err;
    }
    return {
      code,
      accessToken: token,
      status: "draft",
      procedureCode: procedure.code,
      agencyCode: procedure.agencyCode,
      createdAt: dossier.createdAt,
      version: 1,
    };
  };

  const allocateCode = async () => {
    const day = vietnamDate(deps.now());
    const sequence = await deps.dossiers.nextSequence(receivingAgencyCode, codeDay(day));
    return formatDossierCode(receivingAgencyCode, day, sequence);
  };

  if (!idempotencyKey) return build(await allocateCode(), newAccessToken());

  const scope = `create`;
  const { value } = await idempotent<Omit<CreatedDossier, "accessToken">>(
    deps.idempotency,
    { scope, key: idempotencyKey, body: input, now: deps.now },
    async (run) => {
      const code = run.progress.code ?? (await run.saveProgress({ code: await allocateCode() })).code!;
      const created = await build(code, derivedAccessToken(deps.tokenSecret, `${scope}:${idempotencyKey}`, code));
      const { accessToken: _secret, ...stored } = created; // the answer is stored without the token
      return stored;
    },
  );
  const existing = await deps.dossiers.get(value.code);
  return {
    ...value,
    status: existing?.status ?? value.status,
    version: existing?.version ?? value.version,
    accessToken: derivedAccessToken(deps.tokenSecret, `${scope}:${idempotencyKey}`, value.code),
  };
}

// ---------------------------------------------------------------- access

/**
 * The dossier for its holder. A wrong token and an unknown code give the same 404, so codes cannot be probed.
 * @throws NotFoundError `dossier.not_found`
 */
export async function getWithToken(deps: Pick<DossierDeps, "dossiers">, code: string, token: string | undefined) {
  const dossier = isDossierCode(code) ? await deps.dossiers.get(code) : undefined;
  if (!dossier || !tokenMatches(token, dossier.tokenHash)) throw new NotFoundError("dossier.not_found");
  return dossier;
}

/** @throws NotFoundError `dossier.not_found` (drafts are not public either) */
export async function getPublic(deps: Pick<DossierDeps, "dossiers">, code: string) {
  const dossier = isDossierCode(code) ? await deps.dossiers.get(code) : undefined;
  if (!dossier || dossier.status === "draft") throw new NotFoundError("dossier.not_found");
  return dossier;
}

/** What anyone may see of a dossier: no personal data, no notes that could carry it. */
export function publicView(dossier: Dossier, now: Date) {
  return {
    code: dossier.code,
    procedureCode: dossier.procedureCode,
    procedureName: dossier.procedureName,
    agencyCode: dossier.agencyCode,
    receivingAgencyCode: dossier.receivingAgencyCode,
    status: dossier.status,
    submittedAt: dossier.submittedAt ?? null,
    receivedAt: dossier.receivedAt ?? null,
    dueAt: dossier.dueAt ?? null,
    resolvedAt: dossier.resolvedAt ?? null,
    resolution: dossier.resolution ?? null,
    overdue: isOverdue(dossier, now),
    clockPaused: dossier.status === "supplement_requested",
    apology: dossier.apology ? { text: dossier.apology.text, newDueAt: dossier.apology.newDueAt, at: dossier.apology.at } : null,
    payment: publicPayment(dossier),
    timeline: dossier.timeline.map((entry) => ({ status: entry.status, action: entry.action, at: entry.at })),
  };
}

// ---------------------------------------------------------------- attachments

function documentRule(procedure: Procedure, documentKey: string) {
  return procedure.documents.find((d) => d.key === documentKey);
}

/** The attachment id: derived from the Idempotency-Key when there is one, so a retry lands on the same entry. */
function attachmentIdFor(code: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  return createHash("sha256").update(`${code}\u0000${idempotencyKey}`).digest("hex").slice(0, 32);
}

function sameDeclaration(a: Attachment, b: DeclareAttachmentInput & { documentKey: string }) {
  return (
    a.documentKey === b.documentKey &&
    a.fileName === b.fileName &&
    a.mediaType === b.mediaType &&
    a.size === b.size &&
    a.sha256 === b.sha256
  );
}

/**
 * Declares a file for a document of the dossier and presigns its upload straight to storage.
 * @throws NotFoundError `dossier.not_found`
 * @throws RuleError `attachment.unknown_document`, `attachment.type_not_allowed`, `attachment.too_large`,
 *   `attachment.dossier_too_large`, `idempotency.key_reused`
 * @throws ConflictError `dossier.invalid_transition` when the dossier takes no uploads now
 */
export async function declareAttachment(
  deps: DossierDeps,
  code: string,
  token: string | undefined,
  input: DeclareAttachmentInput,
  idempotencyKey?: string,
) {
  const dossier = await getWithToken(deps, code, token);
  const statuses: DossierStatus[] = ["draft", "supplement_requested"];
  if (!statuses.includes(dossier.status)) {
    throw new ConflictError("dossier.invalid_transition", { action: "attach", status: dossier.status });
  }
  const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
  const rule = procedure && documentRule(procedure, input.documentKey);
  if (!procedure || !rule) {
    throw new RuleError("attachment.unknown_document", {
      params: { documentKey: input.documentKey },
      errors: [{ path: "documentKey", message: "attachment.unknown_document" }],
    });
  }
  const problems: FieldError[] = [];
  if (!rule.mediaTypes.includes(input.mediaType)) problems.push({ path: "mediaType", message: "attachment.type_not_allowed" });
  const maxBytes = (rule.maxSizeMB ?? DEFAULT_MAX_FILE_MB) * MB;
  if (input.size > maxBytes) problems.push({ path: "size", message: "attachment.too_large" });
  const id = attachmentIdFor(code, idempotencyKey);
  const existing = dossier.attachments[id];
  if (existing) {
    if (!sameDeclaration(existing, input)) throw new RuleError("idempotency.key_reused");
  } else {
    const total = Object.values(dossier.attachments)
      .filter((a) => a.kind === "document")
      .reduce((sum, a) => sum + a.size, 0);
    if (total + input.size > MAX_DOSSIER_MB * MB) problems.push({ path: "size", message: "attachment.dossier_too_large" });
  }
  if (problems.length) {
    throw new RuleError(problems[0]!.message, {
      params: { documentKey: input.documentKey, maxSizeMB: rule.maxSizeMB, maxDossierMB: MAX_DOSSIER_MB },
      errors: problems,
    });
  }
  const attachment: Attachment = existing ?? {
    id,
    documentKey: input.documentKey,
    fileName: input.fileName,
    mediaType: input.mediaType,
    size: input.size,
    sha256: input.sha256,
    objectKey: objectKeys.draft(code, id),
    state: "declared",
    declaredAt: deps.now().toISOString(),
    round: dossier.round,
    kind: "document",
  };
  if (!existing) await deps.dossiers.putAttachment(code, attachment, statuses);
  const upload = await deps.files.presignUpload(attachment.objectKey, attachment);
  return { attachmentId: id, documentKey: attachment.documentKey, upload, expiresAt: upload.expiresAt };
}

/**
 * Checks stored objects against what was declared: present, same size, same type, same SHA-256. s3rver does not
 * enforce presigned conditions and real S3 may be handed a bad client, so this is the gate.
 * Returns one field error per bad document, named by the document's key.
 */
export async function verifyAttachments(files: FileStore, attachments: Attachment[]): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  await Promise.all(
    attachments.map(async (attachment) => {
      const path = `documents.${attachment.documentKey}`;
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
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}

/** Verifies a round's uploads and moves them out of the drafts area. */
async function verifyRound(deps: DossierDeps, dossier: Dossier, procedure: Procedure | undefined, round: number) {
  const mine = Object.values(dossier.attachments).filter((a) => a.kind === "document" && a.round === round);
  const problems: FieldError[] = [];
  if (round === 0 && procedure) {
    for (const doc of procedure.documents) {
      if (doc.required && !mine.some((a) => a.documentKey === doc.key)) {
        problems.push({ path: `documents.${doc.key}`, message: "attachment.required_missing" });
      }
    }
  }
  if (round > 0 && mine.length === 0) problems.push({ path: "documents", message: "dossier.supplement_empty" });
  const pending = mine.filter((a) => a.state === "declared");
  problems.push(...(await verifyAttachments(deps.files, pending)));
  if (problems.length) throw new RuleError("dossier.attachments_invalid", { errors: problems });
  const verifiedAt = deps.now().toISOString();
  const attachments = { ...dossier.attachments };
  // One after another: a store failing half-way leaves a known prefix copied, which the retry copies again.
  for (const attachment of pending) {
    const objectKey = objectKeys.submitted(dossier.code, attachment.id);
    await deps.files.copy(attachment.objectKey, objectKey);
    attachments[attachment.id] = { ...attachment, objectKey, state: "verified", verifiedAt };
  }
  return attachments;
}

/** Applies a citizen or agency action with one conditional write. */
export async function transition(
  deps: Pick<DossierDeps, "dossiers">,
  dossier: Dossier,
  action: Action,
  ctx: ActionContext,
  change: (next: Dossier) => Dossier = (next) => next,
): Promise<Dossier> {
  const next = change(applyAction(dossier, action, ctx));
  await deps.dossiers.commit(dossier, next);
  return next;
}

/**
 * Submits a draft: every required document uploaded and matching its declaration. Submitting twice is harmless.
 * @throws RuleError `dossier.attachments_invalid` naming each missing or bad document (nothing moves)
 * @throws RuleError `payment.required` when the procedure is paid online before submission and is not paid yet
 */
export async function submitDossier(deps: DossierDeps, code: string, token: string | undefined) {
  const dossier = await getWithToken(deps, code, token);
  if (dossier.status !== "draft" && dossier.submittedAt) return dossier;
  if (dossier.status !== "draft") throw new ConflictError("dossier.invalid_transition", { action: "submit", status: dossier.status });
  const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
  requirePayment(procedure, dossier, "before_submit");
  try {
    const attachments = await verifyRound(deps, dossier, procedure, 0);
    return await transition(deps, dossier, "submit", { now: deps.now(), actor: CITIZEN }, (next) => ({ ...next, attachments }));
  } catch (err) {
    // A concurrent submit won (its commit, or its copies tripping over ours): answer as if this one had.
    const current = await deps.dossiers.get(code).catch(() => undefined);
    if (current?.status === "submitted") return current;
    throw err;
  }
}

/**
 * Answers a supplement request: the new uploads of this round are verified, the dossier goes back to `received`
 * and the clock resumes.
 */
export async function supplementDossier(deps: DossierDeps, code: string, token: string | undefined, note?: string) {
  const dossier = await getWithToken(deps, code, token);
  if (dossier.status !== "supplement_requested") {
    throw new ConflictError("dossier.invalid_transition", { action: "supplement", status: dossier.status });
  }
  const attachments = await verifyRound(deps, dossier, undefined, dossier.round);
  return transition(deps, dossier, "supplement", { now: deps.now(), actor: CITIZEN, note }, (next) => ({
    ...next,
    attachments,
  }));
}

/** @throws ConflictError `dossier.invalid_transition` once a result exists */
export async function withdrawDossier(deps: DossierDeps, code: string, token: string | undefined, reason: string) {
  const dossier = await getWithToken(deps, code, token);
  return transition(deps, dossier, "withdraw", { now: deps.now(), actor: CITIZEN, note: reason });
}

/**
 * Rates a returned dossier, once.
 * @throws ConflictError `dossier.invalid_transition` before `returned`, `dossier.feedback_exists` the second time
 */
export async function giveFeedback(
  deps: DossierDeps,
  code: string,
  token: string | undefined,
  feedback: { rating: number; comment?: string },
) {
  const dossier = await getWithToken(deps, code, token);
  if (dossier.status !== "returned") {
    throw new ConflictError("dossier.invalid_transition", { action: "feedback", status: dossier.status });
  }
  if (dossier.feedback) throw new ConflictError("dossier.feedback_exists");
  const at = deps.now().toISOString();
  const next: Dossier = {
    ...dossier,
    version: dossier.version + 1,
    feedback: { rating: feedback.rating, ...(feedback.comment ? { comment: feedback.comment } : {}), at },
    timeline: [...dossier.timeline, { action: "feedback", status: dossier.status, at, by: CITIZEN }],
  };
  await deps.dossiers.commit(dossier, next);
  return next;
}

/** Short-lived download links for a dossier's verified files, named with their original file names. */
export async function withDownloadLinks(files: FileStore, dossier: Dossier) {
  const links = await Promise.all(
    Object.values(dossier.attachments).map(async (a) => {
      const download = a.state === "verified" ? await files.presignDownload(a.objectKey, a.fileName, a.mediaType) : null;
      return {
        id: a.id,
        kind: a.kind,
        documentKey: a.documentKey,
        fileName: a.fileName,
        mediaType: a.mediaType,
        size: a.size,
        sha256: a.sha256,
        state: a.state,
        round: a.round,
        declaredAt: a.declaredAt,
        download,
      };
    }),
  );
  return links.sort((a, b) => a.declaredAt.localeCompare(b.declaredAt) || a.id.localeCompare(b.id));
}

/** Everything about a dossier, for its holder or its agency (never the token hash). */
export async function fullView(files: FileStore, dossier: Dossier, now: Date) {
  const { tokenHash: _hash, attachments: _attachments, ...rest } = dossier;
  const all = await withDownloadLinks(files, dossier);
  return {
    ...rest,
    ...publicView(dossier, now),
    timeline: dossier.timeline,
    // The holder and the agency see the whole attempt (reference, transaction number), not the public summary.
    payment: dossier.payment ?? null,
    attachments: all.filter((a) => a.kind === "document"),
    results: all.filter((a) => a.kind === "result"),
  };
}

export { verifyRound, CITIZEN };
