import { commandFrom, decide, type CommandType } from "./decide";
import type { Actor, Attachment, Dossier } from "./model";

/**
 * Dossiers driven through `decide` without storage, for generators (the statistics bench, the demo year) and tests
 * that replay whole lifecycles: a step is an action name and the few fields the generators use.
 */
export type Action = Exclude<CommandType, `payment_${string}`>;

/** The steps that need a reason or a note: a generator that gives none gets a placeholder. */
const NEEDS_NOTE = new Set<Action>(["withdraw", "reject_intake", "request_supplement", "stop", "apologize"]);

/**
 * The dossier after one step, as `decide` makes it (its events are not needed here). Returning an online result
 * needs a result document: a generated dossier gets a result file record when it is approved or denied, as the
 * agency's upload of the result it signs would have left it, and returns it.
 */
export function applyAction(dossier: Dossier, action: Action, step: { now: Date; actor: Actor; note?: string; toAgencyCode?: string }): Dossier {
  const note = step.note ?? (NEEDS_NOTE.has(action) ? "ghi chú" : undefined);
  let current = dossier;
  const results = () => Object.values(current.attachments).filter((a) => a.kind === "result").map((a) => a.id);
  if ((action === "approve" || action === "deny") && current.delivery === "online" && results().length === 0) {
    const id = `result-${current.version}`;
    const result: Attachment = {
      id,
      documentKey: "result",
      fileName: "ket-qua.pdf",
      mediaType: "application/pdf",
      size: 120_000,
      sha256: "0".repeat(64),
      objectKey: `results/${current.code}/${id}`,
      state: "declared",
      declaredAt: step.now.toISOString(),
      kind: "result",
    };
    current = { ...current, attachments: { ...current.attachments, [id]: result } };
  }
  const fields = { note, toAgencyCode: step.toAgencyCode, ...(action === "return_result" ? { results: results() } : {}) };
  return decide(current, commandFrom(action, fields), { now: step.now, actor: step.actor }).next;
}
