import { sweepRun, type Adapters } from "../wiring";
import { addDays, atVietnamTime, vietnamDate } from "../core/calendar";
import { missingDays, runDay, runDays, yesterday } from "../core/stats/service";

/** How far back the local server fills missing statistics days at start-up. */
export const BACKFILL_DAYS = 30;

/**
 * The local stand-in for the deployed cron: at start-up it computes the missing days of the last month, then runs
 * the job every day at 00:05 Vietnam time (as EventBridge does deployed).
 */
export function startStatsSchedule(adapters: Adapters, log: (line: string) => void, now: () => Date = () => new Date()) {
  const deps = { source: adapters.days, store: adapters.stats, catalogue: adapters.catalogue, now };
  const sweep = async () => {
    const result = await sweepRun({ dossiers: adapters.dossiers, catalogue: adapters.catalogue, now });
    if (result.files) log(`drafts: took ${result.files} upload(s) off ${result.drafts} abandoned draft(s) looked at tonight`);
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  // One backward walk from the first missing day: each walk reads every ending since its first day (runDays), so
  // a walk per missing day would read the same endings again and again. The days between that were computed are
  // computed again, to the same rows.
  const backfill = async () => {
    const to = yesterday(now());
    const days = await missingDays(adapters.stats, addDays(to, -(BACKFILL_DAYS - 1)), to);
    if (!days.length || stopped) return;
    await runDays(deps, days[0]!, to);
    log(`statistics: computed ${days.length} missing day(s) up to ${to}`);
  };

  const scheduleNext = () => {
    if (stopped) return;
    const next = atVietnamTime(addDays(vietnamDate(now()), 1), "00:05");
    timer = setTimeout(async () => {
      try {
        const result = await runDay(deps, yesterday(now()));
        log(`statistics: computed ${result.date} (${result.dossiersRead} dossiers read, ${result.rows} rows)`);
      } catch (err) {
        log(`statistics: the daily job failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sweep().catch((err) => log(`drafts: the sweep failed: ${err instanceof Error ? err.message : String(err)}`));
      scheduleNext();
    }, Math.max(1_000, next.getTime() - now().getTime()));
    timer.unref();
  };

  const ready = Promise.all([backfill(), sweep().catch((err) => log(`drafts: the sweep failed: ${err instanceof Error ? err.message : String(err)}`))])
    .catch((err) => log(`statistics: back-fill failed: ${err instanceof Error ? err.message : String(err)}`))
    .finally(scheduleNext);

  return {
    ready,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
