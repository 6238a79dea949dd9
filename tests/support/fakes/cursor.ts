import { ValidationError } from "../../../functions/core/errors";

/**
 * The fakes' list cursors: opaque base64url JSON naming the list they belong to and the position after which the
 * next page starts. Like the DynamoDB adapters' cursors, one that is garbled or belongs to another list is a 400
 * `request.invalid_cursor`, never a page of something else.
 */
export function encodeCursor(list: string, after: string): string {
  return Buffer.from(JSON.stringify({ list, after })).toString("base64url");
}

/** The position a cursor stands for, or undefined without one. @throws ValidationError `request.invalid_cursor` */
export function decodeCursor(cursor: string | undefined, list: string): string | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("not base64url");
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const record = decoded as { list?: unknown; after?: unknown } | null;
  if (!record || record.list !== list || typeof record.after !== "string") throw invalidCursor();
  return record.after;
}

const invalidCursor = () => new ValidationError("request.invalid_cursor", [{ path: "cursor", message: "request.invalid_cursor" }]);

/** A page of `sorted` (ascending by `keyOf`) after the cursor's position. */
export function page<T>(sorted: T[], keyOf: (item: T) => string, list: string, limit: number, cursor: string | undefined) {
  const after = decodeCursor(cursor, list);
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const items = rest.slice(0, limit);
  const nextCursor = rest.length > limit ? encodeCursor(list, keyOf(items[items.length - 1]!)) : null;
  return { items, nextCursor };
}

/**
 * What a store keeps of a value: plain data, undefined properties dropped (as the DynamoDB client's
 * `removeUndefinedValues` does). Also a deep copy: what a fake hands back is never the caller's object, nor its own.
 */
export const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
