import { ValidationError } from "../errors";
import type { Catalogue, Procedure, ServiceLevel } from "./model";

/**
 * Procedure search (docs/api.md "Catalogue"): `q` matches the words of procedure names regardless of case and
 * Vietnamese diacritics, combined with agency / level / field filters, ranked, and paged with an opaque cursor.
 *
 * The index is built once per warm process from the whole catalogue (a province has ~2,000 procedures), so a
 * query is pure in-memory work: no store round trip, well under a millisecond.
 *
 * How matching works: every distinct folded name token goes into one sorted vocabulary, and a token's id is
 * its rank in that vocabulary. All words starting with a prefix then form one contiguous id range, so "does
 * this name token match this query token (as a whole word or a prefix)" is two integer comparisons.
 */

// ---------------------------------------------------------------------------------------------------------------
// Folding and tokens

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/**
 * Lowercases and strips Vietnamese diacritics: NFD splits "ế" into "e" + marks, which are dropped; "đ" is a
 * letter of its own (no decomposition), so it is mapped to "d" explicitly. "ĐĂNG KÝ" → "dang ky". Throws nothing.
 */
export function fold(text: string): string {
  return text.normalize("NFD").replace(COMBINING_MARKS, "").replace(/[đĐ]/g, "d").toLowerCase();
}

/** The folded words of a text, split on anything that is not a letter or digit. Throws nothing. */
export function tokenize(text: string): string[] {
  return fold(text)
    .split(NON_WORD)
    .filter((token) => token.length > 0);
}

/** A filter value compared as a whole (field names): folded, with runs of spaces and punctuation collapsed. */
function foldPhrase(text: string): string {
  return tokenize(text).join(" ");
}

// ---------------------------------------------------------------------------------------------------------------
// The index

interface Entry {
  procedure: Procedure;
  /** Vocabulary ids of the name's tokens, in name order. */
  tokens: Int32Array;
  /** Folded name length, the "shorter names first" tie-breaker. */
  nameLength: number;
  field: string;
  agencyCode: string;
  receivingAgencyCode: string | undefined;
}

export interface SearchIndex {
  readonly version: string;
  readonly size: number;
  /** Entries sorted by procedure code: the order without q, and the final tie-breaker with it. */
  readonly entries: readonly Entry[];
  /** Sorted distinct folded name tokens; a token's id is its position here. */
  readonly vocabulary: readonly string[];
  /** For each vocabulary id, the (ascending) entry positions whose name contains that token. */
  readonly postings: readonly Int32Array[];
  /** By procedure code, for the detail route. */
  readonly byCode: ReadonlyMap<string, Procedure>;
}

/**
 * Builds the in-memory index of a whole catalogue; O(total name tokens · log).
 * @throws RangeError beyond 131,072 procedures (the packed rank's position field; a province has ~2,000).
 */
