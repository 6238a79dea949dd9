import { describe, expect, it } from "vitest";
import { TEST_AGENCY, OTHER_AGENCY } from "../support/portal";
import { join } from "node:path";
import {
  DIST,
  e2eSetup,
  expectNoAxeViolations,
  gzipSizeOf,
  newContext,
  screenshot,
  type Page,
} from "./support";

/**
 * axe-core on every page, in Vietnamese and in English, plus the language switch, the statistics page (its
 * "no data yet" state and, with a stubbed answer, its charts and tables) and the privacy promises.
 */

const e2e = e2eSetup();

const heading = async (page: Page) => (await page.locator("h1").first().textContent())?.trim();

/** Fifteen days of figures for two agencies, shaped as docs/api.md "Statistics" describes them. */
function statsFixture() {
  const rows: Array<Record<string, string | number>> = [];
  for (let i = 0; i < 15; i++) {
    const date = new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10);
    for (const [n, agencyCode] of [TEST_AGENCY.code, OTHER_AGENCY.code].entries()) {
      const received = 8 + ((i * 3 + n) % 7);
      const early = 3 + (i % 4);
      const onTime = 1 + ((i + n) % 3);
      const late = i % 5 === 0 ? 2 : n;
      rows.push({
        date,
        agencyCode,
        received,
        receivedOnline: Math.round(received * 0.6),
        resolved: early + onTime + late,
        resolvedEarly: early,
        resolvedOnTime: onTime,
        resolvedLate: late,
        withdrawn: i % 6 === 0 ? 1 : 0,
        stopped: 0,
        onTimeRate: (early + onTime) / (early + onTime + late),
      });
    }
  }
  const sum = (key: string) => rows.reduce((s, r) => s + Number(r[key]), 0);
  const summary = {
    received: sum("received"),
    receivedOnline: sum("receivedOnline"),
    resolved: sum("resolved"),
    resolvedEarly: sum("resolvedEarly"),
    resolvedOnTime: sum("resolvedOnTime"),
    resolvedLate: sum("resolvedLate"),
    withdrawn: sum("withdrawn"),
    stopped: 0,
    onTimeRate: (sum("resolvedEarly") + sum("resolvedOnTime")) / sum("resolved"),
    procedures: 127,
    proceduresFullOnline: 38,
    fullOnlineRate: 38 / 127,
    proceduresWithOnlineDossiers: 21,
    onlineUptakeRate: sum("receivedOnline") / sum("received"),
    averageRating: 4.3,
  };
  return { rows, summary };
}

