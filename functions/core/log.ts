/**
 * The structured logger the core is handed (it never writes to the console itself). Fields are facts about the
 * work (request id, dossier code, outcome), never personal data: the adapter drops any field it does not know.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Says nothing: the default where no logger is wired (unit tests). */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
