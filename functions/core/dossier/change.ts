import type { DossierRepository } from "../ports";
import { decide, type Command, type DecideContext } from "./decide";
import type { Dossier } from "./model";

/**
 * Decides a command and commits the change with its events in one conditional write: how every service moves a
 * dossier. Returns the dossier as committed.
 * @throws whatever `decide` throws (nothing is written then); ConflictError `dossier.version_conflict` when the stored
 *   dossier moved on since it was read
 */
export async function change(
  deps: { dossiers: DossierRepository },
  dossier: Dossier,
  command: Command,
  context: DecideContext,
): Promise<Dossier> {
  const { next, events } = decide(dossier, command, context);
  await deps.dossiers.commit(dossier, next, events);
  return next;
}
