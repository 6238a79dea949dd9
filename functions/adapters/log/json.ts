/**
 * The logger at the edge (functions/core/log.ts): one JSON object per line, `{"level","time","message",…fields}`,
 * info to stdout and warnings and errors to stderr — what CloudWatch Logs (Lambda) and a terminal (the local portal)
 * both read. The HTTP apps give each request a child carrying its `requestId` (functions/http/app.ts), the dossier
 * routes add the `dossierCode`.
 *
 * **No personal data, by construction.** A field is written only when its name is on `LOGGED_FIELDS` (identifiers,
 * codes, counts, outcomes); any other field keeps its name but its value becomes "[redacted]", at any depth, so a
 * developer who logs `applicant` or `phone` sees the redaction in the line instead of leaking a citizen's data. Error
 * messages and stacks are scrubbed of what looks like an e-mail address or a long digit run (an ID card, a phone
 * number), and every string is cut at 200 characters.
 *
 * **Why no library** (the issue suggested Powertools Logger or pino): the cost that matters is cold start, so each was
 * measured the way bench/coldstart.ts measures a piece — bundled alone the shipped way (SST's esbuild, ESM, minified),
 * a fresh `node` per sample importing it, a logger and a child built, 30 interleaved rounds, medians, two runs on this
 * repository's 2-core machine on 2026-12-01: @aws-lambda-powertools/logger 2.36 +6.2 / +7.5 ms over an empty module
 * (23.5 KB), pino 10.4 +10.1 / +10.6 ms (64 KB, CommonJS; its transports need worker threads a one-file bundle does
 * not carry), this file +0.3 ms (1.8 KB). A function's init budget is the SDK clients it uses + 15 ms (issue #14): a
 * logger eating half of it buys nothing used here. Neither library would keep the allow-list for us, and what they
 * add (sampling, Lambda context injection, transports) this project does not need; API Gateway's access log already
 * has every request's id, status and latency (stacks/Api.ts).
 */
import type { LogFields, Logger, LogValue } from "../../core/log";

/** Field names whose values are written as they are: identifiers, codes, counts, outcomes — never a person's data. */
export const LOGGED_FIELDS: ReadonlySet<string> = new Set([
  // where and what
  "requestId",
  "method",
  "path",
  "status",
  "durationMs",
  "route",
  "function",
  "component",
  "consumer",
  // the domain's identifiers
  "dossierCode",
  "procedureCode",
  "agencyCode",
  "keyId",
  "attachmentId",
  "documentKey",
  "version",
  "action",
  "command",
  "eventId",
  "eventType",
  // payments (the gateway's reference and verdict, not the payer)
  "provider",
  "reference",
  "reason",
  "outcome",
  "success",
  "responseCode",
  "amount",
  // jobs and batches
  "date",
  "from",
  "to",
  "rows",
  "dossiersRead",
  "drafts",
  "files",
  "days",
  "records",
  "failures",
  "count",
  "attempt",
  // notifications and webhooks (never the recipient: an address or a number)
  "queue",
  "outcome",
  "deliveryId",
  // errors (an Error value is written as its name, message, code, first stack frames and cause, scrubbed)
  "error",
  "code",
  "kind",
  "store",
]);

export const REDACTED = "[redacted]";
const MAX_STRING = 200;
const MAX_DEPTH = 4;

/**
 * What looks like personal data inside free text: e-mail addresses, Vietnamese phone numbers (0… or +84…, 9–11
 * digits, spaced or not) and 9- or 12-digit runs (ID card numbers: CMND, CCCD). Dates, dossier codes and payment
 * references do not match.
 */
const PERSONAL_TEXT = [
  /[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}/g,
  /(?<![\w.-])(?:\+84|0)(?:[ .-]?\d){8,10}(?!\w)/g,
  /(?<!\w)(?:\d{12}|\d{9})(?!\w)/g,
];

function scrub(text: string): string {
  let out = text;
  for (const pattern of PERSONAL_TEXT) out = out.replace(pattern, REDACTED);
  return out;
}

const cut = (text: string) => (text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text);

function errorFields(err: Error, depth: number): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: cut(scrub(err.message)),
    ...(typeof code === "string" ? { code: cut(code) } : {}),
    // The first frames say where; the rest is the runtime's.
    ...(err.stack ? { stack: scrub(err.stack.split("\n").slice(0, 6).join("\n")) } : {}),
    ...(err.cause !== undefined && depth < MAX_DEPTH ? { cause: value(err.cause as LogValue, depth + 1) } : {}),
  };
}

function value(v: LogValue | unknown, depth: number): unknown {
  if (v === undefined || v === null || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return cut(v);
  if (v instanceof Error) return errorFields(v, depth);
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(v)) return v.slice(0, 20).map((item) => value(item, depth + 1));
  if (typeof v === "object") return sanitize(v as LogFields, depth + 1);
  return REDACTED; // functions, symbols, bigints: nothing a log reader needs
}

/** The fields as they will be written: allow-listed names kept, every other value "[redacted]". */
export function sanitize(fields: LogFields, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[name] = LOGGED_FIELDS.has(name) ? value(v, depth) : REDACTED;
  }
  return out;
}

export interface JsonLoggerOptions {
  /** Where a line goes (tests collect them); default: info to stdout, warn and error to stderr. */
  write?: (line: string, level: Level) => void;
  now?: () => Date;
}

type Level = "info" | "warn" | "error";

const defaultWrite = (line: string, level: Level) => (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);

/** A logger whose every line carries `base` (sanitized as any field); `options` for tests (where lines go, the clock). */
export function jsonLogger(base: LogFields = {}, options: JsonLoggerOptions = {}): Logger {
  return linesLogger(sanitize(base), options);
}

function linesLogger(bound: Record<string, unknown>, options: JsonLoggerOptions): Logger {
  const write = options.write ?? defaultWrite;
  const now = options.now ?? (() => new Date());
  const emit = (level: Level, message: string, fields?: LogFields) => {
    const line = { level, time: now().toISOString(), message: cut(message), ...bound, ...(fields ? sanitize(fields) : {}) };
    try {
      write(JSON.stringify(line), level);
    } catch {
      // A log line must never fail the request that writes it.
    }
  };
  return {
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
    child: (fields) => linesLogger({ ...bound, ...sanitize(fields) }, options),
  };
}
