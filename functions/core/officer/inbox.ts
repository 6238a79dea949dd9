/**
 * The back office's inbox (one-stop officers' tabs), read page by page from shelves kept by the store.
 *
 * Every dossier past draft stands on exactly one shelf of its agency, chosen from its own fields on every write
 * (`shelfOf`): the store keeps each shelf sorted by due time (finished ones by the time they ended), so that a tab's
 * page is a bounded read of one or two shelves, never of the agency's whole history. The six tabs an officer sees
 * are views of the shelves: `processing` is two shelves (still being worked on, and decided but not yet returned);
 * `due_soon` and `overdue` are ranges of the working shelf by due time.
 *
 * Counts are exact up to `COUNT_CAP` per shelf; above it the tab says "at least" (`capped`), so a tab's count costs
 * a bounded read however many dossiers an agency holds.
 */
import { vietnamDate } from "../calendar";
import { addWorkingTime, workingMinutesBetween } from "../calendar/clock";
import { RuleError } from "../errors";
import type { Dossier } from "../dossier/model";
import type { DossierStatus } from "../dossier/vocabulary";

export const INBOX_TABS = ["new", "processing", "waiting_citizen", "due_soon", "overdue", "done"] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

/**
 * - `new`: to be received: submitted online, or transferred in by another agency;
 * - `working`: received and being processed, the clock running;
 * - `decided`: approved or denied, the result not yet returned (the clock stopped at the decision);
 * - `waiting`: waiting for the citizen: a supplement, or a fee to pay;
 * - `done`: ended (returned, refused at intake, withdrawn, stopped).
 */
export const INBOX_SHELVES = ["new", "working", "decided", "waiting", "done"] as const;
export type InboxShelf = (typeof INBOX_SHELVES)[number];

/** The shelf a dossier stands on; none while a draft (no agency has it yet). */
export function shelfOf(d: Pick<Dossier, "status" | "endedAt" | "resolvedAt" | "payment">): InboxShelf | undefined {
  if (d.status === "draft") return undefined;
  if (d.endedAt) return "done";
  if (d.status === "supplement_requested" || d.payment?.status === "pending") return "waiting";
  if (d.status === "submitted" || d.status === "transferred") return "new";
  if (d.resolvedAt || d.status === "approved" || d.status === "denied") return "decided";
  return "working";
}

/** Folded for search: no diacritics, đ → d, lower case (so "nguyen van an" finds "Nguyễn Văn An"). */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").replace(/đ/gi, "d").toLowerCase();
}

/** What the inbox's search looks in: the dossier code and the applicant's name, folded. */
export function searchTextOf(d: Pick<Dossier, "code" | "applicant">): string {
  return foldForSearch(`${d.code} ${d.applicant.fullName}`);
}

/** One working day of the default office hours (07:00–11:30, 13:30–17:00). */
const WORKING_DAY_MINUTES = 8 * 60;

/** The due-time windows of the working shelf at `now`: overdue is due before `now`, due soon up to `soonUntil`. */
export function dueWindows(now: Date): { now: string; soonUntil: string } {
  return { now: now.toISOString(), soonUntil: addWorkingTime(now, WORKING_DAY_MINUTES).toISOString() };
}

/** What a dossier's tabs and working time left are worked out from. */
type TabFields = Pick<Dossier, "dueAt" | "status" | "endedAt" | "resolvedAt" | "payment">;

/** Working minutes until the due time (negative when overdue); null without a due time or once decided or ended. */
export function workingMinutesLeft(dossier: TabFields, now: Date): number | null {
  const shelf = shelfOf(dossier);
  if (!dossier.dueAt || shelf === "done" || shelf === "decided") return null;
  const due = new Date(dossier.dueAt);
  return Math.round(due >= now ? workingMinutesBetween(now, due) : -workingMinutesBetween(due, now));
}

/** The tabs a dossier shows under: its shelf's, and due soon or overdue while being worked on. */
export function tabsOf(dossier: TabFields, now: Date): InboxTab[] {
  return tabsWithin(dossier, dueWindows(now));
}

/** `tabsOf` with the due-time windows worked out once (for every row of a page). */
function tabsWithin(dossier: TabFields, windows: ReturnType<typeof dueWindows>): InboxTab[] {
  const shelf = shelfOf(dossier);
  if (!shelf) return [];
  const tabs: InboxTab[] = [TAB_OF_SHELF[shelf]];
  if (shelf === "working" && dossier.dueAt) {
    if (dossier.dueAt < windows.now) tabs.push("overdue");
    else if (dossier.dueAt <= windows.soonUntil) tabs.push("due_soon");
  }
  return tabs;
}

