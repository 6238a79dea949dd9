import { vietnamDate, workingDaysBetween } from "../calendar";
import type { Agency, AgencyTier, Procedure } from "../catalogue/model";
import type { Dossier } from "../dossier/model";
import { SUPPLEMENT_ANSWERS } from "../dossier/supplement-round";
import { addCounts, addSnapshots, rates, zeroCounts, zeroSnapshot, type Counts, type Snapshot } from "./indicators";

/**
 * One day's statistics, computed from that day's dossiers (the day indexes: first received on D, ended on D,
 * submitted on D), the period-end snapshot of the day (snapshot.ts) and the catalogue. Pure: the job reads, this
 * counts, the store replaces the day's rows.
 */

export type RowScope = "agency" | "tier" | "province";

export interface StatsRow {
  /** `YYYY-MM-DD` for a day's row, `YYYY-MM` for a month's rollup. */
  date: string;
  scope: RowScope;
  /** agency code, tier name, or "all" */
  key: string;
  tier: AgencyTier | "unknown" | null;
  counts: Counts;
  /** The end-of-period snapshot and the carried-over count; absent on rows stored before it existed. */
  snapshot?: Snapshot;
}

export interface CatalogueIndicators {
  procedures: number;
  proceduresFullOnline: number;
  /** full + partial: procedures that take dossiers online */
  proceduresOnline: number;
  /** distinct procedures with at least one online dossier submitted that day */
  onlineProcedureCodes: string[];
}

/**
 * What the day's count reads of a dossier submitted that day (its payment, its channel): the submission day's
 * index copies these fields and no others (adapters/dynamo/table.ts), so a dossier read from it is this much.
 */
export const SUBMITTED_FIELDS = ["code", "status", "procedureCode", "agencyCode", "receivingAgencyCode", "channel", "submittedAt", "payment"] as const satisfies readonly (keyof Dossier)[];
export type SubmittedDossier = Pick<Dossier, (typeof SUBMITTED_FIELDS)[number]>;

export interface DayInput {
  date: string;
  receivedOn: Dossier[];
  endedOn: Dossier[];
  submittedOn: SubmittedDossier[];
  agencies: Agency[];
  procedures: Procedure[];
  /** Per agency, what stood at the end of the day (in progress, overdue, waiting). */
  endOfDay?: ReadonlyMap<string, Snapshot>;
  /** Per agency, the dossiers open at the start of the day (the day's carried-over count). */
  startOfDay?: ReadonlyMap<string, number>;
}

const dayOf = (iso: string | undefined) => (iso ? vietnamDate(new Date(iso)) : undefined);

/** Working days between first receipt and resolution, the citizen's supplement time taken out. */
export function processingWorkingDays(dossier: Dossier): number {
  if (!dossier.firstReceivedAt || !dossier.resolvedAt) return 0;
  let total = workingDaysBetween(new Date(dossier.firstReceivedAt), new Date(dossier.resolvedAt));
  let pausedAt: string | undefined;
  for (const entry of dossier.timeline) {
    if (entry.action === "request_supplement") pausedAt = entry.at;
    else if (SUPPLEMENT_ANSWERS.includes(entry.action) && pausedAt) {
      total -= workingDaysBetween(new Date(pausedAt), new Date(entry.at));
      pausedAt = undefined;
    }
  }
  return Math.max(0, Math.round(total * 1e6) / 1e6);
}

/** A rating of 1 or 2 of 5: the citizen was not satisfied (Decision 766 "satisfaction"). */
export const UNSATISFIED_RATING_MAX = 2;

