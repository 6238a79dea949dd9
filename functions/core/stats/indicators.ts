/**
 * Every indicator formula in one place (docs/domain.md "Indicators"), each with its definition; the Decision 766 scoring
 * is in decision-766.ts. Rates are fractions in [0, 1], or null when their denominator is zero (a day with nothing
 * resolved has no on-time rate, not 0%).
 *
 * Two kinds of figures:
 * - **flows** (`Counts`): what happened during a period, summed over days, agencies and tiers;
 * - **stocks** (`Snapshot`): what stood at a period's end (and, for `carriedOver`, at its start), summed over
 *   agencies and tiers but never over days: a period's snapshot is its last day's, its carried-over count its
 *   first day's.
 */

export interface Counts {
  /** Dossiers received (first receipt, "tiếp nhận") on the day, by the unit that received them. */
  received: number;
  /** Of those, by intake channel (docs/domain.md "The one-stop back office"): the portal, the counter, the post. */
  receivedOnline: number;
  receivedCounter: number;
  receivedPost: number;
  /** Of those received, with at least one verified digital document (Decision 766 "digitisation"). */
  receivedDigitised: number;
  /** Of those received, for a procedure with a fee; and of those, paid online through the portal. */
  feeBearing: number;
  feeBearingPaidOnline: number;
  /** resolved = early + on time + late (approved or denied on the day, by the deciding agency). */
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Of those resolved, with an electronic result document (Decision 766 "digitisation"). */
  resolvedElectronicResult: number;
  /** Of those resolved, late or rated unsatisfied (1–2 of 5): Decision 766 "satisfaction with handling". */
  resolvedLateOrUnsatisfied: number;
  /** Withdrawn by the citizen / stopped by the agency / refused at intake: counted apart, never as resolved. */
  withdrawn: number;
  stopped: number;
  rejectedIntake: number;
  /** Supplement requests made on the dossiers resolved that day. */
  supplementRequests: number;
  /** Sum of working days from first receipt to resolution, supplement pauses excluded (for the average). */
  processingWorkingDaysTotal: number;
  /** Ratings (1–5) of the dossiers resolved that day, known when the row was computed. */
  ratingsCount: number;
  ratingsTotal: number;
  /** Online payments confirmed on dossiers submitted that day. */
  paymentsCount: number;
  paymentsAmount: number;
}

export const COUNT_FIELDS: (keyof Counts)[] = [
  "received",
  "receivedOnline",
  "receivedCounter",
  "receivedPost",
  "receivedDigitised",
  "feeBearing",
  "feeBearingPaidOnline",
  "resolved",
  "resolvedEarly",
  "resolvedOnTime",
  "resolvedLate",
  "resolvedElectronicResult",
  "resolvedLateOrUnsatisfied",
  "withdrawn",
  "stopped",
  "rejectedIntake",
  "supplementRequests",
  "processingWorkingDaysTotal",
  "ratingsCount",
  "ratingsTotal",
  "paymentsCount",
  "paymentsAmount",
];

/**
 * The period-end snapshot of an agency (docs/domain.md "Indicators"): the dossiers received and not yet resolved,
 * withdrawn or stopped at the end of the period, and those at its start.
 */
export interface Snapshot {
  /** In progress within time: the clock running, the due time not passed. */
  inProgress: number;
  /** In progress overdue: the clock running and past the due time — working time actually spent beyond the time
   * allowed, supplement pauses excluded (a dossier waiting on the citizen is never overdue). */
  inProgressOverdue: number;
  /** Waiting for the citizen: a supplement requested and not yet answered, the clock paused. */
  waitingForCitizen: number;
  /** Of those, within time when judged at the request time (the National Portal's rule for a dossier still waiting
   * on a supplement: requested by the due time, and only once). */
  waitingForCitizenWithinTime: number;
  /** Carried over: the dossiers in progress or waiting at the start of the period (received earlier, unresolved). */
  carriedOver: number;
}

