import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { Procedure } from "../../functions/core/catalogue/model";
import { OTHER_AGENCY, seedCatalogue, startTestPortal, TEST_AGENCY, testProcedure, type TestPortal } from "../support/portal";

/** Shared pieces of the browser tests: the web build, Chromium, axe, screenshots and a test catalogue. */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const WEB = join(ROOT, "web");
export const DIST = join(WEB, "dist");
export const SCREENSHOTS = join(ROOT, "tests", "artifacts", "screenshots");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds web/ into web/dist with Vite's JS API, unless the build is newer than every source file. It builds into
 * a side folder and swaps it in, so a portal of another test project serving web/dist never sees it half-written.
 */
export async function buildWeb(options: { force?: boolean } = {}): Promise<void> {
  const index = join(DIST, "index.html");
  if (!options.force && existsSync(index) && statSync(index).mtimeMs > newestSource(WEB)) return;
  // Inside node_modules/.cache: ignored by git, and on the same file system as web/dist, so rename works.
  const fresh = join(ROOT, "node_modules", ".cache", `dvc-web-build-${process.pid}`);
  const old = join(ROOT, "node_modules", ".cache", `dvc-web-old-${process.pid}`);
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production"; // vitest sets "test"; the bundle must be the production one
  try {
    const { build } = await import("vite");
    await build({
      root: WEB,
      configFile: join(WEB, "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir: fresh, emptyOutDir: true },
    });
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(fresh, DIST);
  } finally {
    process.env.NODE_ENV = previous;
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * What most browser test files start from: the web built, a test portal seeded with the e2e catalogue, one Chromium,
 * all set up before the file's tests (`e2e.portal`, `e2e.browser`) and closed after them.
 */
export function e2eSetup(): { portal: TestPortal; browser: Browser } {
  const e2e = {} as { portal: TestPortal; browser: Browser };
  beforeAll(async () => {
    await buildWeb();
    e2e.portal = await startTestPortal();
    await seedCatalogue(e2e.portal, e2eCatalogue());
    e2e.browser = await launchChromium();
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.portal?.cleanup();
  });
  return e2e;
}

/**
 * A browser context that records every request leaving the machine (the front-end must make none) and
 * every console error. `external` and `consoleErrors` are checked by the tests.
 */
export async function newContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Europe/Paris", ...options });
  const external: string[] = [];
  const consoleErrors: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (["localhost", "127.0.0.1"].includes(url.hostname) || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    external.push(url.href);
    return route.abort();
  });
  context.on("page", (page) => watchConsole(page, consoleErrors));
  return { context, external, consoleErrors };
}

function watchConsole(page: Page, into: string[]) {
  page.on("console", (message) => {
    // A 4xx the page asked for and handled (a refused form, an unknown code) is logged by Chromium itself.
    if (message.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
      into.push(message.text());
    }
  });
  page.on("pageerror", (error) => into.push(String(error)));
}

/**
 * Runs axe (every rule axe enables by default: WCAG 2.x A/AA and best practices such as heading order and
 * landmarks) on the page; fails with a readable list when anything is found. Legacy mode runs axe inside the
 * page in one call instead of opening a helper page per run (three times faster here; the app has no iframes).
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).setLegacyMode(true).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").join(" ")}`).join("\n    ")}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The journey's catalogue: birth registration (from tests/support) plus enough others to page and filter. */
export function e2eCatalogue(): Procedure[] {
  const birth = testProcedure({
    processingDays: 3,
    fee: { amount: 0, currency: "VND", serviceFee: 0, charge: 0 },
    legalBasis: "Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP",
  });
  const marriage = testProcedure({
    code: "1.000894",
    name: "Đăng ký kết hôn",
    level: "partial",
    processingDays: 5,
    fee: { amount: 30_000, currency: "VND", serviceFee: 0, charge: 30_000 },
    resultDelivery: ["in_person", "post"],
    documents: [{ key: "to-khai", name: "Tờ khai đăng ký kết hôn", required: false, maxSizeMB: 1, mediaTypes: ["application/pdf"] }],
  });
  const info = testProcedure({
    code: "2.000001",
    name: "Thông tin về chứng thực bản sao",
    field: "Chứng thực",
    level: "info",
    documents: [],
    resultDelivery: ["in_person"],
  });
  const business = Array.from({ length: 24 }, (_, i) =>
    testProcedure({
      code: `2.0011${String(i).padStart(2, "0")}`,
      name: `Đăng ký thay đổi nội dung hộ kinh doanh số ${i + 1}`,
      field: i % 2 ? "Thành lập và hoạt động của hộ kinh doanh" : "Đăng ký doanh nghiệp",
      agencyCode: i % 3 ? TEST_AGENCY.code : OTHER_AGENCY.code,
      level: i % 2 ? "full" : "partial",
      processingDays: 3 + (i % 5),
      fee: { amount: 100_000, currency: "VND", serviceFee: 100_000, charge: 0 },
      documents: [{ key: "giay-de-nghi", name: "Giấy đề nghị", required: false, maxSizeMB: 2, mediaTypes: ["application/pdf"] }],
    }),
  );
  return [birth, marriage, info, ...business];
}

/** Total gzipped size of the JavaScript and CSS a page loaded from the portal. */
export function gzipSizeOf(files: string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).byteLength, 0);
}

export type { Browser, BrowserContext, Page };