/** Counts one day per agency, then rolls them up per tier and for the whole province. */
export function computeDay(input: DayInput): { rows: StatsRow[]; catalogue: CatalogueIndicators } {
  const tiers = new Map(input.agencies.map((a) => [a.code, a.tier]));
  const fees = new Map(input.procedures.map((p) => [p.code, p.fee.amount]));
  const perAgency = new Map<string, { counts: Counts; snapshot: Snapshot }>();
  const of = (agency: string) => {
    let entry = perAgency.get(agency);
    if (!entry) perAgency.set(agency, (entry = { counts: zeroCounts(), snapshot: zeroSnapshot() }));
    return entry;
  };

  for (const d of input.receivedOn) {
    if (dayOf(d.firstReceivedAt) !== input.date) continue;
    const counts = of(d.firstReceivedBy ?? d.agencyCode).counts;
    counts.received++;
    // Dossiers stored before channels existed came through the portal.
    if (d.channel === "counter") counts.receivedCounter++;
    else if (d.channel === "post") counts.receivedPost++;
    else counts.receivedOnline++;
    if (Object.values(d.attachments ?? {}).some((a) => a.kind === "document" && a.state === "verified")) counts.receivedDigitised++;
    // Fee-bearing by the procedure's fee (an exempt applicant still counts as fee-bearing: the catalogue cannot
    // tell); paid online when a payment through the portal went through.
    if ((fees.get(d.procedureCode) ?? 0) > 0 || d.payment) {
      counts.feeBearing++;
      if ((d.payments ?? (d.payment ? [d.payment] : [])).some((p) => p.status === "paid")) counts.feeBearingPaidOnline++;
    }
  }
  for (const d of input.endedOn) {
    const counts = of(d.agencyCode).counts;
    if (d.resolvedAt && dayOf(d.resolvedAt) === input.date && d.resolution) {
      counts.resolved++;
      if (d.resolution === "early") counts.resolvedEarly++;
      else if (d.resolution === "on_time") counts.resolvedOnTime++;
      else counts.resolvedLate++;
      if (Object.values(d.attachments ?? {}).some((a) => a.kind === "result")) counts.resolvedElectronicResult++;
      if (d.resolution === "late" || (d.feedback && d.feedback.rating <= UNSATISFIED_RATING_MAX)) counts.resolvedLateOrUnsatisfied++;
      counts.supplementRequests += d.supplementRequests;
      counts.processingWorkingDaysTotal += processingWorkingDays(d);
      if (d.feedback) {
        counts.ratingsCount++;
        counts.ratingsTotal += d.feedback.rating;
      }
    } else if (!d.resolvedAt && dayOf(d.endedAt) === input.date) {
      if (d.status === "withdrawn") counts.withdrawn++;
      else if (d.status === "stopped") counts.stopped++;
      else if (d.status === "rejected_intake") counts.rejectedIntake++;
    }
  }
  for (const d of input.submittedOn) {
    if (d.payment?.status === "paid" && dayOf(d.submittedAt) === input.date) {
      const counts = of(d.receivingAgencyCode).counts;
      counts.paymentsCount++;
      counts.paymentsAmount += d.payment.amount;
    }
  }
  for (const [agency, snapshot] of input.endOfDay ?? []) {
    const entry = of(agency);
    entry.snapshot = { ...snapshot, carriedOver: entry.snapshot.carriedOver };
  }
  for (const [agency, open] of input.startOfDay ?? []) of(agency).snapshot.carriedOver = open;

  const rows: StatsRow[] = [];
  const perTier = new Map<string, { counts: Counts; snapshot: Snapshot }>();
  let province = { counts: zeroCounts(), snapshot: zeroSnapshot() };
  const add = (a: { counts: Counts; snapshot: Snapshot }, b: { counts: Counts; snapshot: Snapshot }) => ({
    counts: addCounts(a.counts, b.counts),
    snapshot: addSnapshots(a.snapshot, b.snapshot),
  });
  for (const [agency, entry] of [...perAgency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const tier = tiers.get(agency) ?? "unknown";
    rows.push({ date: input.date, scope: "agency", key: agency, tier, ...entry });
    perTier.set(tier, add(perTier.get(tier) ?? { counts: zeroCounts(), snapshot: zeroSnapshot() }, entry));
    province = add(province, entry);
  }
  for (const [tier, entry] of [...perTier].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    rows.push({ date: input.date, scope: "tier", key: tier, tier: tier as AgencyTier, ...entry });
  }
  if (perAgency.size) rows.push({ date: input.date, scope: "province", key: "all", tier: null, ...province });

  const online = input.procedures.filter((p) => p.level !== "info");
  const onlineCodes = new Set(online.map((p) => p.code));
  const withDossiers = new Set(
    input.submittedOn
      .filter((d) => (d.channel ?? "online") === "online" && dayOf(d.submittedAt) === input.date && onlineCodes.has(d.procedureCode))
      .map((d) => d.procedureCode),
  );
  return {
    rows,
    catalogue: {
      procedures: input.procedures.length,
      proceduresFullOnline: input.procedures.filter((p) => p.level === "full").length,
      proceduresOnline: online.length,
      onlineProcedureCodes: [...withDossiers].sort(),
    },
  };
}

/** A row as the API and the CSV export show it (docs/api.md "Statistics"). */
export function presentRow(row: StatsRow) {
  const c = addCounts(zeroCounts(), row.counts);
  const s = addSnapshots(zeroSnapshot(), row.snapshot);
  return {
    date: row.date,
    scope: row.scope,
    agencyCode: row.scope === "agency" ? row.key : null,
    tier: row.tier,
    received: c.received,
    receivedOnline: c.receivedOnline,
    receivedCounter: c.receivedCounter,
    receivedPost: c.receivedPost,
    resolved: c.resolved,
    resolvedEarly: c.resolvedEarly,
    resolvedOnTime: c.resolvedOnTime,
    resolvedLate: c.resolvedLate,
    withdrawn: c.withdrawn,
    stopped: c.stopped,
    rejectedIntake: c.rejectedIntake,
    inProgress: s.inProgress,
    inProgressOverdue: s.inProgressOverdue,
    waitingForCitizen: s.waitingForCitizen,
    carriedOver: s.carriedOver,
    supplementRequests: c.supplementRequests,
    ratingsCount: c.ratingsCount,
    paymentsCount: c.paymentsCount,
    paymentsAmount: c.paymentsAmount,
    ...rates(c, s),
  };
}
