import { onlineUptakeRate, progressRate, ratio, round6, servicesWithDossiersRate, type Counts, type Snapshot } from "./indicators";

/**
 * Decision 766/QĐ-TTg (23 June 2022): the index by which the Prime Minister's office scores how agencies serve
 * citizens and businesses in administrative procedures, out of 100 points, in five groups. Every indicator, its
 * formula, target and weight is here and nowhere else; the API and the statistics page show this list.
 *
 * Scoring (as the Decision states it): an indicator whose rate R reaches its target T scores its full weight Pmax,
 * otherwise R / T × Pmax. A group scores the sum of its indicators.
 *
 * Sources and what is reconstructed: the group weights (publicity 18, progress 20, online provision 22 = online
 * service 12 + online payment 10, satisfaction 18, digitisation 22) and the formulas of progress, online service and
 * satisfaction follow the Decision as published and the tools built on the National Portal's API (docs/domain.md
 * "Indicators"). The split of a group's weight among its indicators was not found in the sources read: it is split
 * evenly here, and a target not found is 100%. Both are marked `reconstructed` so nobody mistakes them for the
 * appendix.
 *
 * `computed: false` marks an indicator whose data the portal does not hold (publication of the catalogue, syncing
 * to the National Portal, complaints, re-use of digitised data): its rate and score are null and the group's
 * `computedWeight` leaves it out, so a score is always read against the points it could reach.
 */

export interface Indicator766 {
  key: string;
  /** Points when the target is reached (Pmax). */
  weight: number;
  /** T, as a fraction. */
  target: number;
  /** The formula, in words. */
  formula: string;
  computed: boolean;
  /** Why it is not computed, or what it leaves out. */
  note?: string;
  /** The weight or target is not from the Decision's text (see the module comment). */
  reconstructed?: boolean;
  /** R, or null when not computed or its denominator is 0. */
  rate: number | null;
  /** min(1, R / T) × weight, or null. */
  score: number | null;
}

export interface Group766 {
  key: "publicity" | "progress" | "onlineProvision" | "satisfaction" | "digitisation";
  weight: number;
  /** Sum of the computed indicators' scores. */
  score: number;
  /** Sum of the computed indicators' weights: what `score` is out of. */
  computedWeight: number;
  indicators: Indicator766[];
}

export interface Decision766 {
  /** Sum of the groups' scores. */
  score: number;
  /** Sum of the computed indicators' weights (at most 100): what `score` is out of. */
  computedWeight: number;
  maxScore: 100;
  groups: Group766[];
}

export interface Decision766Input {
  counts: Counts;
  /** The snapshot at the period's end (and its carried-over count). */
  snapshot: Snapshot;
  procedures: number;
  /** Procedures offered online (full or partial). */
  proceduresOnline: number;
  /** Online procedures with at least one online dossier in the period. */
  proceduresWithOnlineDossiers: number;
}

/** min(1, R / T) × Pmax, or null when R is unknown. */
export function score766(rate: number | null, target: number, weight: number): number | null {
  if (rate === null) return null;
  return round6(Math.min(1, rate / target) * weight);
}

type Definition = Omit<Indicator766, "rate" | "score"> & { rate?: (input: Decision766Input) => number | null };

const NOT_HELD = "The portal does not hold this data.";

