/** The nightly sweep of abandoned drafts' uploads (stacks/Jobs.ts). */
import { dynamoCatalogueRepository } from "../adapters/dynamo/catalogue-repository";
import type { Dynamo } from "../adapters/dynamo/client";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { sweepAbandonedUploads, sweepNight, sweptCreationDate, type SweepDeps, type SweptDay } from "../core/dossier/sweep";
import { addDays, vietnamDate } from "../core/calendar";
import { realTime, type Clock } from "./clock";
import { dossierRepository } from "./shared";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function sweepJobDeps(config: Config, clients: { db: Dynamo }, now: Clock): SweepDeps {
  return {
    dossiers: dossierRepository(config, clients.db),
    catalogue: dynamoCatalogueRepository(clients.db, config.tableName),
    now,
  };
}

/**
 * The creation day a sweep run after midnight handles: the one that ended `ABANDONED_DRAFT_DAYS` days before today
 * began, so every upload declared that day is past the age (core/dossier/sweep.ts takes only uploads that old, and a
 * day is swept once). `sweptCreationDate(today)` would be the day that began a week ago: run at 00:30, all but its
 * first half-hour's uploads would still be too young, and the next run moves on to the next day.
 */
export function sweepDay(now: Date): string {
  return sweptCreationDate(addDays(vietnamDate(now), -1));
}

/**
 * One sweep run, for the job, the local schedule and the CLI: the night `sweepDay` handles (the drafts of that day and
 * of the weeks before it: core/dossier/sweep.ts `sweepNight`), or the one creation day `date`.
 */
export function sweepRun(deps: SweepDeps, date?: string): Promise<SweptDay> {
  return date === undefined ? sweepNight(deps, sweepDay(deps.now())) : sweepAbandonedUploads(deps, date);
}

/**
 * The nightly sweep of abandoned uploads (EventBridge cron, stacks/Jobs.ts): takes the week-old uploads off the
 * drafts of `sweepDay` and of the weeks before it (core/dossier/sweep.ts `sweepNight`); the events it commits reach the
 * events function, which deletes the files. An event `{ "date": "YYYY-MM-DD" }` sweeps that one creation day instead
 * (idempotent: a rerun finds nothing more).
 * Throws on a malformed date rather than sweeping another day, and whatever the sweep throws (a date too recent,
 * a store failure: Lambda retries, the alarm says so).
 */
export function sweepJob(config: Config, clients: { db: Dynamo }, now: Clock = realTime) {
  const deps = sweepJobDeps(config, clients, now);
  const log = jsonLogger();
  return async (event: { date?: unknown } = {}) => {
    if (event.date !== undefined && (typeof event.date !== "string" || !ISO_DATE.test(event.date))) {
      throw new Error(`the sweep's date must be YYYY-MM-DD, got ${JSON.stringify(event.date)}`);
    }
    const result = await sweepRun(deps, event.date as string | undefined);
    log.info("abandoned uploads swept", result);
    return result;
  };
}
