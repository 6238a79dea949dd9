import type { FormDefinition } from "../forms/definition";
import type { Procedure, Agency } from "../catalogue/model";
import { ForbiddenError, NotFoundError } from "../errors";
import type { DossierRepository, FileStore, IdempotencyStore, InboxQuery, MalwareScanner } from "../ports";
import { isDossierCode, tokenMatches } from "./codes";
import { statusesFor } from "./decide";
import type { Actor, Dossier } from "./model";

/** What the dossier services are handed (composed once, in functions/wiring.ts). */
export interface DossierDeps {
  dossiers: DossierRepository;
  /** The catalogue as a warm process holds it (core/catalogue/cache.ts): no store round trip per request. */
  catalogue: { getProcedure(code: string): Promise<Procedure | undefined>; getAgency(code: string): Promise<Agency | undefined> };
  files: FileStore;
  /**
   * Screens every file handed in (submission, supplement, an agency's result) for malware: GuardDuty's verdict
   * deployed, ClamAV locally. Absent only on a local portal without ClamAV (files' contents are still checked).
   */
  scanner?: MalwareScanner;
  idempotency: IdempotencyStore;
  /** Derives the access token of a dossier created under an Idempotency-Key (never stored). */
  tokenSecret: string;
  now: () => Date;
  /** Prints the filled declaration form (a PDF) at submission; absent: no printed declaration is kept. */
  printDeclaration?: (dossier: Dossier, form: FormDefinition, at: Date) => Promise<Uint8Array>;
}

/** The holder of a dossier's access token. */
export const CITIZEN: Actor = { type: "citizen" };

/** Who acts for an agency: its system (API key) or one of its officers. */
export type AgencyActor = Extract<Actor, { type: "agency" | "officer" }>;

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
  if (!dossier || !statusesFor("view").includes(dossier.status)) throw new NotFoundError("dossier.not_found");
  return dossier;
}

/**
 * One of the acting agency's dossiers.
 * @throws NotFoundError `dossier.not_found`; ForbiddenError `dossier.not_yours` for another agency's dossier
 */
export async function getForAgency(deps: Pick<DossierDeps, "dossiers">, actor: AgencyActor, code: string): Promise<Dossier> {
  const dossier = isDossierCode(code) ? await deps.dossiers.get(code) : undefined;
  if (!dossier || !statusesFor("view").includes(dossier.status)) throw new NotFoundError("dossier.not_found");
  if (dossier.agencyCode !== actor.agencyCode) throw new ForbiddenError("dossier.not_yours", { code });
  return dossier;
}

/** The agency's inbox: its dossiers, oldest due first, from the inbox index. */
export async function inbox(deps: Pick<DossierDeps, "dossiers">, actor: AgencyActor, query: Omit<InboxQuery, "agencyCode">) {
  return deps.dossiers.inbox({ ...query, agencyCode: actor.agencyCode });
}
