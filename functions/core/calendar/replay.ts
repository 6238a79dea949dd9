import { classifyResolution, computeDueAt, resumeClock, type ClockOptions, type ClockUnit, type Resolution, type SupplementClock } from "./clock";

/**
 * A dossier's clock replayed from its timeline with the calendar as it is now (docs/domain.md "The clock"): the due
 * instant set at the first receipt, moved by each supplement (pause or restart), and the resolution it gives.
 *
 * Two users: the period-end snapshot, which needs the due time in force at a past instant (a later supplement
 * moves `dueAt`, so the stored value may not be the one that stood then), and `calendar apply`, which recomputes the
 * due dates and classifications of dossiers received before a calendar correction. The rules are the lifecycle's:
 * the first `receive` (or `counter_intake`, a desk's receipt) starts the clock (a transfer keeps it),
 * `request_supplement` pauses it, `supplement` resumes it (`resumeClock`), `approve`/`deny` classify
 * (`classifyResolution`, supplement requests so far).
 * Structural input, so the calendar does not depend on the dossier model.
 */

export interface ClockHistory {
  clock: { processingDays: number; unit: ClockUnit; supplement: SupplementClock };
  /** Oldest first; only `action` and `at` are read. */
  timeline: readonly { action: string; at: string }[];
}

export interface ReplayedClock {
  /** The first receipt, when it happened by `until`. */
  receivedAt?: Date;
  /** The due instant in force at `until` (before any later supplement moved it). */
  dueAt?: Date;
  /** Set while a supplement request is unanswered at `until`: the clock is paused. */
  pausedAt?: Date;
  supplementRequests: number;
  resolvedAt?: Date;
  resolution?: Resolution;
}

/**
 * Replays the clock of a dossier's timeline, up to and including `until` when given (entries after it are ignored).
 * @throws DomainError (malformed) `calendar.invalid_date` on an entry whose `at` is not an instant,
 * `calendar.invalid_duration` / `calendar.invalid_unit` / `calendar.invalid_mode` for a broken clock; RuleError
 * `calendar.year_out_of_range`.
 */
export function replayClock(history: ClockHistory, until?: Date, options?: ClockOptions): ReplayedClock {
  const { processingDays, unit, supplement: mode } = history.clock;
  const limit = until?.getTime() ?? Number.POSITIVE_INFINITY;
  const state: ReplayedClock = { supplementRequests: 0 };
  for (const entry of history.timeline) {
    const at = new Date(entry.at);
    if (at.getTime() > limit) break;
    switch (entry.action) {
      case "receive":
      case "counter_intake": // a dossier taken in at the desk is received at once
        if (!state.receivedAt) {
          state.receivedAt = at;
          state.dueAt = computeDueAt({ receivedAt: at, processingDays, unit }, options);
        }
        break;
      case "request_supplement":
        state.pausedAt = at;
        state.supplementRequests++;
        break;
      case "supplement":
        if (state.dueAt && state.pausedAt) {
          state.dueAt = resumeClock({ dueAt: state.dueAt, pausedAt: state.pausedAt, resumedAt: at, mode, processingDays, unit }, options);
        }
        state.pausedAt = undefined;
        break;
      case "approve":
      case "deny":
        state.resolvedAt = at;
        state.resolution = state.dueAt
          ? classifyResolution({ resolvedAt: at, dueAt: state.dueAt, supplementRequests: state.supplementRequests })
          : "on_time";
        break;
    }
  }
  return state;
}

/** What `calendar apply` would change on one dossier. */
export interface ClockChange {
  code: string;
  dueAt: { stored: string | null; recomputed: string | null };
  resolution: { stored: Resolution | null; recomputed: Resolution | null };
}

/**
 * The dossiers whose stored due time or classification differs from what the calendar gives now: the report of
 * `calendar apply` (which recomputes them through the dossier decision path). Dossiers that agree are left out, so
 * running it again after applying reports nothing.
 * @throws as `replayClock`.
 */
export function clockChanges(
  dossiers: readonly (ClockHistory & { code: string; dueAt?: string; resolution?: Resolution })[],
  options?: ClockOptions,
): ClockChange[] {
  const changes: ClockChange[] = [];
  for (const dossier of dossiers) {
    const replayed = replayClock(dossier, undefined, options);
    const dueAt = replayed.dueAt?.toISOString() ?? null;
    const resolution = replayed.resolution ?? null;
    if (dueAt !== (dossier.dueAt ?? null) || resolution !== (dossier.resolution ?? null)) {
      changes.push({
        code: dossier.code,
        dueAt: { stored: dossier.dueAt ?? null, recomputed: dueAt },
        resolution: { stored: dossier.resolution ?? null, recomputed: resolution },
      });
    }
  }
  return changes;
}
