import { ApiError } from "../api";

/**
 * Paying a dossier's fee online, as a state machine: the citizen asks to pay → the payment is started (one request)
 * → the page leaves for the gateway. A start that fails can be asked again; a fee found already paid (or not owed)
 * settles it without leaving. Pure: the side effects are jobs (`state.job`) that the component runs, each answered
 * by an event that names the job, so a late answer can never move a newer attempt.
 */

export interface PayingDossier {
  code: string;
  accessToken: string;
}

/** Why no payment was needed after all (the API's `payment.already_paid` / `payment.not_required`). */
export type PayOutcome = "already_paid" | "not_required";

export type PayJob =
  | { id: number; kind: "start_payment"; dossier: PayingDossier }
  /** Hold the token for the round-trip and go to the gateway's page. */
  | { id: number; kind: "leave"; dossier: PayingDossier; url: string };

interface PayBase {
  dossier: PayingDossier;
  /** The last job id handed out: every job gets a new one. */
  seq: number;
}

export type PayState =
  | (PayBase & { phase: "idle"; job: null })
  | (PayBase & { phase: "starting"; job: Extract<PayJob, { kind: "start_payment" }> })
  | (PayBase & { phase: "leaving"; job: Extract<PayJob, { kind: "leave" }> })
  | (PayBase & { phase: "failed"; error: unknown; job: null })
  | (PayBase & { phase: "settled"; outcome: PayOutcome; job: null });

export type PayEvent =
  | { type: "pay" }
  | { type: "payment_started"; job: number; url: string }
  | { type: "payment_failed"; job: number; error: unknown }
  | { type: "payment_settled"; job: number; outcome: PayOutcome };

const PAY_EVENTS: ReadonlySet<string> = new Set<PayEvent["type"]>(["pay", "payment_started", "payment_failed", "payment_settled"]);

export const isPayEvent = (event: { type: string }): event is PayEvent => PAY_EVENTS.has(event.type);

export function initialPay(dossier: PayingDossier, seq = 0): PayState {
  return { phase: "idle", dossier, seq, job: null };
}

export function payReducer(state: PayState, event: PayEvent): PayState {
  const { dossier, seq } = state;
  switch (event.type) {
    case "pay":
      // Nothing to start while a start is under way or the page is leaving.
      if (state.phase === "starting" || state.phase === "leaving") return state;
      return { phase: "starting", dossier, seq: seq + 1, job: { id: seq + 1, kind: "start_payment", dossier } };
    case "payment_started":
      if (state.phase !== "starting" || state.job.id !== event.job) return state;
      return { phase: "leaving", dossier, seq: seq + 1, job: { id: seq + 1, kind: "leave", dossier, url: event.url } };
    case "payment_failed":
      if (state.phase !== "starting" || state.job.id !== event.job) return state;
      return { phase: "failed", dossier, seq, error: event.error, job: null };
    case "payment_settled":
      if (state.phase !== "starting" || state.job.id !== event.job) return state;
      return { phase: "settled", dossier, seq, outcome: event.outcome, job: null };
  }
}

/** What a failed start means: nothing owed after all, or a failure to show (and ask again). */
export function payFailureEvent(job: number, error: unknown): PayEvent {
  const code = error instanceof ApiError ? error.problem?.code : undefined;
  if (code === "payment.already_paid") return { type: "payment_settled", job, outcome: "already_paid" };
  if (code === "payment.not_required") return { type: "payment_settled", job, outcome: "not_required" };
  return { type: "payment_failed", job, error };
}
