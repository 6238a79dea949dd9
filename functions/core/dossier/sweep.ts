import { addDays, vietnamDate } from "../calendar";
import { ConflictError, RuleError } from "../errors";
import type { CatalogueRepository, DossierRepository, EventConsumer, FileStore } from "../ports";
import { change } from "./change";
import { isAllowed } from "./decide";
import { DRAFT_UPLOAD_DAYS } from "./draft";

/**
 * Abandoned drafts' uploads. Files go to their final key when declared (nothing is copied at submission), so no
 * bucket rule can tell an abandoned upload from a submitted one. Instead, each night a draft is visited on the weeks
 * of its first month (`NIGHTLY_VISITS`: the nights its age in days is 8, 15, 22, 29 and 36) and the uploads at least
 * `ABANDONED_DRAFT_DAYS` old are taken off it (`expire_uploads`, a system command through `decide`); the event it
 * commits carries the object keys, and a consumer deletes the files — so a crash at any point leaves neither a record
 * pointing at deleted files nor files nobody deletes. The draft stays: its holder may upload again and submit.
 *
 * A draft takes files for its first `DRAFT_UPLOAD_DAYS` days (core/dossier/draft.ts), so the last visit finds
 * every file it may hold a week old: an upload left in a draft is deleted between 8 and 14 days after it was declared,
 * whenever in the draft's life that was.
 */

export const ABANDONED_DRAFT_DAYS = 7;
/** The nights a draft is visited: one a week, until every file it may hold is past ABANDONED_DRAFT_DAYS. */
export const NIGHTLY_VISITS = Math.floor(DRAFT_UPLOAD_DAYS / ABANDONED_DRAFT_DAYS) + 1;
const SYSTEM = { type: "system" } as const;

export interface SweepDeps {
  dossiers: DossierRepository;
  /** The receiving units: a day's dossier codes are numbered per unit. */
  catalogue: Pick<CatalogueRepository, "load">;
  now: () => Date;
}

/** The creation date whose drafts a sweep run on `today` (a Vietnam date) handles. */
export function sweptCreationDate(today: string): string {
  return addDays(today, -ABANDONED_DRAFT_DAYS);
}

/**
 * Takes the uploads off the drafts created on `createdOn` that are still drafts. Idempotent: a rerun finds none.
 * @returns how many drafts were looked at, and how many files were taken off
 * @throws RuleError `sweep.too_recent` for a date less than ABANDONED_DRAFT_DAYS ago; whatever the stores throw
 */
export async function sweepAbandonedUploads(deps: SweepDeps, createdOn: string): Promise<SweptDay> {
  return sweepCreationDay(deps, createdOn, await receivingUnits(deps));
}

/** What a sweep of one creation day did. */
export type SweptDay = { date: string; drafts: number; files: number };

/** The units whose day's codes a sweep reads: every agency of the catalogue. */
const receivingUnits = async (deps: SweepDeps) => (await deps.catalogue.load()).agencies.map((a) => a.code);

async function sweepCreationDay(deps: SweepDeps, createdOn: string, units: string[]): Promise<SweptDay> {
  if (createdOn > sweptCreationDate(vietnamDate(deps.now()))) {
    throw new RuleError("sweep.too_recent", { params: { date: createdOn, days: ABANDONED_DRAFT_DAYS } });
  }
  const codes = await deps.dossiers.draftsCreatedOn(createdOn, units);
  // Only what was declared that long ago: a holder who comes back and uploads again keeps the new files.
  const before = new Date(deps.now().getTime() - ABANDONED_DRAFT_DAYS * 86_400_000).toISOString();
  let files = 0;
  for (const code of codes) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const dossier = await deps.dossiers.get(code);
      const uploads = dossier ? Object.values(dossier.attachments).filter((a) => a.declaredAt <= before).map((a) => a.id) : [];
      if (!dossier || uploads.length === 0 || !isAllowed(dossier, "expire_uploads", SYSTEM)) break;
      try {
        await change(deps, dossier, { type: "expire_uploads", attachmentIds: uploads }, { now: deps.now(), actor: SYSTEM });
        files += uploads.length;
        break;
      } catch (err) {
        // The holder acted meanwhile (declared another file, submitted): read again and decide again.
        if (!(err instanceof ConflictError && err.code === "dossier.version_conflict")) throw err;
      }
    }
  }
  return { date: createdOn, drafts: codes.length, files };
}

/**
 * The nightly run: the drafts created on `first` (the day whose every upload just turned a week old) and, a week
 * apart before it, those visited again (see NIGHTLY_VISITS).
 * @returns per creation day, and the totals
 */
export async function sweepNight(deps: SweepDeps, first: string): Promise<SweptDay & { days: SweptDay[] }> {
  const units = await receivingUnits(deps); // once for the night's days
  const days: SweptDay[] = [];
  for (let visit = 0; visit < NIGHTLY_VISITS; visit++) {
    days.push(await sweepCreationDay(deps, addDays(first, -visit * ABANDONED_DRAFT_DAYS), units));
  }
  return {
    date: first,
    drafts: days.reduce((sum, d) => sum + d.drafts, 0),
    files: days.reduce((sum, d) => sum + d.files, 0),
    days,
  };
}

/** Deletes from storage the files an `expire_uploads` took off a draft (deleting a deleted file is no error). */
export function expiredUploadsConsumer(files: Pick<FileStore, "remove">): EventConsumer {
  return {
    name: "expired-uploads",
    async handle(events) {
      const keys = events.filter((e) => e.type === "dossier.uploads_expired").flatMap((e) => e.data.objectKeys ?? []);
      if (keys.length) await files.remove(keys);
    },
  };
}