export const SNAPSHOT_FIELDS: (keyof Snapshot)[] = [
  "inProgress",
  "inProgressOverdue",
  "waitingForCitizen",
  "waitingForCitizenWithinTime",
  "carriedOver",
];

/** The snapshot fields taken from a period's last day; `carriedOver` comes from its first. */
export const END_OF_PERIOD_FIELDS = SNAPSHOT_FIELDS.filter((field) => field !== "carriedOver");

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as unknown as Counts;
}

export function zeroSnapshot(): Snapshot {
  return Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, 0])) as unknown as Snapshot;
}

/** Sums flows; a row stored before a field existed counts it as 0. */
export function addCounts(a: Counts, b: Partial<Counts>): Counts {
  const sum = zeroCounts();
  for (const f of COUNT_FIELDS) sum[f] = round6(a[f] + (Number(b[f]) || 0));
  return sum;
}

/** Sums stocks across agencies or tiers (never across days). */
export function addSnapshots(a: Snapshot, b: Partial<Snapshot> | undefined): Snapshot {
  const sum = zeroSnapshot();
  for (const f of SNAPSHOT_FIELDS) sum[f] = a[f] + (Number(b?.[f]) || 0);
  return sum;
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
export const ratio = (n: number, d: number): number | null => (d > 0 ? round6(n / d) : null);

/** on-time rate = (early + on time) / resolved. */
export const onTimeRate = (c: Counts) => ratio(c.resolvedEarly + c.resolvedOnTime, c.resolved);
/** early share = early / resolved. */
export const earlyShare = (c: Counts) => ratio(c.resolvedEarly, c.resolved);
/** online uptake = received online / received over all channels (national 2022: 40%, target 50%). */
export const onlineUptakeRate = (c: Counts) => ratio(c.receivedOnline, c.received);
/** average processing time in working days, over resolved dossiers. */
export const averageProcessingWorkingDays = (c: Counts) => ratio(c.processingWorkingDaysTotal, c.resolved);
/** satisfaction = mean rating of rated dossiers. */
export const averageRating = (c: Counts) => ratio(c.ratingsTotal, c.ratingsCount);
/** full-online share of the catalogue = procedures with level "full" / all procedures (Thái Nguyên 2022: 6.7%). */
export const fullOnlineRate = (full: number, all: number) => ratio(full, all);
/**
 * services with dossiers = online procedures (full or partial) with ≥ 1 online dossier in the period / online
 * procedures (Lâm Đồng target 50%, national 80%).
 */
export const servicesWithDossiersRate = (withDossiers: number, online: number) => ratio(withDossiers, online);

/**
 * Dossiers handled in a period (Decision 766 "progress"): resolved in the period plus those still open at its end
 * (in progress, overdue or waiting for the citizen). Withdrawn and stopped dossiers are not handled to a result.
 */
export const handled = (c: Counts, s: Snapshot) => c.resolved + s.inProgress + s.inProgressOverdue + s.waitingForCitizen;

/**
 * progress (Decision 766) = (finished on time + in progress within time) / dossiers handled, where "finished on
 * time" is early + on time and a dossier waiting for the citizen counts as within time when its request was
 * (National Portal rule). Beside the on-time rate it shows what that rate hides: open dossiers past their due time.
 * Example (docs/domain.md, Điện Biên): 392 resolved, 381 of them early or on time, 85 open of which 10 overdue →
 * on-time rate 381/392 = 97.2%, progress (381 + 75) / 477 = 95.6%.
 */
export const progressRate = (c: Counts, s: Snapshot) =>
  ratio(c.resolvedEarly + c.resolvedOnTime + s.inProgress + s.waitingForCitizenWithinTime, handled(c, s));

/** The derived rates of a row. */
export function rates(c: Counts, s: Snapshot = zeroSnapshot()) {
  return {
    onTimeRate: onTimeRate(c),
    progressRate: progressRate(c, s),
    earlyShare: earlyShare(c),
    onlineUptakeRate: onlineUptakeRate(c),
    averageProcessingWorkingDays: averageProcessingWorkingDays(c),
    averageRating: averageRating(c),
  };
}
