import { vietnamDate } from "../calendar";
import type { Delivery, Procedure } from "../catalogue/model";
import { change } from "../dossier/change";
import { codeDay, derivedAccessToken, formatDossierCode, newAccessToken } from "../dossier/codes";
import { assertAllowed } from "../dossier/decide";
import { newDraft } from "../dossier/draft";
import type { Actor, Applicant, Dossier } from "../dossier/model";
import { ConflictError, NotFoundError, RuleError } from "../errors";
import { requestHash } from "../idempotency";
import type { DossierRepository, IdempotencyStore } from "../ports";

/**
 * Dossiers that come in at the one-stop desk or by post (docs/domain.md "Channels of intake"): created with their channel
 * and received at once (`counter_intake`), the clock started at the desk's receipt. Used by `dossiers import-counter`
 * (a province's one-stop system's records) and meant for the back office's walk-in intake.
 */

export interface CounterIntakeDeps {
  dossiers: DossierRepository;
  catalogue: { getProcedure(code: string): Promise<Procedure | undefined> };
  idempotency: IdempotencyStore;
  /**
   * Derives the access token of a dossier taken in under an idempotency key, so a retry answers the same token.
   * Without it every attempt gets a fresh random token (an import, whose tokens nobody is given).
   */
  tokenSecret?: string;
  now: () => Date;
}

export interface CounterIntakeInput {
  procedureCode: string;
  applicant: Applicant;
  delivery: Delivery;
  channel: "counter" | "post";
  formData?: Dossier["formData"];
  /** The unit whose desk took it in (the code carries it); default: the procedure's receiving unit, else its agency. */
  receivingAgencyCode?: string;
  /** When the desk received it; default: now. An import gives the one-stop system's time. */
  receivedAt?: Date;
  /** Its code in the system it comes from (an import). */
  externalCode?: string;
  /** The timeline note of the receipt. */
  note?: string;
}

export interface CounterIntake {
  dossier: Dossier;
  /** Shown once (a receipt slip may print it); only its hash is stored. */
  accessToken: string;
  /** False when an earlier attempt under the same key had created it. */
  created: boolean;
}

const SCOPE = "counter";
/**
 * Creates a counter (or post) dossier and receives it at once, as `actor` (the agency whose dossier it is, or one of
 * its officers). Under an idempotency key a retry — after a crash at any point, or concurrently — finds the dossier
 * of the first attempt (and receives it if that attempt died between the two writes) instead of making another.
 * @throws NotFoundError `procedure.not_found`
 * @throws RuleError `dossier.delivery_not_offered`; `idempotency.key_reused` (the key was used for another dossier)
 * @throws ForbiddenError `dossier.not_yours` when `actor` does not act for the procedure's agency
 */
export async function intakeCounterDossier(
  deps: CounterIntakeDeps,
  input: CounterIntakeInput,
  context: { actor: Actor; idempotencyKey?: string },
): Promise<CounterIntake> {
  const procedure = await deps.catalogue.getProcedure(input.procedureCode);
  if (!procedure) throw new NotFoundError("procedure.not_found", { code: input.procedureCode });
  if (!procedure.resultDelivery.includes(input.delivery)) {
    throw new RuleError("dossier.delivery_not_offered", {
      params: { delivery: input.delivery },
      errors: [{ path: "delivery", message: "dossier.delivery_not_offered" }],
    });
  }
  const receivingAgencyCode = input.receivingAgencyCode ?? procedure.receivingAgencyCode ?? procedure.agencyCode;
  const receivedAt = input.receivedAt ?? deps.now();
  const day = codeDay(vietnamDate(receivedAt));
  const tokenFor = (code: string) =>
    context.idempotencyKey && deps.tokenSecret ? derivedAccessToken(deps.tokenSecret, `${SCOPE}:${context.idempotencyKey}`, code) : newAccessToken();
  const draftOf = (code: string, token: string): Dossier =>
    newDraft({
      code,
      procedure,
      receivingAgencyCode,
      applicant: input.applicant,
      delivery: input.delivery,
      formData: input.formData,
      token,
      at: receivedAt,
      by: context.actor,
      channel: input.channel,
      externalCode: input.externalCode,
    });
  // Refused before a code is taken: an actor who may not receive it gets nothing written.
  assertAllowed(draftOf(formatDossierCode(receivingAgencyCode, vietnamDate(receivedAt), 1), "x"), "counter_intake", context.actor);

  const receive = async (draft: Dossier, token: string, created: boolean): Promise<CounterIntake> => {
    try {
      const dossier = await change(deps, draft, { type: "counter_intake", note: input.note }, { now: receivedAt, actor: context.actor });
      return { dossier, accessToken: token, created };
    } catch (err) {
      // A concurrent retry received it first: the same dossier.
      if (!(err instanceof ConflictError && err.code === "dossier.version_conflict")) throw err;
      const current = await deps.dossiers.get(draft.code);
      if (!current || current.status === "draft") throw err;
      return { dossier: current, accessToken: token, created: false };
    }
  };

  let code = formatDossierCode(receivingAgencyCode, vietnamDate(receivedAt), await deps.dossiers.nextSequence(receivingAgencyCode, day));
  if (context.idempotencyKey) {
    const hash = requestHash({ ...input, receivedAt: receivedAt.toISOString() });
    const claim = await deps.idempotency.claim({ scope: SCOPE, key: context.idempotencyKey, requestHash: hash, value: { code } });
    if (!claim.claimed) {
      if (claim.existing.requestHash !== hash) throw new RuleError("idempotency.key_reused");
      code = claim.existing.value.code ?? code;
      const existing = await deps.dossiers.get(code);
      // The first attempt wrote the draft and died before receiving it, or finished.
      if (existing?.status === "draft") return receive(existing, tokenFor(code), false);
      if (existing) return { dossier: existing, accessToken: tokenFor(code), created: false };
    }
  }
  const token = tokenFor(code);
  const draft = draftOf(code, token);
  try {
    await deps.dossiers.create(draft);
  } catch (err) {
    // A concurrent retry under the same key (the code is the key's) wrote it first: carry on with that one.
    if (!(err instanceof ConflictError && err.code === "dossier.exists") || !context.idempotencyKey) throw err;
    const existing = await deps.dossiers.get(code);
    if (!existing) throw err;
    return existing.status === "draft" ? receive(existing, token, false) : { dossier: existing, accessToken: token, created: false };
  }
  return receive(draft, token, true);
}
