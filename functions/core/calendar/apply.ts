import { change } from "../dossier/change";
import type { Dossier, Resolution } from "../dossier/model";
import { ConflictError, DomainError } from "../errors";
import type { DossierRepository } from "../ports";
import { addDays, vietnamDate } from "./dates";
import { clockChanges } from "./replay";

/**
 * `calendar apply --from DATE` (issue 19): after a correction of the days off from DATE on, every stored due date
 * that the correction moves is recomputed, and with it the early / on-time / late classification of a resolved
 * dossier, through the dossier decision path (the system command `recompute_due`). The one calendar module that
 * touches dossiers: the rest of core/calendar is pure and knows no dossier (it is not exported from the index).
 *
 * Which dossiers? Those whose stored due instant is at or after DATE's start: a clock that reached its due time
 * before DATE crossed no changed day (the working time it counted lies before DATE, and the corrected calendar
 * agrees there), so its due date cannot move; one due on or after DATE may. They are read from the agency inbox
 * index, which holds every dossier past its draft sorted by due date — per agency of the catalogue, from DATE on.
 * A dossier still paused for a supplement keeps its stored (pre-pause) due date until the citizen answers; the
 * resumption is computed with the corrected calendar.
 */

export interface CalendarApplyDeps {
  dossiers: DossierRepository;
  catalogue: { load(): Promise<{ agencies: readonly { code: string }[] }> };
  now: () => Date;
}

export interface MovedDossier {
  code: string;
  agencyCode: string;
  dueAt: { from: string | null; to: string };
  resolution: { from: Resolution | null; to: Resolution | null };
}

export interface CalendarApplyReport {
  from: string;
  /** Dossiers due on or after `from` that were checked. */
  examined: number;
  /** Those whose due date or classification the corrected calendar changes (moved, or to move with `dryRun`). */
  moved: MovedDossier[];
  /** Dossiers with a stored due date but no receipt in their timeline: left as they are, for a person to look at. */
  unexplained: string[];
  failed: { code: string; error: string }[];
  /** The first day whose statistics the moves change (its counts or its period-end snapshot), or null. */
  firstAffectedDay: string | null;
  dryRun: boolean;
}

const PAGE = 100;
const ATTEMPTS = 3;

/**
 * Recomputes the due dates that a calendar correction from `from` on moves. Idempotent: a dossier whose stored due
 * date and classification already agree with the calendar is not written (no change, no event), so a second run
 * moves nothing.
 * @throws DomainError `calendar.invalid_date` for a bad `from`; whatever the store throws while reading (a dossier
 *   that cannot be written is reported in `failed`, and the others go on)
 */
export async function applyCalendar(
  deps: CalendarApplyDeps,
  from: string,
  options: { dryRun?: boolean; onAgency?: (done: number, total: number) => void } = {},
): Promise<CalendarApplyReport> {
  addDays(from, 0); // validates the date
  const { agencies } = await deps.catalogue.load();
  const report: CalendarApplyReport = { from, examined: 0, moved: [], unexplained: [], failed: [], firstAffectedDay: null, dryRun: Boolean(options.dryRun) };
  const affect = (day: string) => {
    if (report.firstAffectedDay === null || day < report.firstAffectedDay) report.firstAffectedDay = day;
  };
  let done = 0;
  for (const agency of agencies) {
    let cursor: string | undefined;
    do {
      const page = await deps.dossiers.inbox({ agencyCode: agency.code, from, limit: PAGE, cursor });
      cursor = page.nextCursor ?? undefined;
      for (const dossier of page.items) {
        if (!dossier.dueAt) continue; // not received yet: no clock
        report.examined++;
        try {
          const moved = await recompute(deps, dossier, from, Boolean(options.dryRun));
          if (moved === "unexplained") report.unexplained.push(dossier.code);
          else if (moved) {
            report.moved.push(moved);
            const dues = [moved.dueAt.from, moved.dueAt.to].filter((d): d is string => Boolean(d)).map((d) => vietnamDate(new Date(d)));
            affect(dues.sort()[0]!);
            if (moved.resolution.from !== moved.resolution.to && dossier.resolvedAt) affect(vietnamDate(new Date(dossier.resolvedAt)));
          }
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          report.failed.push({ code: dossier.code, error: err.code });
        }
      }
    } while (cursor);
    options.onAgency?.(++done, agencies.length);
  }
  return report;
}

/** One dossier: what moves, written unless `dryRun`; re-read and decided again when it changed meanwhile. */
async function recompute(deps: CalendarApplyDeps, dossier: Dossier, from: string, dryRun: boolean): Promise<MovedDossier | "unexplained" | undefined> {
  let current: Dossier | undefined = dossier;
  for (let attempt = 1; current; attempt++) {
    const [found] = clockChanges([current]);
    if (!found) return undefined;
    if (!found.dueAt.recomputed) return "unexplained";
    const moved: MovedDossier = {
      code: current.code,
      agencyCode: current.agencyCode,
      dueAt: { from: found.dueAt.stored, to: found.dueAt.recomputed },
      resolution: { from: found.resolution.stored, to: found.resolution.recomputed },
    };
    if (dryRun) return moved;
    try {
      await change(
        deps,
        current,
        { type: "recompute_due", dueAt: found.dueAt.recomputed, note: `Lịch ngày nghỉ được điều chỉnh từ ${from}: tính lại ngày hẹn trả` },
        { now: deps.now(), actor: { type: "system" } },
      );
      return moved;
    } catch (err) {
      if (!(err instanceof ConflictError && err.code === "dossier.version_conflict") || attempt >= ATTEMPTS) throw err;
      current = await deps.dossiers.get(current.code);
    }
  }
  return undefined;
}
