import { commandFrom, decide, type CommandType } from "./decide";
import type { Actor, Dossier } from "./model";

/**
 * Dossiers driven through `decide` without storage, for generators (the statistics bench, the demo year) and tests
 * that replay whole lifecycles: a step is an action name and the few fields the generators use.
 */
export type Action = Exclude<CommandType, `payment_${string}`>;

/** The steps that need a reason or a note: a generator that gives none gets a placeholder. */
const NEEDS_NOTE = new Set<Action>(["withdraw", "reject_intake", "request_supplement", "stop", "apologize"]);

/** The dossier after one step, as `decide` makes it (its events are not needed here). */
export function applyAction(dossier: Dossier, action: Action, step: { now: Date; actor: Actor; note?: string; toAgencyCode?: string }): Dossier {
  const note = step.note ?? (NEEDS_NOTE.has(action) ? "ghi chú" : undefined);
  return decide(dossier, commandFrom(action, { note, toAgencyCode: step.toAgencyCode }), { now: step.now, actor: step.actor }).next;
}
