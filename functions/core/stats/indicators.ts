/**
 * Every indicator formula in one place (DOMAIN.md "Indicators"), each with its definition. Rates are fractions in
 * [0, 1], or null when their denominator is zero (a day with nothing resolved has no on-time rate, not 0%).
 */

export interface Counts {
  /** Dossiers received (first receipt, "tiếp nhận") on the day, by the unit that received them. */
  received: number;
  /** Of those, submitted through the portal rather than registered at a counter. */
  receivedOnline: number;
  /** resolved = early + on time + late (approved or denied on the day, by the deciding agency). */
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
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
  /** Online payments confirmed on dossiers submitted that day (issue "payments" extends it). */
  paymentsCount: number;
  paymentsAmount: number;
}

export const COUNT_FIELDS: (keyof Counts)[] = [
  "received",
  "receivedOnline",
  "resolved",
  "resolvedEarly",
  "resolvedOnTime",
  "resolvedLate",
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

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as unknown as Counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  const sum = zeroCounts();
  for (const f of COUNT_FIELDS) sum[f] = round6(a[f] + b[f]);
  return sum;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const ratio = (n: number, d: number): number | null => (d > 0 ? round6(n / d) : null);

/** on-time rate = (early + on time) / resolved. */
export const onTimeRate = (c: Counts) => ratio(c.resolvedEarly + c.resolvedOnTime, c.resolved);
/** early share = early / resolved. */
export const earlyShare = (c: Counts) => ratio(c.resolvedEarly, c.resolved);
/** online uptake = received online / received (national 2022: 40%, target 50%). */
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

/** The derived rates of a row of counts. */
export function rates(c: Counts) {
  return {
    onTimeRate: onTimeRate(c),
    earlyShare: earlyShare(c),
    onlineUptakeRate: onlineUptakeRate(c),
    averageProcessingWorkingDays: averageProcessingWorkingDays(c),
    averageRating: averageRating(c),
  };
}

/**
 * Decision 766/QĐ-TTg (2022) scoring: an indicator scores Pmax when its rate R reaches its target T, else R/T × Pmax.
 * The portal computes the indicators it has data for; the statistics page says which (see `decision766`).
 */
export function score(rate: number | null, target: number, maxPoints: number): number | null {
  if (rate === null) return null;
  return round6(Math.min(1, rate / target) * maxPoints);
}

/** The Decision 766 indicators this portal can compute, and those it cannot (no data here). */
export function decision766(input: { counts: Counts; proceduresOnline: number; procedures: number; withDossiers: number }) {
  const { counts } = input;
  return {
    computed: {
      /** progress = on time / resolved here (in-progress-within-time needs a period-end snapshot, not yet kept). */
      progress: score(onTimeRate(counts), 1, 20),
      /** procedures offered online / all procedures, target 80%. */
      onlineProcedures: score(ratio(input.proceduresOnline, input.procedures), 0.8, 12 / 3),
      /** online services with ≥ 1 online dossier / online services, target 100%. */
      servicesWithDossiers: score(servicesWithDossiersRate(input.withDossiers, input.proceduresOnline), 1, 12 / 3),
      /** online dossiers / received, target 50%. */
      onlineDossiers: score(onlineUptakeRate(counts), 0.5, 12 / 3),
      /** satisfaction with dossier handling = 100% − late rate (complaints are not recorded here). */
      satisfaction: counts.resolved > 0 ? score(1 - counts.resolvedLate / counts.resolved, 1, 18) : null,
    },
    notComputed: ["publicity", "onlinePayment (until payments land)", "digitisation"],
  };
}