const TAB_OF_SHELF: Record<InboxShelf, InboxTab> = { new: "new", working: "processing", decided: "processing", waiting: "waiting_citizen", done: "done" };

/**
 * A dossier's position on its shelf: by due time (or submission, before receipt), the code breaking ties; a working
 * dossier without a due time after every one with (`~` sorts after digits); a done one by the time it ended (the
 * shelf is read newest first).
 */
export function shelfPosition(d: Pick<Dossier, "code" | "dueAt" | "submittedAt" | "createdAt" | "endedAt">, shelf: InboxShelf): string {
  if (shelf === "done") return `${d.endedAt}#${d.code}`;
  if (shelf === "working" && !d.dueAt) return `~#${d.code}`;
  return `${d.dueAt ?? d.submittedAt ?? d.createdAt}#${d.code}`;
}

/**
 * A shelf read's bounds on positions, both inclusive (a store allows one range on its sort key): the due-time range
 * and where the last page stopped. A position is `<instant>#<code>`: `before` an instant excludes every position
 * at it; `until` an instant includes them (`~` sorts after every code character). `after` itself lies within the
 * bounds: the reader drops that one row. `high < low` is an empty read.
 */
export function shelfBounds(range: DueRange = {}, after: string | undefined, descending: boolean): { low?: string; high?: string } {
  let low = range.from;
  let high = range.before ?? (range.until !== undefined ? `${range.until}#~` : undefined);
  if (after !== undefined) {
    if (descending) high = high === undefined || after < high ? after : high;
    else low = low === undefined || after > low ? after : low;
  }
  return { low, high };
}

/** Due-time bounds on a shelf read (ISO instants): `before` exclusive, `from`/`until` inclusive. */
export interface DueRange {
  before?: string;
  from?: string;
  until?: string;
}

/** Which shelves (and which due-time range of them) make a tab, in the due-time windows of the moment. */
export function shelvesOfTab(tab: InboxTab, windows: ReturnType<typeof dueWindows>): { shelf: InboxShelf; range?: DueRange }[] {
  switch (tab) {
    case "new":
      return [{ shelf: "new" }];
    case "processing":
      return [{ shelf: "working" }, { shelf: "decided" }];
    case "waiting_citizen":
      return [{ shelf: "waiting" }];
    case "due_soon":
      return [{ shelf: "working", range: { from: windows.now, until: windows.soonUntil } }];
    case "overdue":
      return [{ shelf: "working", range: { before: windows.now } }];
    case "done":
      return [{ shelf: "done" }];
  }
}

/** Counts are exact up to this many dossiers per shelf read; beyond, the tab reports it as at least. */
export const COUNT_CAP = 1000;

/** What an inbox row needs of a dossier (what the store copies onto its shelves). */
export type InboxDossier = Pick<
  Dossier,
  | "code"
  | "status"
  | "version"
  | "procedureCode"
  | "procedureName"
  | "agencyCode"
  | "receivingAgencyCode"
  | "channel"
  | "delivery"
  | "applicant"
  | "submittedAt"
  | "receivedAt"
  | "dueAt"
  | "pausedAt"
  | "resolvedAt"
  | "resolution"
  | "endedAt"
  | "assignee"
  | "payment"
>;

export interface ShelfQuery {
  agencyCode: string;
  shelf: InboxShelf;
  range?: DueRange;
  status?: DossierStatus;
  assigneeId?: string;
  /** Folded (foldForSearch): the part of the search text a row must contain. */
  search?: string;
  limit: number;
  /** Where the last page stopped: a row's `position`. */
  after?: string;
}

/**
 * The store's shelves (ports.ts `DossierRepository.shelf`/`countShelf`). Positions are strings that order a shelf's
 * rows (by due time, then code; on `done`, by the time they ended, newest first) and are comparable across the
 * shelves of one agency other than `done`.
 */
export interface InboxShelves {
  shelf(query: ShelfQuery): Promise<{ rows: { dossier: InboxDossier; position: string }[]; more: boolean }>;
  /** The shelf's dossiers in `range`, counted up to `cap` (returns `cap` when there are at least that many). */
  countShelf(query: { agencyCode: string; shelf: InboxShelf; range?: DueRange; cap: number }): Promise<number>;
}