describe("accessibility and language", () => {
  for (const lang of ["vi", "en"] as const) {
    it(`has no axe violations on any page (${lang})`, async () => {
      const { context, external, consoleErrors } = await newContext(e2e.browser);
      const page = await context.newPage();
      const q = `lang=${lang}`;
      const check = async (name: string) => {
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await screenshot(page, `a11y-${lang}-${name}`);
        await expectNoAxeViolations(page, `${name} (${lang})`);
      };

      await page.goto(`${e2e.portal.url}/?${q}`);
      await expect.poll(() => page.locator(".result").count()).toBeGreaterThan(10);
      await check("search");

      await page.goto(`${e2e.portal.url}/procedures/1.001193?${q}`);
      await page.locator("table").waitFor();
      await check("procedure");

      await page.goto(`${e2e.portal.url}/procedures/1.001193/apply?${q}`);
      await page.locator("#fullName").waitFor();
      await page.locator("form button[type=submit]").click();
      await page.locator(".error-summary").waitFor();
      await check("apply-errors");

      await page.goto(`${e2e.portal.url}/track?${q}`);
      await page.locator("#code").waitFor();
      await check("track");

      await page.goto(`${e2e.portal.url}/track/000.00.31.H99-261124-9999?${q}`);
      await page.locator(".notice-error").waitFor();
      await check("track-not-found");

      // The statistics API may not exist yet, or have nothing: the page says so plainly.
      await page.goto(`${e2e.portal.url}/stats?${q}`);
      await page.locator("#stats-none").waitFor();
      expect(await page.locator("#stats-none").textContent()).toContain(lang === "vi" ? "Chưa có số liệu" : "No data yet");
      await check("stats-empty");

      // With figures (stubbed to the contract in docs/api.md): charts as inline SVG, the same numbers as tables.
      const { rows, summary } = statsFixture();
      await page.route("**/v1/stats/daily**", (route) => route.fulfill({ json: { items: rows, nextCursor: null } }));
      await page.route("**/v1/stats/summary**", (route) => route.fulfill({ json: summary }));
      await page.goto(`${e2e.portal.url}/stats?from=2026-11-01&to=2026-11-15&${q}`);
      await page.locator("#daily-table").waitFor();
      expect(await page.locator("svg[role=img]").count()).toBe(3);
      expect(await page.locator("#daily-table tbody tr").count()).toBe(15);
      expect(await page.locator("#agency-table tbody tr").count()).toBe(2);
      const rate = (summary.resolvedEarly + summary.resolvedOnTime) / summary.resolved;
      const shown = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
      expect(await page.locator("#indicators-table").textContent()).toContain(shown);
      expect(await page.locator(".formulas").textContent()).toContain(lang === "vi" ? "(trước hạn + đúng hạn) / đã giải quyết" : "(early + on time) / decided");
      await check("stats-data");
      await page.unrouteAll();

      await page.goto(`${e2e.portal.url}/no-such-page?${q}`);
      await page.locator("h1").waitFor();
      await check("not-found");

      expect(external).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await context.close();
    });
  }

  it("keeps the search page's JavaScript under 50 KB gzipped, and loads the other pages' code on demand", async () => {
    const { context, external } = await newContext(e2e.browser);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(new URL(response.url()).pathname);
    });
    await page.goto(`${e2e.portal.url}/`);
    await expect.poll(() => page.locator(".result").count()).toBeGreaterThan(0);
    const searchScripts = [...new Set(scripts)];
    const gzipped = gzipSizeOf(searchScripts.map((path) => join(DIST, path)));
    expect(gzipped).toBeLessThan(50 * 1024);
    expect(searchScripts.some((path) => /\/(apply|track|stats|en)-/.test(path))).toBe(false);
    await page.getByRole("link", { name: "Thống kê" }).click();
    await expect.poll(() => scripts.some((path) => /\/stats-/.test(path))).toBe(true);
    expect(external).toEqual([]);
    await context.close();
  });

  it("switches language in place, keeps it in the URL, and stores nothing else", async () => {
    const { context, external } = await newContext(e2e.browser);
    const page = await context.newPage();
    await page.goto(`${e2e.portal.url}/procedures/1.001193`);
    await expect.poll(() => heading(page)).toBe("Đăng ký khai sinh");
    expect(await page.locator("dl.facts").textContent()).toContain("mức độ 4");

    await page.getByRole("link", { name: "English" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("en");
    expect(await page.locator("dl.facts").textContent()).toContain("level 4");
    expect(await page.getByRole("link", { name: "Apply online" }).getAttribute("href")).toBe("/procedures/1.001193/apply?lang=en");
    expect(await page.title()).toBe("Đăng ký khai sinh – Online Public Service Portal");

    // In-app links keep the language; a reload keeps it too.
    await page.getByRole("link", { name: "Track a dossier" }).click();
    await expect.poll(() => heading(page)).toBe("Track a dossier");
    await page.reload();
    await expect.poll(() => heading(page)).toBe("Track a dossier");

    await page.getByRole("link", { name: "Tiếng Việt" }).click();
    await expect.poll(() => heading(page)).toBe("Tra cứu hồ sơ");
    expect(new URL(page.url()).searchParams.get("lang")).toBeNull();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");

    expect(await context.cookies()).toEqual([]);
    const storage = await page.evaluate(() => Object.keys(localStorage));
    expect(storage.filter((key) => key !== "dvc.lang")).toEqual([]);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    expect(external).toEqual([]);
    await context.close();
  });

  it("applies in English, up to the receipt (no documents required)", async () => {
    const { context, external, consoleErrors } = await newContext(e2e.browser);
    const page = await context.newPage();
    await page.goto(`${e2e.portal.url}/procedures/1.000894/apply?lang=en`);
    await expect.poll(() => heading(page)).toBe("Apply: Đăng ký kết hôn");
    await page.getByLabel("Full name").fill("Lê Văn Cường");
    await page.getByLabel("Old identity card / CMND (9 digits)").check();
    await page.getByLabel("Identity card number (CMND)").fill("123456789");
    await page.getByLabel("Mobile phone number").fill("+84 912 345 678");
    await page.getByLabel("Receive it by post").check();
    await page.getByRole("button", { name: "Continue" }).click();
    // Post needs an address.
    await expect.poll(() => page.locator("#address-error").textContent()).toContain("Enter an address");
    await page.getByLabel("Contact address").fill("12 Tràng Tiền, phường Hoàn Kiếm, Hà Nội");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => heading(page)).toBe("Check before you send");
    await expectNoAxeViolations(page, "review (en)");
    await page.getByRole("button", { name: "Send application" }).click();
    await expect.poll(() => heading(page), { timeout: 20_000 }).toBe("Application sent");
    expect(await page.locator("main").textContent()).toContain("cannot issue it again");
    await screenshot(page, "a11y-en-receipt");
    await expectNoAxeViolations(page, "receipt (en)");
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
