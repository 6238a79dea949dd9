import type { Command } from "./decide";

/**
 * A dossier is one record, and a record has a size limit (DynamoDB's item: 400 KB). Most changes of a dossier happen
 * a bounded number of times — submission, a receipt after each transfer, the answer to each supplement request, the
 * decision, the apology, the result, the rating, the end, the payment attempts (MAX_PAYMENT_ATTEMPTS) and their
 * outcomes — but three may come again without end: passing it to another agency, asking for a supplement, assigning
 * an officer (and the declaring of files, within their caps: the citizen's, and the papers an officer attaches to a
 * counter dossier, each recorded by its own change). Those are *repeatable*: the store refuses them once the record has used its
 * growth budget (422 `dossier.too_large`), well below its limit, so that the bounded steps that lead a dossier to
 * its end always fit — a full dossier can still be received, decided, returned, withdrawn or stopped, never stuck.
 */
const REPEATABLE: ReadonlySet<Command["type"]> = new Set(["transfer", "request_supplement", "assign", "attach_document"]);

/** True for a change that may come again without end (see above). Throws nothing. */
export function isRepeatable(command: Command): boolean {
  return REPEATABLE.has(command.type);
}
