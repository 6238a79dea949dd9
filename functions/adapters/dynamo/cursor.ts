import { ValidationError } from "../../core/errors";
import { isWellFormed } from "../../core/text";

/**
 * Paging cursors over DynamoDB queries: a page's LastEvaluatedKey, handed to the client as an opaque string and
 * read back as the next query's ExclusiveStartKey.
 *
 * A cursor comes from the client, so it is read strictly: canonical base64url of a JSON object that has exactly
 * the key attributes of the index, each a string, which the caller's `accepts` then checks against the query
 * (its partition, its sort-key range). Anything else — an object where a string goes, extra or missing attributes,
 * another agency's partition, a key outside the query's range — is a 400 `request.invalid_cursor`, never an
 * ExclusiveStartKey the store would refuse with a 500.
 */

/** Longest cursor read at all (the HTTP schemas allow 2048 characters). */
const MAX_CURSOR_LENGTH = 2048;
/** Longest attribute value a key may hold (DynamoDB: partition keys ≤ 2048 bytes, sort keys ≤ 1024 bytes). */
const MAX_KEY_VALUE_LENGTH = 1024;

export type KeyCursor = Record<string, string>;

export function invalidCursor(): ValidationError {
  return new ValidationError("request.invalid_cursor", [{ path: "cursor", message: "request.invalid_cursor" }]);
}

/** The client's form of a LastEvaluatedKey (null at the end of the results). Throws nothing. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), "utf8").toString("base64url") : null;
}

export interface CursorShape {
  /** Exactly the attributes of the key: the table's key and the index's key. */
  attributes: readonly string[];
  /** Whether the key belongs to this query (partition, sort-key range). */
  accepts(key: KeyCursor): boolean;
}

/**
 * The ExclusiveStartKey a cursor stands for (undefined for no cursor).
 * @throws ValidationError `request.invalid_cursor` (path `cursor`) when the cursor is not exactly a key of `shape`
 *   that `shape.accepts`.
 */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): KeyCursor | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  const bytes = Buffer.from(cursor, "base64url");
  // Base64 is lenient (stray bits, missing characters): only the exact text this module writes is read.
  if (bytes.toString("base64url") !== cursor) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw invalidCursor();
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw invalidCursor();
  const entries = Object.entries(parsed);
  if (entries.length !== shape.attributes.length) throw invalidCursor();
  const key: KeyCursor = {};
  for (const [name, value] of entries) {
    if (!shape.attributes.includes(name) || typeof value !== "string") throw invalidCursor();
    if (value.length === 0 || value.length > MAX_KEY_VALUE_LENGTH || !isWellFormed(value)) throw invalidCursor();
    key[name] = value;
  }
  if (!shape.accepts(key)) throw invalidCursor();
  return key;
}

/** Whether a sort key lies in a query's range (`from`/`to` inclusive, either open). Throws nothing. */
export function withinRange(sortKey: string, range: { from?: string; to?: string }): boolean {
  return (range.from === undefined || sortKey >= range.from) && (range.to === undefined || sortKey <= range.to);
}

/**
 * The cursor shape of an agency's inbox (index gsi1: `gsi1pk=AGENCY#<code>`, `gsi1sk=<instant>#<dossier code>`,
 * over items `pk=DOSSIER#<code>`, `sk=DOSSIER`), for a query of `agencyCode` within `range` of gsi1sk.
 */
export function inboxCursorShape(agencyCode: string, range: { from?: string; to?: string } = {}): CursorShape {
  return {
    attributes: ["pk", "sk", "gsi1pk", "gsi1sk"],
    accepts: (key) => {
      const code = /^DOSSIER#(.+)$/.exec(key.pk!)?.[1];
      return (
        code !== undefined &&
        key.sk === "DOSSIER" &&
        key.gsi1pk === `AGENCY#${agencyCode}` &&
        key.gsi1sk!.endsWith(`#${code}`) &&
        withinRange(key.gsi1sk!, range)
      );
    },
  };
}
