import { describe, expect, it } from "vitest";
import { hashToken } from "../../functions/core/dossier/codes";
import { commandFrom } from "../../functions/core/dossier/decide";
import type { Action } from "../../functions/core/dossier/simulate";
import type { Dossier } from "../../functions/core/dossier/model";
import { change } from "../../functions/core/dossier/change";
import { runDays } from "../../functions/core/stats/service";
import { applicant, TEST_AGENCY } from "../support/portal";
import { e2eSetup, expectNoAxeViolations, newContext, screenshot } from "./support";

/**
 * The statistics page over the real API and real figures (dossiers driven through the state machine into dynalite,
 * the real job): the period-end snapshot and the Decision 766 table, in both languages, with no axe violation; a
 * range over a year shown month by month.
 */

const e2e = e2eSetup();
const A = TEST_AGENCY.code;
const t = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);
let n = 0;

async function life(steps: [Action, Date][]): Promise<void> {
  const created = t("2026-11-02", "08:00");
  let dossier: Dossier = {
    code: `${A}-261102-${String(++n).padStart(4, "0")}`,
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: A,
    receivingAgencyCode: A,
    status: "draft",
    version: 1,
    applicant: { ...applicant, idType: "cccd" },
    delivery: "online",
    formData: {},
    tokenHash: hashToken("t"),
    attachments: {},
    timeline: [{ action: "create", status: "draft", at: created.toISOString(), by: { type: "citizen" } }],
    createdAt: created.toISOString(),
    channel: n % 2 ? "online" : "counter",
    supplementRequests: 0,
    clock: { processingDays: 3, unit: "working_days", supplement: "pause" },
    round: 0,
  };
  await e2e.portal.adapters.dossiers.create(dossier);
  for (const [action, at] of steps) {
    const actor = ["submit", "supplement", "withdraw"].includes(action) ? { type: "citizen" as const } : { type: "agency" as const, agencyCode: A };
    dossier = await change(e2e.portal.adapters, dossier, commandFrom(action, { note: "ghi chú" }), { now: at, actor });
  }
}

describe("the statistics page with real figures", () => {
  it("shows the period-end snapshot and the Decision 766 table, computed or not available, with no axe violations (vi, en)", async () => {
    // Arrange: received Mon 2/11 (3 working days, due Thu 5/11): one decided early, one late, one still open and
    // overdue at the end of 6/11, one waiting for the citizen.
    const submit: [Action, Date] = ["submit", t("2026-11-02", "08:30")];
    await life([submit, ["receive", t("2026-11-02", "09:00")], ["approve", t("2026-11-03", "10:00")]]);
    await life([submit, ["receive", t("2026-11-02", "09:00")], ["approve", t("2026-11-06", "10:00")]]);
    await life([submit, ["receive", t("2026-11-02", "09:00")]]);
    await life([submit, ["receive", t("2026-11-02", "09:00")], ["request_supplement", t("2026-11-03", "09:00")]]);
    const deps = { source: e2e.portal.adapters.days, store: e2e.portal.adapters.stats, catalogue: e2e.portal.adapters.catalogue, now: () => new Date() };
    await runDays(deps, "2026-11-01", "2026-11-06");

    for (const lang of ["vi", "en"] as const) {
      const { context, external, consoleErrors } = await newContext(e2e.browser);
      const page = await context.newPage();
      // Act
      await page.goto(`${e2e.portal.url}/stats?from=2026-11-01&to=2026-11-06&lang=${lang}`);
      await page.locator("#d766-table").waitFor();
      // Assert: the snapshot at the end of 6/11 — the open dossier overdue, the paused one waiting (not overdue)
      const snapshot = await page.locator("#snapshot-table tbody tr").allTextContents();
      expect(snapshot).toHaveLength(4);
      const cell = (row: number) => page.locator(`#snapshot-table tbody tr:nth-child(${row}) td.num`).textContent();
      expect([await cell(1), await cell(2), await cell(3), await cell(4)]).toEqual(["0", "1", "1", "0"]);
      expect(await page.locator("#snapshot-title + p").textContent()).toContain("06/11/2026");
      // progress beside the on-time rate: on time 1 of 2 = 50.0%; progress (1 + 0 + 1 waiting in time) / (2 + 2) = 50.0%
      const indicators = (await page.locator("#indicators-table").textContent()) ?? "";
      expect(indicators).toContain(lang === "vi" ? "Tiến độ giải quyết (QĐ 766)" : "Processing progress (Decision 766)");
      // Decision 766: 14 indicators in 5 groups, the ones without data marked
      expect(await page.locator("#d766-table tbody").count()).toBe(5);
      expect(await page.locator("#d766-table tbody tr").count()).toBe(14);
      const notAvailable = page.getByRole("cell", { name: lang === "vi" ? "Không có dữ liệu" : "Not available", exact: true });
      expect(await notAvailable.count()).toBe(6);
      const computed = page.getByRole("cell", { name: lang === "vi" ? "Đã tính" : "Computed", exact: true });
      expect(await computed.count()).toBe(8);
      expect(await page.locator("a[href*='/v1/stats/report.xlsx']").count()).toBe(1);
      await screenshot(page, `stats-snapshot-${lang}`);
      await expectNoAxeViolations(page, `statistics with the snapshot and Decision 766 (${lang})`);

      // A range over a year: month by month from the summary, no daily request
      const daily: string[] = [];
      page.on("request", (request) => {
        if (request.url().includes("/v1/stats/daily")) daily.push(request.url());
      });
      await page.goto(`${e2e.portal.url}/stats?from=2025-01-01&to=2026-11-30&lang=${lang}`);
      await page.locator("#monthly-table").waitFor();
      expect(await page.locator("#monthly-table tbody tr").count()).toBe(1); // November 2026, the only month with figures
      expect(await page.locator("#monthly-table tbody th").textContent()).toBe(lang === "vi" ? "tháng 11, 2026" : "11/2026");
      expect(daily).toEqual([]);
      await expectNoAxeViolations(page, `statistics over two years (${lang})`);
      expect(external).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await context.close();
    }
  });
});