/** The five groups and their indicators, in the Decision's order. */
export const DECISION_766: readonly { key: Group766["key"]; weight: number; indicators: readonly Definition[] }[] = [
  {
    key: "publicity",
    weight: 18,
    indicators: [
      {
        key: "proceduresPublished",
        weight: 6,
        target: 1,
        formula: "procedures published in the National Database on time and in full / procedures",
        computed: false,
        note: `${NOT_HELD} The dates of the catalogue's publication decisions are not recorded.`,
        reconstructed: true,
      },
      {
        key: "dossiersSynced",
        weight: 6,
        target: 1,
        formula: "dossiers synchronised to the National Public Service Portal / dossiers",
        computed: false,
        note: `${NOT_HELD} Syncing to the National Portal is not built yet (the status mapping is: NATIONAL_PORTAL_STATUS).`,
        reconstructed: true,
      },
      {
        key: "progressPublished",
        weight: 6,
        target: 1,
        formula: "dossiers whose processing status is published in real time / dossiers",
        computed: false,
        note: "Every dossier's status is public here (GET /v1/dossiers/{code}/status); the National Portal measures it from its own side.",
        reconstructed: true,
      },
    ],
  },
  {
    key: "progress",
    weight: 20,
    indicators: [
      {
        key: "progress",
        weight: 20,
        target: 1,
        formula:
          "(resolved early + resolved on time + in progress within time + waiting for the citizen with the request made in time) / (resolved + in progress + in progress overdue + waiting for the citizen)",
        computed: true,
        // Resolved in the period plus what is still open at its end (progressRate in indicators.ts).
        rate: ({ counts, snapshot }) => progressRate(counts, snapshot),
      },
    ],
  },
  {
    key: "onlineProvision",
    weight: 22,
    indicators: [
      {
        key: "onlineProcedures",
        weight: 4,
        target: 0.8,
        formula: "procedures offered online (full or partial) / procedures",
        computed: true,
        reconstructed: true,
        rate: (input) => ratio(input.proceduresOnline, input.procedures),
      },
      {
        key: "servicesWithDossiers",
        weight: 4,
        target: 0.8,
        formula: "online procedures with at least one online dossier in the period / online procedures",
        computed: true,
        reconstructed: true,
        rate: (input) => servicesWithDossiersRate(input.proceduresWithOnlineDossiers, input.proceduresOnline),
      },
      {
        key: "onlineDossiers",
        weight: 4,
        target: 0.5,
        formula: "dossiers received online / dossiers received over all channels",
        computed: true,
        reconstructed: true,
        rate: (input) => onlineUptakeRate(input.counts),
      },
      {
        key: "onlinePayment",
        weight: 10,
        target: 1,
        formula: "fee-bearing dossiers paid online / fee-bearing dossiers (received in the period)",
        computed: true,
        note: "Fee-bearing: the procedure has a fee; an exempt applicant is not known to the catalogue and still counts.",
        reconstructed: true,
        rate: ({ counts }) => ratio(counts.feeBearingPaidOnline, counts.feeBearing),
      },
    ],
  },
  {
    key: "satisfaction",
    weight: 18,
    indicators: [
      {
        key: "complaintsOnTime",
        weight: 6,
        target: 1,
        formula: "complaints and petitions handled on time / complaints and petitions received",
        computed: false,
        note: `${NOT_HELD} Complaints are not recorded.`,
        reconstructed: true,
      },
      {
        key: "complaintSatisfaction",
        weight: 6,
        target: 1,
        formula: "(complaints − those answered unsatisfied or late) / complaints",
        computed: false,
        note: `${NOT_HELD} Complaints are not recorded.`,
        reconstructed: true,
      },
      {
        key: "handlingSatisfaction",
        weight: 6,
        target: 1,
        formula: "(resolved − resolved late or rated unsatisfied, 1–2 of 5) / resolved",
        computed: true,
        note: "From the citizens' ratings and lateness; the Decision also subtracts dossiers with a complaint, which are not recorded.",
        reconstructed: true,
        rate: ({ counts }) => ratio(counts.resolved - counts.resolvedLateOrUnsatisfied, counts.resolved),
      },
    ],
  },
  {
    key: "digitisation",
    weight: 22,
    indicators: [
      {
        key: "electronicResults",
        weight: 22 / 3,
        target: 1,
        formula: "resolved dossiers with an electronic result document / resolved dossiers",
        computed: true,
        reconstructed: true,
        rate: ({ counts }) => ratio(counts.resolvedElectronicResult, counts.resolved),
      },
      {
        key: "digitisedDossiers",
        weight: 22 / 3,
        target: 1,
        formula: "dossiers received with their documents digitised / dossiers received",
        computed: true,
        reconstructed: true,
        rate: ({ counts }) => ratio(counts.receivedDigitised, counts.received),
      },
      {
        key: "digitisedDataReused",
        weight: 22 / 3,
        target: 1,
        formula: "dossiers re-using digitised documents or results instead of asking for papers again / dossiers",
        computed: false,
        note: `${NOT_HELD} Re-use of earlier digitised documents is not tracked.`,
        reconstructed: true,
      },
    ],
  },
];

/**
 * Scores a period (one agency, a tier or the province) by Decision 766. Throws nothing.
 */
export function decision766(input: Decision766Input): Decision766 {
  const groups: Group766[] = DECISION_766.map((group) => {
    const indicators: Indicator766[] = group.indicators.map(({ rate: rateOf, ...definition }) => {
      const rate = definition.computed && rateOf ? rateOf(input) : null;
      return { ...definition, weight: round6(definition.weight), rate, score: score766(rate, definition.target, definition.weight) };
    });
    return {
      key: group.key,
      weight: group.weight,
      score: round6(indicators.reduce((sum, i) => sum + (i.score ?? 0), 0)),
      computedWeight: round6(indicators.filter((i) => i.computed).reduce((sum, i) => sum + i.weight, 0)),
      indicators,
    };
  });
  return {
    score: round6(groups.reduce((sum, g) => sum + g.score, 0)),
    computedWeight: round6(groups.reduce((sum, g) => sum + g.computedWeight, 0)),
    maxScore: 100,
    groups,
  };
}