export function buildSearchIndex(catalogue: Pick<Catalogue, "procedures" | "version">): SearchIndex {
  if (catalogue.procedures.length > MAX_ENTRIES) {
    // A province has ~2,000; this bound only keeps the packed rank exact (see packRank).
    throw new RangeError(`the search index holds at most ${MAX_ENTRIES} procedures`);
  }
  const procedures = [...catalogue.procedures].sort((a, b) => compareStrings(a.code, b.code));
  const tokenLists = procedures.map((procedure) => tokenize(procedure.name));
  const vocabulary = [...new Set(tokenLists.flat())].sort(compareStrings);
  const idOf = new Map(vocabulary.map((token, id) => [token, id]));
  const postingLists: number[][] = vocabulary.map(() => []);
  const entries: Entry[] = procedures.map((procedure, position) => {
    const tokens = Int32Array.from(tokenLists[position]!, (token) => idOf.get(token)!);
    for (const id of new Set(tokens)) postingLists[id]!.push(position);
    return {
      procedure,
      tokens,
      nameLength: fold(procedure.name).length,
      field: foldPhrase(procedure.field),
      agencyCode: procedure.agencyCode,
      receivingAgencyCode: procedure.receivingAgencyCode,
    };
  });
  return {
    version: catalogue.version,
    size: entries.length,
    entries,
    vocabulary,
    postings: postingLists.map((list) => Int32Array.from(list)),
    byCode: new Map(procedures.map((procedure) => [procedure.code, procedure])),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

export interface SearchQuery {
  q?: string;
  /** Matches the deciding agency or the receiving unit. */
  agency?: string;
  level?: ServiceLevel;
  /** Compared folded: "ho tich" matches "Hộ tịch". */
  field?: string;
  /** 1–100; the HTTP layer validates it. */
  limit: number;
  cursor?: string;
}

export interface SearchPage {
  items: Procedure[];
  nextCursor: string | null;
  /** How many procedures match in all (every page). */
  total: number;
}

/** One query token as a vocabulary id range: ids in [low, high) start with it; `exact` is the whole word, or -1. */
interface TokenRange {
  low: number;
  high: number;
  exact: number;
}

/**
 * The rank of a match packed into one number (smaller is better), so ranking is a numeric typed-array sort
 * rather than a comparator sort — about ten times faster on a thousand matches. From most to least significant:
 *   prefixOnly  5 bits  query tokens matched only as a prefix (0: every token is a whole word), capped at 31
 *   scattered   1 bit   0 when the query tokens appear as consecutive words in order
 *   start       8 bits  word position where the match starts (the phrase's, or the first matched word's)
 *   words       8 bits  words in the name (shorter names first)
 *   length      9 bits  folded name length (names are at most 500 characters)
 *   position   17 bits  the entry's position in code order: the final, deterministic tie-breaker
 * 48 bits in all, exact in a double.
 */
const POSITION_BITS = 2 ** 17;
const MAX_ENTRIES = POSITION_BITS;

function packRank(prefixOnly: number, scattered: number, start: number, words: number, length: number, position: number): number {
  let key = Math.min(prefixOnly, 31);
  key = key * 2 + scattered;
  key = key * 256 + Math.min(start, 255);
  key = key * 256 + Math.min(words, 255);
  key = key * 512 + Math.min(length, 511);
  return key * POSITION_BITS + position;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function rangeOf(index: SearchIndex, token: string): TokenRange {
  const { vocabulary } = index;
  const low = lowerBound(vocabulary, token);
  let high = low;
  while (high < vocabulary.length && vocabulary[high]!.startsWith(token)) high++;
  return { low, high, exact: vocabulary[low] === token ? low : -1 };
}

/** Ranks one entry against the query (see packRank), or returns -1 when a query token matches none of its words. */
function rank(entry: Entry, position: number, ranges: readonly TokenRange[]): number {
  const words = entry.tokens;
  let prefixOnly = 0;
  let firstMatch = words.length;
  for (const range of ranges) {
    let whole = false;
    let matched = false;
    for (let w = 0; w < words.length; w++) {
      const id = words[w]!;
      if (id < range.low || id >= range.high) continue;
      matched = true;
      if (w < firstMatch) firstMatch = w;
      if (id === range.exact) {
        whole = true;
        break;
      }
    }
    if (!matched) return -1;
    if (!whole) prefixOnly++;
  }
  // The earliest place where the query reads as a phrase: query token j on word start + j, for every j.
  let phraseStart = -1;
  for (let start = 0; start + ranges.length <= words.length && phraseStart < 0; start++) {
    let all = true;
    for (let j = 0; j < ranges.length; j++) {
      const id = words[start + j]!;
      const range = ranges[j]!;
      if (id < range.low || id >= range.high) {
        all = false;
        break;
      }
    }
    if (all) phraseStart = start;
  }
  return packRank(
    prefixOnly,
    phraseStart >= 0 ? 0 : 1,
    phraseStart >= 0 ? phraseStart : firstMatch,
    words.length,
    entry.nameLength,
    position,
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function passesFilters(entry: Entry, agency: string | undefined, level: ServiceLevel | undefined, field: string | undefined) {
  if (level !== undefined && entry.procedure.level !== level) return false;
  if (agency !== undefined && entry.agencyCode !== agency && entry.receivingAgencyCode !== agency) return false;
  if (field !== undefined && entry.field !== field) return false;
  return true;
}

/**
 * Per-index scratch buffers, reused by every query so a search allocates almost nothing (fewer GC pauses in
 * the tail). Safe because a search runs synchronously to the end: no two searches interleave.
 * `seen` marks visited entries with the query's stamp, so it never needs clearing.
 */
interface Scratch {
  seen: Int32Array;
  keys: Float64Array;
  stamp: number;
}
const scratches = new WeakMap<SearchIndex, Scratch>();

function scratchOf(index: SearchIndex): Scratch {
  let scratch = scratches.get(index);
  if (!scratch) {
    scratch = { seen: new Int32Array(index.size), keys: new Float64Array(index.size), stamp: 0 };
    scratches.set(index, scratch);
  }
  return scratch;
}

function nextStamp(index: SearchIndex): number {
  const scratch = scratchOf(index);
  if (scratch.stamp >= 0x7fffffff) {
    scratch.seen.fill(0);
    scratch.stamp = 0;
  }
  return ++scratch.stamp;
}

/**
 * Every match of a query, best first, as entry positions. Without query tokens the order is by code.
 * Candidates come from the postings of the query token with the fewest of them, so a query only looks at
 * names that can match at all.
 */
function matchAll(index: SearchIndex, tokens: readonly string[], agency?: string, level?: ServiceLevel, field?: string): number[] {
  if (tokens.length === 0) {
    const out: number[] = [];
    index.entries.forEach((entry, position) => {
      if (passesFilters(entry, agency, level, field)) out.push(position);
    });
    return out;
  }
  const ranges = tokens.map((token) => rangeOf(index, token));
  if (ranges.some((range) => range.low === range.high)) return [];
  let rarest = ranges[0]!;
  let rarestCount = Infinity;
  for (const range of ranges) {
    let count = 0;
    for (let id = range.low; id < range.high; id++) count += index.postings[id]!.length;
    if (count < rarestCount) {
      rarest = range;
      rarestCount = count;
    }
  }
  const { seen, keys } = scratchOf(index);
  const stamp = nextStamp(index);
  let count = 0;
  for (let id = rarest.low; id < rarest.high; id++) {
    for (const position of index.postings[id]!) {
      if (seen[position] === stamp) continue;
      seen[position] = stamp;
      const entry = index.entries[position]!;
      if (!passesFilters(entry, agency, level, field)) continue;
      const key = rank(entry, position, ranges);
      if (key >= 0) keys[count++] = key;
    }
  }
  const ranked = keys.subarray(0, count).sort(); // sorts in place: the scratch is reused by the next query only
  const positions = new Array<number>(count);
  for (let i = 0; i < count; i++) positions[i] = ranked[i]! % POSITION_BITS;
  return positions;
}

// ---------------------------------------------------------------------------------------------------------------
// Cursors

/**
 * FNV-1a, twice with different offsets (64 bits): a cursor only needs to tell "another query or another
 * catalogue" apart, not resist forgery (it grants nothing), and this keeps core free of node:crypto.
 */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

function queryFingerprint(version: string, tokens: readonly string[], agency?: string, level?: string, field?: string): string {
  return fingerprint(JSON.stringify([version, tokens, agency ?? null, level ?? null, field ?? null]));
}

function encodeCursor(offset: number, hash: string): string {
  return Buffer.from(`${offset}.${hash}`, "utf8").toString("base64url");
}

function invalidCursor(): ValidationError {
  return new ValidationError("request.invalid_cursor", [{ path: "cursor", message: "request.invalid_cursor" }]);
}

function decodeCursor(cursor: string, hash: string): number {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalidCursor();
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^(\d{1,9})\.([0-9a-z]+)$/.exec(text);
  if (!match || match[2] !== hash) throw invalidCursor();
  const offset = Number(match[1]);
  // Only the exact text encodeCursor writes (base64 and leading zeros leave room for look-alikes).
  if (encodeCursor(offset, hash) !== cursor) throw invalidCursor();
  return offset;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Runs one search over the index and returns one page.
 *
 * The cursor carries the offset of the next page and a fingerprint of the (normalized) query and the
 * catalogue version, so a page sequence visits every match exactly once, and a cursor used with another
 * query, or after the catalogue changed, is refused rather than silently skipping or repeating items.
 *
 * @throws ValidationError `request.invalid_cursor` (path `cursor`) when the cursor is malformed, belongs to
 *   another query or to another catalogue version.
 */
export function searchProcedures(index: SearchIndex, query: SearchQuery): SearchPage {
  const tokens = query.q ? tokenize(query.q) : [];
  const agency = query.agency?.trim() ? query.agency.trim().toUpperCase() : undefined;
  const field = query.field?.trim() ? foldPhrase(query.field) : undefined;
  const hash = queryFingerprint(index.version, tokens, agency, query.level, field);
  const offset = query.cursor ? decodeCursor(query.cursor, hash) : 0;
  const positions = matchAll(index, tokens, agency, query.level, field);
  const limit = Math.max(1, Math.floor(query.limit));
  const end = offset + limit;
  return {
    items: positions.slice(offset, end).map((position) => index.entries[position]!.procedure),
    nextCursor: end < positions.length ? encodeCursor(end, hash) : null,
    total: positions.length,
  };
}
