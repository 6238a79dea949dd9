/**
 * The back office's authorization matrix: ONE table of role × action × whose dossier → allowed
 * (docs/api.md "Officers"). `decide` still checks the status preconditions and that an agency acts on its own
 * dossiers; this table answers which officer of that agency may ask.
 *
 * - intake: the one-stop desk — receives, refuses at intake, asks for a supplement, enters counter dossiers and
 *   attaches their papers (scanned at the desk, and those brought back for a supplement), returns the result,
 *   prints the slips.
 * - specialist: examines — uploads the result, asks for a supplement, proposes a transfer.
 * - leader: decides — assigns, approves, denies, apologises (new date), stops, transfers.
 * - admin: the officers of their own agency (and reads its dossiers).
 * - operator: reads every agency's dossiers and runs the catalogue and keys; acts on no dossier.
 * Every role of another agency is refused (`officer.forbidden`), except the operator's reads.
 */
import { ForbiddenError } from "../errors";
import type { Officer, OfficerRole } from "./model";

export const OFFICER_PERMISSIONS = [
  "view",
  "receive",
  "reject_intake",
  "request_supplement",
  "transfer",
  "assign",
  "approve",
  "deny",
  "return_result",
  "stop",
  "apologize",
  "upload_result",
  "counter_intake",
  "attach_document",
  "receive_supplement",
  "slips",
  "manage_officers",
  "catalogue",
] as const;
export type OfficerPermission = (typeof OFFICER_PERMISSIONS)[number];

type Scope = "own" | "any";

/** For each permission, the roles that hold it, and whether over their own agency only or any agency. */
export const AUTHORIZATION: Readonly<Record<OfficerPermission, Partial<Record<OfficerRole, Scope>>>> = {
  view: { intake: "own", specialist: "own", leader: "own", admin: "own", operator: "any" },
  receive: { intake: "own" },
  reject_intake: { intake: "own" },
  request_supplement: { intake: "own", specialist: "own" },
  transfer: { specialist: "own", leader: "own" },
  assign: { leader: "own" },
  approve: { leader: "own" },
  deny: { leader: "own" },
  return_result: { intake: "own" },
  stop: { leader: "own" },
  apologize: { leader: "own" },
  upload_result: { specialist: "own", leader: "own" },
  counter_intake: { intake: "own" },
  attach_document: { intake: "own" },
  receive_supplement: { intake: "own" },
  slips: { intake: "own", leader: "own" },
  manage_officers: { admin: "own", operator: "any" },
  catalogue: { operator: "any" },
};

/** Whether one role may do `permission` on something of `agencyCode` (its own agency's, or another's). */
export function roleAllows(role: OfficerRole, permission: OfficerPermission, own: boolean): boolean {
  const scope = AUTHORIZATION[permission][role];
  return scope === "any" || (scope === "own" && own);
}

export function mayDo(officer: Pick<Officer, "roles" | "agencyCode">, permission: OfficerPermission, agencyCode: string): boolean {
  return officer.roles.some((role) => roleAllows(role, permission, officer.agencyCode === agencyCode));
}

/** @throws ForbiddenError `officer.forbidden` */
export function assertMay(officer: Pick<Officer, "roles" | "agencyCode">, permission: OfficerPermission, agencyCode: string): void {
  if (!mayDo(officer, permission, agencyCode)) throw new ForbiddenError("officer.forbidden", { action: permission, agencyCode });
}
