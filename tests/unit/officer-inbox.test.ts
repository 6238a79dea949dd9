import { describe, expect, it } from "vitest";
import { COUNT_CAP, inboxPage, tabsOf, workingMinutesLeft, type InboxPageQuery } from "../../functions/core/officer/inbox";
import type { Dossier } from "../../functions/core/dossier/model";
import { AGENCY, OTHER_AGENCY, submitted } from "../contracts/fixtures";
import { fakeDossierStore } from "../support/fakes";

/** Tuesday 3 March 2026, 09:00 in Vietnam (a working day, inside office hours). */
const NOW = new Date("2026-03-03T02:00:00.000Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

async function storeWith(...list: Dossier[]) {
  const { dossiers } = fakeDossierStore();
  for (const d of list) await dossiers.create(d);
  return dossiers;
}
const codes = (page: { items: { dossier: { code: string } }[] }) => page.items.map((row) => row.dossier.code);
const page = (store: Awaited<ReturnType<typeof storeWith>>, query: Partial<InboxPageQuery> = {}) => inboxPage(store, AGENCY, { limit: 50, ...query }, NOW);

describe("the officer inbox's tabs", () => {
  const fresh = submitted({ submittedAt: minutes(-30) });
  const overdue = submitted({ status: "received", receivedAt: minutes(-5000), dueAt: minutes(-60) });
  const dueSoon = submitted({ status: "received", receivedAt: minutes(-5000), dueAt: minutes(120) });
  const later = submitted({ status: "received", receivedAt: minutes(-5000), dueAt: minutes(20_000) });
  const decided = submitted({ status: "approved", receivedAt: minutes(-5000), dueAt: minutes(-10), resolvedAt: minutes(-20), resolution: "on_time" });
  const supplement = submitted({ status: "supplement_requested", receivedAt: minutes(-5000), dueAt: minutes(-600), pausedAt: minutes(-700) });
  const paying = submitted({ status: "received", receivedAt: minutes(-50), dueAt: minutes(9000), payment: { status: "pending" } as Dossier["payment"] });
  const returned = submitted({ status: "returned", endedAt: minutes(-100) });
  const theirs = submitted({ agencyCode: OTHER_AGENCY, submittedAt: minutes(-10) });

  it("shows each dossier under its tab, counts every tab, and sorts by due time", async () => {
    const store = await storeWith(fresh, overdue, dueSoon, later, decided, supplement, paying, returned, theirs);

    const processing = await page(store, { tab: "processing" });

    expect(codes(processing)).toEqual([overdue.code, decided.code, dueSoon.code, later.code]);
    expect(processing.counts).toEqual({ new: 1, processing: 4, waiting_citizen: 2, due_soon: 1, overdue: 1, done: 1 });
    expect(processing.capped).toEqual([]);
    expect(codes(await page(store, { tab: "overdue" }))).toEqual([overdue.code]);
    expect(codes(await page(store, { tab: "due_soon" }))).toEqual([dueSoon.code]);
    expect(codes(await page(store, { tab: "waiting_citizen" }))).toEqual([supplement.code, paying.code]);
    expect(codes(await page(store, { tab: "done" }))).toEqual([returned.code]);
    expect(processing.items[0]).toMatchObject({ tabs: ["processing", "overdue"], minutesLeft: -60 });
    expect(processing.items[1]).toMatchObject({ tabs: ["processing"], minutesLeft: null });
  });

  it("without a tab lists every open dossier by due time, page after page, each once", async () => {
    const store = await storeWith(fresh, overdue, dueSoon, later, decided, supplement, paying, returned, theirs);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const next = await page(store, { limit: 3, cursor });
      expect(next.items.length).toBeLessThanOrEqual(3);
      seen.push(...codes(next));
      cursor = next.nextCursor ?? undefined;
      pages++;
    } while (cursor);

    expect(seen).toEqual([supplement.code, overdue.code, fresh.code, decided.code, dueSoon.code, paying.code, later.code]);
    expect(pages).toBe(3);
  });

  it("narrows the page by assignee, status and a search without diacritics; counts stay the agency's", async () => {
    const mine = submitted({ status: "received", receivedAt: minutes(-10), dueAt: minutes(3000), assignee: { officerId: "o-1", name: "Trần Bình" } });
    const named = submitted({ submittedAt: minutes(-5), applicant: { fullName: "Đặng Thị Huệ", idType: "cccd", idNumber: "001090012345", phone: "0912345678" } });
    const store = await storeWith(fresh, mine, named, later);

    const assigned = await page(store, { assigneeId: "o-1" });
    const searched = await page(store, { q: "  dang thi HUE " });

    expect(codes(assigned)).toEqual([mine.code]);
    expect(codes(searched)).toEqual([named.code]);
    expect(codes(await page(store, { q: named.code }))).toEqual([named.code]);
    expect(codes(await page(store, { tab: "processing", status: "submitted" }))).toEqual([]);
    expect(searched.counts).toMatchObject({ new: 2, processing: 2 });
  });

  it("stops counting a shelf at the cap and says the tab holds at least that", async () => {
    const many = Array.from({ length: COUNT_CAP + 5 }, (_, i) => submitted({ status: "received", receivedAt: minutes(-10), dueAt: minutes(10_000 + i) }));
    const store = await storeWith(...many, fresh);

    const first = await page(store, { tab: "processing", limit: 50 });

    expect(first.items).toHaveLength(50);
    expect(first.counts.processing).toBe(COUNT_CAP);
    expect(first.capped).toEqual(["processing"]);
    expect(first.counts.new).toBe(1);
  });

  it("refuses a cursor it did not write", async () => {
    const store = await storeWith(fresh);
    for (const cursor of ["not a cursor!", Buffer.from('{"elsewhere":"x"}').toString("base64url"), Buffer.from("[1]").toString("base64url")]) {
      await expect(page(store, { cursor })).rejects.toMatchObject({ code: "request.invalid_cursor" });
    }
  });

  it("gives the working time left, negative once overdue, none once decided or ended", () => {
    expect(workingMinutesLeft(dueSoon, NOW)).toBe(120);
    expect(workingMinutesLeft(overdue, NOW)).toBe(-60);
    expect(workingMinutesLeft(decided, NOW)).toBeNull();
    expect(workingMinutesLeft(returned, NOW)).toBeNull();
    expect(tabsOf(fresh, NOW)).toEqual(["new"]);
    expect(tabsOf(submitted({ status: "transferred" }), NOW)).toEqual(["new"]);
  });
});
