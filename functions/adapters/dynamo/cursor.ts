import { ValidationError } from "../../core/errors";

/**
 * List cursors: the store's LastEvaluatedKey, opaque to clients (base64url JSON). A cursor comes back from anyone,
 * so decoding is strict: exactly the key attributes of the index being read, each a string, in the partition being
 * read; anything else is a 400 `request.invalid_cursor`, never a malformed request to the store.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : null;
}

const invalid = () => new ValidationError("request.invalid_cursor", [{ path: "cursor", message: "request.invalid_cursor" }]);

/** The key a cursor stands for, checked against the index (`gsiN`, or "table") and the partition it must be in. */
export function decodeCursor(
  cursor: string | undefined,
  expected: { index: string; partition: string },
): Record<string, string> | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  let key: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const attributes = expected.index === "table" ? ["pk", "sk"] : ["pk", "sk", `${expected.index}pk`, `${expected.index}sk`];
  if (typeof key !== "object" || key === null || Array.isArray(key)) throw invalid();
  const record = key as Record<string, unknown>;
  const names = Object.keys(record);
  if (names.length !== attributes.length || !attributes.every((name) => typeof record[name] === "string" && (record[name] as string).length <= 1024)) {
    throw invalid();
  }
  const partitionAttribute = expected.index === "table" ? "pk" : `${expected.index}pk`;
  if (record[partitionAttribute] !== expected.partition) throw invalid();
  return Object.fromEntries(attributes.map((name) => [name, record[name] as string]));
}