export interface InboxPageQuery {
  /** Default: every open dossier (new, processing, waiting), by due time. */
  tab?: InboxTab;
  status?: DossierStatus;
  assigneeId?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export interface InboxPage {
  items: { dossier: InboxDossier; tabs: InboxTab[]; minutesLeft: number | null }[];
  nextCursor: string | null;
  /** Dossiers per tab in the agency (not narrowed by status, assignee or search); see `capped`. */
  counts: Record<InboxTab, number>;
  /** Tabs holding at least their count (more than COUNT_CAP per shelf). */
  capped: InboxTab[];
  today: string;
}

const OPEN_TAB: { shelf: InboxShelf; range?: DueRange }[] = [{ shelf: "new" }, { shelf: "working" }, { shelf: "decided" }, { shelf: "waiting" }];

/** The cursor: where each shelf's read stopped (base64url JSON `{shelf: position}`); a shelf left out is finished. */
function decodeInboxCursor(cursor: string | undefined, shelves: readonly InboxShelf[]): Partial<Record<InboxShelf, string | null>> | undefined {
  if (!cursor) return undefined;
  const invalid = () => new RuleError("request.invalid_cursor", { errors: [{ path: "cursor", message: "request.invalid_cursor" }] });
  let parsed: unknown;
  try {
    const bytes = Buffer.from(cursor, "base64url");
    if (bytes.toString("base64url") !== cursor) throw invalid();
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (!entries.every(([shelf, at]) => shelves.includes(shelf as InboxShelf) && (at === null || (typeof at === "string" && at.length > 0 && at.length <= 1024)))) {
    throw invalid();
  }
  return Object.fromEntries(entries) as Partial<Record<InboxShelf, string | null>>;
}

const encodeInboxCursor = (state: Partial<Record<InboxShelf, string | null>>) => Buffer.from(JSON.stringify(state), "utf8").toString("base64url");

/**
 * One page of a tab, merged from its shelves in position order, with every tab's count. Reads at most `limit` rows
 * per shelf (more only where status, assignee or search filter rows out) and one bounded count per shelf.
 * @throws RuleError `request.invalid_cursor`
 */
export async function inboxPage(store: InboxShelves, agencyCode: string, query: InboxPageQuery, now: Date): Promise<InboxPage> {
  const windows = dueWindows(now);
  const parts = query.tab ? shelvesOfTab(query.tab, windows) : OPEN_TAB;
  const shelves = parts.map((part) => part.shelf);
  const state = decodeInboxCursor(query.cursor, shelves) ?? Object.fromEntries(shelves.map((shelf) => [shelf, null]));
  const search = query.q?.trim() ? foldForSearch(query.q.trim()) : undefined;

  const [reads, counted] = await Promise.all([
    Promise.all(
      parts.map(async (part) => {
        if (!(part.shelf in state)) return { part, rows: [], more: false };
        const after = state[part.shelf] ?? undefined;
        const read = await store.shelf({ agencyCode, shelf: part.shelf, range: part.range, status: query.status, assigneeId: query.assigneeId, search, limit: query.limit, after });
        return { part, ...read };
      }),
    ),
    countTabs(store, agencyCode, windows),
  ]);

  // Merge: take the `limit` lowest positions; a shelf whose rows were not all taken resumes after its last one taken.
  // (One shelf is taken in its own order: `done` is read newest first.)
  const merged = reads.flatMap((read) => read.rows.map((row) => ({ ...row, shelf: read.part.shelf })));
  if (reads.length > 1) merged.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const taken = merged.slice(0, query.limit);
  const next: Partial<Record<InboxShelf, string | null>> = {};
  for (const read of reads) {
    if (!(read.part.shelf in state)) continue;
    const mine = taken.filter((row) => row.shelf === read.part.shelf);
    const allTaken = mine.length === read.rows.length;
    if (allTaken && !read.more) continue; // this shelf is finished
    next[read.part.shelf] = mine.length ? mine[mine.length - 1]!.position : (state[read.part.shelf] ?? null);
  }
  return {
    items: taken.map((row) => ({ dossier: row.dossier, tabs: tabsWithin(row.dossier, windows), minutesLeft: workingMinutesLeft(row.dossier, now) })),
    nextCursor: Object.keys(next).length ? encodeInboxCursor(next) : null,
    ...counted,
    today: vietnamDate(now),
  };
}

/** Every tab's count: one bounded count per shelf (and per due-time window). */
async function countTabs(store: InboxShelves, agencyCode: string, windows: ReturnType<typeof dueWindows>): Promise<{ counts: Record<InboxTab, number>; capped: InboxTab[] }> {
  const entries = await Promise.all(
    INBOX_TABS.map(async (tab) => {
      const numbers = await Promise.all(shelvesOfTab(tab, windows).map((part) => store.countShelf({ agencyCode, shelf: part.shelf, range: part.range, cap: COUNT_CAP })));
      return { tab, count: numbers.reduce((sum, n) => sum + n, 0), capped: numbers.some((n) => n >= COUNT_CAP) };
    }),
  );
  return {
    counts: Object.fromEntries(entries.map((e) => [e.tab, e.count])) as Record<InboxTab, number>,
    capped: entries.filter((e) => e.capped).map((e) => e.tab),
  };
}
