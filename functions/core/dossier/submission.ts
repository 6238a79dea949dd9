import { vietnamDate } from "../calendar";
import { ConflictError, NotFoundError, RuleError } from "../errors";
import { requestHash } from "../idempotency";
import { requirePayment } from "../payment/rules";
import { CITIZEN, getWithToken, type DossierDeps } from "./access";
import { checkDeclaredAtCreation, declaredAtCreation, uploadTickets, verifyRound } from "./attachments";
import { change } from "./change";
import { codeDay, derivedAccessToken, formatDossierCode, newAccessToken } from "./codes";
import { createHash } from "node:crypto";
import { formVersionOf } from "../catalogue/forms";
import type { Procedure } from "../catalogue/model";
import { assertAllowed, DECLARATION_FILE, type PrintedDeclaration } from "./decide";
import { newDraft } from "./draft";
import { checkDraftAnswers, checkSubmittedAnswers } from "./form";
import type { FormAnswers } from "../forms/definition";
import type { CreateDossierInput, Dossier, DossierStatus } from "./model";

/**
 * A citizen's dossier from draft to submission, and its supplement rounds: the citizen side of docs/api.md "Dossiers".
 * Each step is as few store requests as the rules allow (bench/submit.ts counts them): creating is a counter, an
 * idempotency record when there is a key, and the dossier; submitting is one read and one conditional write.
 */

export interface CreatedDossier {
  code: string;
  accessToken: string;
  status: DossierStatus;
  procedureCode: string;
  agencyCode: string;
  createdAt: string;
  version: number;
  /** An upload ticket for each file declared with the dossier, in the order given. */
  uploads: Awaited<ReturnType<typeof uploadTickets>>;
}

const CREATE_SCOPE = "create";

/**
 * Creates a draft dossier with a fresh code and access token. Under an Idempotency-Key the first attempt binds the key
 * to its code in one conditional write; a retry (after a crash at any point, or concurrently) finds the code, writes
 * the dossier if it is missing, and answers the same code and token (the token is derived from the key, never
 * stored). A retry uses up one number of the day's sequence; codes have gaps anyway (abandoned drafts).
 * @throws NotFoundError `procedure.not_found`
 * @throws RuleError `dossier.procedure_info_only` (an "info" procedure takes no dossiers), `dossier.delivery_not_offered`,
 *   `idempotency.key_reused` (the key was used with another body)
 */
export async function createDossier(deps: DossierDeps, input: CreateDossierInput, idempotencyKey?: string): Promise<CreatedDossier> {
  const procedure = await deps.catalogue.getProcedure(input.procedureCode);
  if (!procedure) throw new NotFoundError("procedure.not_found", { code: input.procedureCode });
  if (procedure.level === "info") throw new RuleError("dossier.procedure_info_only", { params: { code: procedure.code } });
  if (!procedure.resultDelivery.includes(input.delivery)) {
    throw new RuleError("dossier.delivery_not_offered", {
      params: { delivery: input.delivery },
      errors: [{ path: "delivery", message: "dossier.delivery_not_offered" }],
    });
  }
  const { attachments: declared = [], ...fields } = input;
  checkDeclaredAtCreation(procedure, declared);
  // Before a dossier number is taken: a refused declaration costs no write.
  const form = checkDraftAnswers(procedure, fields.formData as FormAnswers | undefined, deps.now());
  const receivingAgencyCode = procedure.receivingAgencyCode ?? procedure.agencyCode;
  const day = vietnamDate(deps.now());
  let code = formatDossierCode(receivingAgencyCode, day, await deps.dossiers.nextSequence(receivingAgencyCode, codeDay(day)));

  let token = newAccessToken();
  let replayed = false;
  if (idempotencyKey) {
    const claim = await deps.idempotency.claim({ scope: CREATE_SCOPE, key: idempotencyKey, requestHash: requestHash(input), value: { code } });
    if (!claim.claimed) {
      if (claim.existing.requestHash !== requestHash(input)) throw new RuleError("idempotency.key_reused");
      code = claim.existing.value.code ?? code;
      replayed = true;
    }
    token = derivedAccessToken(deps.tokenSecret, `${CREATE_SCOPE}:${idempotencyKey}`, code);
  }

  const now = deps.now();
  const attachments = declaredAtCreation(deps.files, code, declared, idempotencyKey, now);
  const dossier = newDraft({
    code,
    procedure,
    receivingAgencyCode,
    applicant: fields.applicant,
    delivery: fields.delivery,
    formData: form.formData,
    formVersion: form.formVersion,
    token,
    at: now,
    by: CITIZEN,
    channel: "online",
    locale: fields.language,
    attachments,
  });
  // The files declared with the dossier, in the order of the request (a replay finds them by their derived ids).
  const answer = async (d: Pick<Dossier, "status" | "version" | "createdAt" | "attachments">): Promise<CreatedDossier> => ({
    code,
    accessToken: token,
    status: d.status,
    procedureCode: procedure.code,
    agencyCode: procedure.agencyCode,
    createdAt: d.createdAt,
    version: d.version,
    uploads: await uploadTickets(
      deps.files,
      Object.keys(attachments).flatMap((id) => (d.attachments[id]?.state === "declared" ? [d.attachments[id]] : [])),
    ),
  });
  if (replayed) {
    // The first attempt may have written its dossier (then it may have moved on: answer as it is now) or died before.
    const existing = await deps.dossiers.get(code);
    if (existing) return answer(existing);
  }
  try {
    await deps.dossiers.create(dossier);
  } catch (err) {
    // A concurrent retry wrote it first: the same dossier.
    if (!(err instanceof ConflictError && err.code === "dossier.exists") || !idempotencyKey) throw err;
    const existing = await deps.dossiers.get(code);
    if (existing) return answer(existing);
  }
  return answer(dossier);
}

