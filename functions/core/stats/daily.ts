import { vietnamDate, workingDaysBetween } from "../calendar";
import type { Agency, AgencyTier, Procedure } from "../catalogue/model";
import type { Dossier } from "../dossier/model";
import { addCounts, rates, zeroCounts, type Counts } from "./indicators";

/**
 * One day's statistics, computed from that day's dossiers only (the day indexes: first received on D, ended on D,
 * submitted on D) and the catalogue. Pure: the job reads, this counts, the store replaces the day's rows.
 */

export type RowScope = "agency" | "tier" | "province";

export interface StatsRow {
  date: string;
  scope: RowScope;
  /** agency code, tier name, or "all" */
  key: string;
  tier: AgencyTier | "unknown" | null;
  counts: Counts;
}

export interface CatalogueIndicators {
  procedures: number;
  proceduresFullOnline: number;
  /** full + partial: procedures that take dossiers online */
  proceduresOnline: number;
  /** distinct procedures with at least one online dossier submitted that day */
  onlineProcedureCodes: string[];
}

export interface DayInput {
  date: string;
  receivedOn: Dossier[];
  endedOn: Dossier[];
  submittedOn: Dossier[];
  agencies: Agency[];
  procedures: Procedure[];
}

const dayOf = (iso: string | undefined) => (iso ? vietnamDate(new Date(iso)) : undefined);

/** Working days between first receipt and resolution, the citizen's supplement time taken out. */
export function processingWorkingDays(dossier: Dossier): number {
  if (!dossier.firstReceivedAt || !dossier.resolvedAt) return 0;
  let total = workingDaysBetween(new Date(dossier.firstReceivedAt), new Date(dossier.resolvedAt));
  let pausedAt: string | undefined;
  for (const entry of dossier.timeline) {
    if (entry.action === "request_supplement") pausedAt = entry.at;
    else if (entry.action === "supplement" && pausedAt) {
      total -= workingDaysBetween(new Date(pausedAt), new Date(entry.at));
      pausedAt = undefined;
    }
  }
  return Math.max(0, Math.round(total * 1e6) / 1e6);
}

/** Counts one day per agency, then rolls them up per tier and for the whole province. */
export function computeDay(input: DayInput): { rows: StatsRow[]; catalogue: CatalogueIndicators } {
  const tiers = new Map(input.agencies.map((a) => [a.code, a.tier]));
  const perAgency = new Map<string, Counts>();
  const of = (agency: string) => {
    let counts = perAgency.get(agency);
    if (!counts) perAgency.set(agency, (counts = zeroCounts()));
    return counts;
  };

  for (const d of input.receivedOn) {
    if (dayOf(d.firstReceivedAt) !== input.date) continue;
    const counts = of(d.firstReceivedBy ?? d.agencyCode);
    counts.received++;
    if (d.channel !== "counter") counts.receivedOnline++;
  }
  for (const d of input.endedOn) {
    const counts = of(d.agencyCode);
    if (d.resolvedAt && dayOf(d.resolvedAt) === input.date && d.resolution) {
      counts.resolved++;
      if (d.resolution === "early") counts.resolvedEarly++;
      else if (d.resolution === "on_time") counts.resolvedOnTime++;
      else counts.resolvedLate++;
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
      const counts = of(d.receivingAgencyCode);
      counts.paymentsCount++;
      counts.paymentsAmount += d.payment.amount;
    }
  }

  const rows: StatsRow[] = [];
  const perTier = new Map<string, Counts>();
  let province = zeroCounts();
  for (const [agency, counts] of [...perAgency].sort(([a], [b]) => a.localeCompare(b))) {
    const tier = tiers.get(agency) ?? "unknown";
    rows.push({ date: input.date, scope: "agency", key: agency, tier, counts });
    perTier.set(tier, addCounts(perTier.get(tier) ?? zeroCounts(), counts));
    province = addCounts(province, counts);
  }
  for (const [tier, counts] of [...perTier].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ date: input.date, scope: "tier", key: tier, tier: tier as AgencyTier, counts });
  }
  if (perAgency.size) rows.push({ date: input.date, scope: "province", key: "all", tier: null, counts: province });

  const online = input.procedures.filter((p) => p.level !== "info");
  const onlineCodes = new Set(online.map((p) => p.code));
  const withDossiers = new Set(
    input.submittedOn
      .filter((d) => d.channel !== "counter" && dayOf(d.submittedAt) === input.date && onlineCodes.has(d.procedureCode))
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

/** A row as the API and the CSV export show it (API.md "Statistics"). */
export function presentRow(row: StatsRow) {
  const c = row.counts;
  return {
    date: row.date,
    scope: row.scope,
    agencyCode: row.scope === "agency" ? row.key : null,
    tier: row.tier,
    received: c.received,
    receivedOnline: c.receivedOnline,
    resolved: c.resolved,
    resolvedEarly: c.resolvedEarly,
    resolvedOnTime: c.resolvedOnTime,
    resolvedLate: c.resolvedLate,
    withdrawn: c.withdrawn,
    stopped: c.stopped,
    rejectedIntake: c.rejectedIntake,
    supplementRequests: c.supplementRequests,
    ratingsCount: c.ratingsCount,
    paymentsCount: c.paymentsCount,
    paymentsAmount: c.paymentsAmount,
    ...rates(c),
  };
}
