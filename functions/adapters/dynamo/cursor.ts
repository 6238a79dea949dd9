import { ValidationError } from "../../core/errors";
import { isWellFormed } from "../../core/text";

/**
 * List cursors: the store's LastEvaluatedKey, opaque to clients (base64url JSON), read back as the next query's
 * ExclusiveStartKey.
 *
 * A cursor comes back from anyone, so decoding is strict: the exact text this module writes (canonical base64url
 * of UTF-8 JSON), an object with exactly the key attributes of the index being read, each a non-empty string, in
 * the partition being read, and — where the caller says how (`accepts`) — a key the query itself could have
 * returned (its sort-key range, the item kind). Anything else is a 400 `request.invalid_cursor`, never a
 * malformed ExclusiveStartKey that the store refuses with a 500 (an object where a string goes, extra
 * attributes, another agency's partition, a key outside the query's range).
 */

/** Longest cursor read at all (the HTTP schemas allow 2048 characters). */
const MAX_CURSOR_LENGTH = 2048;
/** Longest attribute value a key may hold (DynamoDB: sort keys ≤ 1024 bytes). */
const MAX_KEY_VALUE_LENGTH = 1024;

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), "utf8").toString("base64url") : null;
}

const invalid = () => new ValidationError("request.invalid_cursor", [{ path: "cursor", message: "request.invalid_cursor" }]);

export interface ExpectedKey {
  /** `gsiN`, or "table" for the table's own key. */
  index: string;
  /** The partition being read: the value of the index's partition key. */
  partition: string;
  /** Whether the key is one the query could have returned (its sort-key range, the item kind). */
  accepts?: (key: Record<string, string>) => boolean;
}

/**
 * The key a cursor stands for (undefined for no cursor).
 * @throws ValidationError `request.invalid_cursor` (path `cursor`) for anything but a key of `expected`.
 */
export function decodeCursor(cursor: string | undefined, expected: ExpectedKey): Record<string, string> | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const bytes = Buffer.from(cursor, "base64url");
  // Base64 decoding is lenient (stray bits, a missing character): only the exact text encodeCursor writes is read.
  if (bytes.toString("base64url") !== cursor) throw invalid();
  let key: unknown;
  try {
    key = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw invalid();
  }
  if (typeof key !== "object" || key === null || Array.isArray(key)) throw invalid();
  const attributes = expected.index === "table" ? ["pk", "sk"] : ["pk", "sk", `${expected.index}pk`, `${expected.index}sk`];
  const record = key as Record<string, unknown>;
  const names = Object.keys(record);
  if (names.length !== attributes.length || !names.every((name) => attributes.includes(name))) throw invalid();
  const valid = (value: unknown): value is string =>
    typeof value === "string" && value.length > 0 && value.length <= MAX_KEY_VALUE_LENGTH && isWellFormed(value);
  if (!attributes.every((name) => valid(record[name]))) throw invalid();
  const partitionAttribute = expected.index === "table" ? "pk" : `${expected.index}pk`;
  if (record[partitionAttribute] !== expected.partition) throw invalid();
  const result = Object.fromEntries(attributes.map((name) => [name, record[name] as string]));
  if (expected.accepts && !expected.accepts(result)) throw invalid();
  return result;
}

/** Whether a sort key lies in a query's range (`from`/`to` inclusive, either open). Throws nothing. */
export function withinRange(sortKey: string, range: { from?: string; to?: string }): boolean {
  return (range.from === undefined || sortKey >= range.from) && (range.to === undefined || sortKey <= range.to);
}

/**
 * `accepts` for a dossier index whose sort key is `<instant>#<dossier code>` (gsi1, the agency inbox; gsi7, the inbox
 * shelves): the item is a dossier (`pk=DOSSIER#<code>`, `sk=DOSSIER`), the index sort key names that same
 * dossier, and lies within the query's range (DynamoDB refuses a start key outside the key condition).
 */
export function dossierIndexKey(index: string, range: { from?: string; to?: string } = {}): (key: Record<string, string>) => boolean {
  return (key) => {
    const code = /^DOSSIER#(.+)$/.exec(key.pk!)?.[1];
    const sortKey = key[`${index}sk`]!;
    return code !== undefined && key.sk === "DOSSIER" && sortKey.endsWith(`#${code}`) && withinRange(sortKey, range);
  };
}