/**
 * Submits a draft: every required document uploaded and matching its declaration. Submitting twice is harmless.
 * @throws NotFoundError `dossier.not_found`; ConflictError `dossier.invalid_transition`
 * @throws RuleError `dossier.attachments_invalid` naming each missing or bad document (nothing moves)
 * @throws RuleError `payment.required` when the procedure is paid online before submission and is not paid yet
 */
export async function submitDossier(deps: DossierDeps, code: string, token: string | undefined): Promise<Dossier> {
  const dossier = await getWithToken(deps, code, token);
  if (dossier.submittedAt) return dossier;
  assertAllowed(dossier, "submit", CITIZEN);
  const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
  // Before the storage checks, so an unpaid dossier costs no reads (decide refuses it again).
  requirePayment(procedure, dossier, "before_submit");
  checkSubmittedAnswers(procedure, dossier, deps.now());
  try {
    const verified = await verifyRound(deps, dossier, procedure, "submission");
    const now = deps.now();
    const declaration = await printDeclaration(deps, dossier, procedure, now);
    return await change(deps, dossier, { type: "submit", verified, declaration }, { now, actor: CITIZEN, procedure });
  } catch (err) {
    // A concurrent submit won: answer as if this one had.
    if (!(err instanceof ConflictError && err.code === "dossier.version_conflict")) throw err;
    const current = await deps.dossiers.get(code);
    if (current?.submittedAt) return current;
    throw err;
  }
}

/**
 * Answers a supplement request: the new uploads of this round are verified, the dossier goes back to `received`
 * and the clock resumes.
 * @throws ConflictError `dossier.invalid_transition` unless a supplement was requested
 * @throws RuleError `dossier.attachments_invalid` (no new document, or a bad upload)
 */
export async function supplementDossier(deps: DossierDeps, code: string, token: string | undefined, note?: string): Promise<Dossier> {
  const dossier = await getWithToken(deps, code, token);
  assertAllowed(dossier, "supplement", CITIZEN);
  const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
  const verified = await verifyRound(deps, dossier, procedure, "supplement");
  return change(deps, dossier, { type: "supplement", verified, note }, { now: deps.now(), actor: CITIZEN });
}

/** @throws ConflictError `dossier.invalid_transition` once a result exists */
export async function withdrawDossier(deps: DossierDeps, code: string, token: string | undefined, reason: string): Promise<Dossier> {
  const dossier = await getWithToken(deps, code, token);
  return change(deps, dossier, { type: "withdraw", note: reason }, { now: deps.now(), actor: CITIZEN });
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
): Promise<Dossier> {
  const dossier = await getWithToken(deps, code, token);
  return change(deps, dossier, { type: "feedback", ...feedback }, { now: deps.now(), actor: CITIZEN });
}

/**
 * The filled declaration as a PDF, stored at the dossier's `declaration` file key before the submit is committed
 * (a failed commit leaves a file a retry overwrites; the record, not the key, says it was submitted). Its SHA-256
 * goes into the submit's timeline entry and event through decide.
 */
async function printDeclaration(deps: DossierDeps, dossier: Dossier, procedure: Procedure | undefined, now: Date): Promise<PrintedDeclaration | undefined> {
  const form = formVersionOf(procedure, dossier.formVersion);
  if (!form || !deps.printDeclaration || !deps.files.write) return undefined;
  const body = await deps.printDeclaration(dossier, form, now);
  const sha256 = createHash("sha256").update(body).digest("hex");
  const objectKey = deps.files.keyFor("document", dossier.code, DECLARATION_FILE);
  await deps.files.write(objectKey, body, { mediaType: "application/pdf", sha256 });
  return { objectKey, sha256, size: body.byteLength, fileName: `to-khai-${dossier.code}.pdf` };
}
