/**
 * The one logger interface (DESIGN.md "Logs"): core code and apps log through a `Logger` they are given, never
 * through `console`. The implementation is at the edge (functions/adapters/log/json.ts: JSON lines, request id and
 * dossier code, no personal data); tests and tools that want silence take `silentLogger`.
 *
 * Fields are facts about the work — identifiers and counts (`dossierCode`, `procedureCode`, `status`, `rows`…) —
 * never what a citizen typed: the edge implementation keeps only the field names on its allow-list and replaces any
 * other value with "[redacted]", so a name, an ID number or a phone number cannot reach the logs by a new field. A
 * message is a constant sentence: values go in fields, where the list sees them.
 */

/** A field's value: a scalar, an error (logged as its name and message), or a small object of such fields. */
export type LogValue = string | number | boolean | null | undefined | Error | LogValue[] | { [name: string]: LogValue };
export type LogFields = Record<string, LogValue>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** Something failed that someone should look at (an unhandled error, a store outage). */
  error(message: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields` (e.g. the request id, then the dossier code). */
  child(fields: LogFields): Logger;
}

/** Says nothing: the default where no logger is wired (unit tests, library calls). */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
