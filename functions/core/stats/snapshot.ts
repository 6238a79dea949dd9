import { classifyResolution, replayClock } from "../calendar";
import type { Dossier } from "../dossier/model";
import { addSnapshots, zeroSnapshot, type Snapshot } from "./indicators";

/**
 * The period-end snapshot (docs/domain.md "Indicators"), computed from the dossiers' own histories so that any past
 * instant can be reconstructed, not only "now":
 *
 * - a dossier's status at an instant is the status of its last timeline entry at or before it;
 * - the agency holding it is the one that later transferred it away (a transfer entry is made by the agency handing
 *   the dossier over), or its current agency when no transfer came after the instant;
 * - its due time at the instant is the stored one, unless a supplement after the instant moved it: then the clock
 *   is replayed from the timeline (`replayClock`) up to the instant.
 *
 * Which dossiers can have been open at the end of a past day D? Those received by then and not resolved or ended by
 * then: each is either still open today (on an inbox shelf other than done, gsi7) or ended on a day after D (the day index of
 * endings, gsi3). The job therefore reads today's open dossiers once and walks the days backwards from today to the
 * first day it computes, adding each day's endings and dropping dossiers received after the day it is on
 * (`runDays` in service.ts). A recomputation of any past day (`stats run --from`) gives the snapshot that stood then.
 */

export type OpenState = "in_progress" | "overdue" | "waiting" | "waiting_within_time";

/** Resolved, refused, withdrawn or stopped: no longer open. `returned` follows a resolution. */
const CLOSED = new Set(["approved", "denied", "returned", "rejected_intake", "withdrawn", "stopped"]);

/**
 * Where a dossier stood just before the instant `at` (the end of a day is the next day's 00:00, Vietnam time: what
 * happened at or after it belongs to the next day): `undefined` when it was not open then (not yet received, or
 * already resolved or ended); otherwise the agency holding it and whether it was in progress within time,
 * overdue, or waiting for the citizen (within time or not, judged at the request time).
 * @throws as `replayClock` for a dossier whose clock cannot be replayed (a corrupt timeline).
 */
export function openStateAt(dossier: Dossier, at: Date): { agency: string; state: OpenState } | undefined {
  const limit = at.getTime();
  if (!dossier.firstReceivedAt || Date.parse(dossier.firstReceivedAt) >= limit) return undefined;
  let status: string | undefined;
  let supplementAfter = false;
  let agency: string | undefined;
  for (const entry of dossier.timeline) {
    const entryAt = Date.parse(entry.at);
    if (entryAt < limit) {
      status = entry.status;
      continue;
    }
    if (entry.action === "supplement") supplementAfter = true;
    if (entry.action === "transfer" && agency === undefined) {
      agency = (entry.by as { agencyCode?: string }).agencyCode;
    }
  }
  if (!status || CLOSED.has(status) || status === "draft" || status === "submitted") return undefined;
  agency ??= dossier.agencyCode;

  // The stored due time is the one in force unless a later supplement moved it.
  const clock = supplementAfter || !dossier.dueAt ? replayClock(dossier, new Date(limit - 1)) : undefined;
  const dueAt = clock ? clock.dueAt : new Date(dossier.dueAt!);
  if (status === "supplement_requested") {
    const pausedAt = clock?.pausedAt ?? (dossier.pausedAt ? new Date(dossier.pausedAt) : undefined);
    const requests = clock?.supplementRequests ?? dossier.supplementRequests;
    const withinTime =
      !dueAt || !pausedAt || classifyResolution({ resolvedAt: pausedAt, dueAt, supplementRequests: requests }) !== "late";
    return { agency, state: withinTime ? "waiting_within_time" : "waiting" };
  }
  return { agency, state: dueAt && limit > dueAt.getTime() ? "overdue" : "in_progress" };
}

/** Adds one open state to a snapshot (end-of-period fields). */
function count(snapshot: Snapshot, state: OpenState): void {
  if (state === "in_progress") snapshot.inProgress++;
  else if (state === "overdue") snapshot.inProgressOverdue++;
  else {
    snapshot.waitingForCitizen++;
    if (state === "waiting_within_time") snapshot.waitingForCitizenWithinTime++;
  }
}

/**
 * The snapshot per agency just before `at` over candidate dossiers (any superset of those open then).
 * @throws as `openStateAt`.
 */
export function snapshotAt(candidates: Iterable<Dossier>, at: Date): Map<string, Snapshot> {
  const perAgency = new Map<string, Snapshot>();
  for (const dossier of candidates) {
    const open = openStateAt(dossier, at);
    if (!open) continue;
    let snapshot = perAgency.get(open.agency);
    if (!snapshot) perAgency.set(open.agency, (snapshot = zeroSnapshot()));
    count(snapshot, open.state);
  }
  return perAgency;
}

/** Open dossiers at `at` per agency, as one number (the next period's carried-over count). */
export function openCountAt(candidates: Iterable<Dossier>, at: Date): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [agency, s] of snapshotAt(candidates, at)) counts.set(agency, s.inProgress + s.inProgressOverdue + s.waitingForCitizen);
  return counts;
}

export { addSnapshots };
