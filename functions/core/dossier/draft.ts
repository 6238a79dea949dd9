import type { Procedure } from "../catalogue/model";
import { hashToken } from "./codes";
import type { Actor, Attachment, Dossier } from "./model";
import type { Channel } from "./vocabulary";

/**
 * How long a draft takes new files, from its creation: the nightly sweep visits a draft until every file it may hold
 * is a week old (core/dossier/sweep.ts), so nothing uploaded into a draft is left behind for good.
 */
export const DRAFT_UPLOAD_DAYS = 28;

/** False for a draft past its first DRAFT_UPLOAD_DAYS at `now`; any other dossier's uploads its status rule decides. */
export function withinUploadWindow(dossier: Pick<Dossier, "status" | "createdAt">, now: Date): boolean {
  return dossier.status !== "draft" || now.getTime() < Date.parse(dossier.createdAt) + DRAFT_UPLOAD_DAYS * 86_400_000;
}

export interface NewDraft {
  code: string;
  procedure: Procedure;
  /** The unit that receives it: the one asked for, else the procedure's receiving unit, else its agency. */
  receivingAgencyCode?: string;
  applicant: Dossier["applicant"];
  delivery: Dossier["delivery"];
  formData?: Dossier["formData"];
  /** The version of the procedure's form the answers follow (the current one at creation). */
  formVersion?: number;
  /** The access token handed to the holder; only its hash is kept. */
  token: string;
  at: Date;
  by: Actor;
  channel: Channel;
  attachments?: Record<string, Attachment>;
  externalCode?: string;
  locale?: "vi" | "en";
}

/**
 * A dossier as it is first written: a draft at version 1, its clock taken from the procedure as it is today, one
 * `create` entry in its timeline. Every way a dossier comes to be (online, at the counter, the demo year) starts
 * here, so a field added to a dossier is added once.
 */
export function newDraft(input: NewDraft): Dossier {
  const { procedure } = input;
  const at = input.at.toISOString();
  return {
    code: input.code,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    agencyCode: procedure.agencyCode,
    receivingAgencyCode: input.receivingAgencyCode ?? procedure.receivingAgencyCode ?? procedure.agencyCode,
    status: "draft",
    version: 1,
    applicant: input.applicant,
    delivery: input.delivery,
    formData: input.formData ?? {},
    ...(input.formVersion !== undefined ? { formVersion: input.formVersion } : {}),
    tokenHash: hashToken(input.token),
    attachments: input.attachments ?? {},
    timeline: [{ action: "create", status: "draft", at, by: input.by }],
    createdAt: at,
    channel: input.channel,
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.externalCode ? { externalCode: input.externalCode } : {}),
    supplementRequests: 0,
    clock: { processingDays: procedure.processingDays, unit: procedure.clockUnit, supplement: procedure.supplementClock },
    round: 0,
  };
}
