/**
 * A supplement round on the timeline: opened by `request_supplement`, answered by the citizen online (`supplement`)
 * or at the desk (`receive_supplement`). Imports only types, so the back office's form checks what `decide` checks.
 */
import type { TimelineAction } from "./vocabulary";

/** The actions that answer a supplement request: the clock runs again from them. */
export const SUPPLEMENT_ANSWERS: readonly TimelineAction[] = ["supplement", "receive_supplement"];

/** Whether the desk attached a paper since the last supplement request (what `receive_supplement` needs). */
export function paperSinceRequest(timeline: readonly { action: TimelineAction }[]): boolean {
  const asked = timeline.findLastIndex((e) => e.action === "request_supplement");
  return timeline.slice(asked + 1).some((e) => e.action === "attach_document");
}
