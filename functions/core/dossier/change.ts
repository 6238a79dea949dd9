import type { DossierRepository } from "../ports";
import { decide, type Command, type DecideContext } from "./decide";
import { isRepeatable } from "./growth";
import type { Dossier } from "./model";

/**
 * Decides a command and commits the change with its events in one conditional write: how every service moves a
 * dossier. Returns the dossier as committed.
 * @throws whatever `decide` throws (nothing is written then); ConflictError `dossier.version_conflict` when the stored
 *   dossier moved on since it was read; RuleError `dossier.too_large` when the record has no room for the change
 *   (a repeatable change earlier than any other: core/dossier/growth.ts)
 */
export async function change(
  deps: { dossiers: DossierRepository },
  dossier: Dossier,
  command: Command,
  context: DecideContext,
): Promise<Dossier> {
  const { next, events } = decide(dossier, command, context);
  await deps.dossiers.commit(dossier, next, events, { repeatable: isRepeatable(command) });
  return next;
}
