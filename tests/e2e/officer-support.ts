import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { OTHER_AGENCY, seedCatalogue, startTestPortal, testProcedure, type TestPortal } from "../support/portal";
import type { PortalOptions } from "../../functions/local/portal";
import { buildWeb, e2eCatalogue, launchChromium, newContext, type Browser, type Page } from "./support";

/** Shared steps of the back-office browser tests (officer-*.test.ts). */

/** The demo officers' agency (Sở Tư pháp, OTHER_AGENCY of the test catalogue) gets an online procedure of its own. */
export const OFFICER_PROCEDURE = testProcedure({ code: "1.002001", name: "Cấp phiếu lý lịch tư pháp", agencyCode: OTHER_AGENCY.code, processingDays: 3 });
export const officerCatalogue = () => [...e2eCatalogue(), OFFICER_PROCEDURE];

export function pdfFiles(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "dvc-officer-files-"));
  const pdf = (size: number, seed: string) => {
    const body = Buffer.alloc(size, 0x20);
    Buffer.from(`%PDF-1.4\n% ${seed}\n`).copy(body);
    return body;
  };
  const out: Record<string, string> = {};
  for (const [name, size] of [["to-khai.pdf", 30_000], ["giay-chung-sinh.pdf", 60_000], ["giay-chung-sinh-moi.pdf", 61_000], ["ket-qua.pdf", 50_000]] as const) {
    out[name] = join(dir, name);
    writeFileSync(out[name]!, pdf(size, name));
  }
  return out;
}

export async function heading(page: Page) {
  return (await page.locator("h1").first().textContent())?.trim();
}

/** Signs in at the embedded provider from the back office's sign-in page; lands on `path` (default the inbox). */
export async function officerSignIn(page: Page, portalUrl: string, username: string, password: string, path = "/officer/") {
  await page.goto(`${portalUrl}${path}`);
  await page.getByRole("button", { name: /^(Đăng nhập|Sign in)$/ }).click();
  await signInAtProvider(page, username, password);
}

/** On the provider's login page (after a redirect): fills it and waits to be back in the back office. */
export async function signInAtProvider(page: Page, username: string, password: string) {
  await page.waitForURL(/\/idp\//);
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("#password").press("Enter");
  await page.waitForURL((url) => url.pathname.startsWith("/officer") && !url.pathname.startsWith("/officer/callback"), { timeout: 20_000 });
  await expect.poll(() => page.locator("#officer-me").count(), { timeout: 20_000 }).toBe(1);
}

/**
 * The page's own console errors: Chromium's PDF viewer (a dossier's files are previewed inline) asks for its
 * extension's files, which newContext keeps from loading.
 */
export const pageErrors = (errors: string[]) => errors.filter((e) => e !== "Failed to load resource: net::ERR_FAILED");

export async function officerPage(browser: Browser) {
  const { context, consoleErrors } = await newContext(browser, { acceptDownloads: true });
  const page = await context.newPage();
  return { context, page, consoleErrors };
}

/** The citizen applies online through the citizen web: form, two PDFs, send; answers the code and access token. */
export async function citizenApplies(page: Page, portalUrl: string, files: Record<string, string>, name = "Trần Thị Bình") {
  await page.goto(`${portalUrl}/procedures/${OFFICER_PROCEDURE.code}/apply`);
  await expect.poll(() => heading(page)).toBe(`Nộp hồ sơ: ${OFFICER_PROCEDURE.name}`);
  await page.getByLabel("Họ và tên").fill(name);
  await page.locator("#idNumber").fill("001090012345");
  await page.locator("#phone").fill("0912 345 678");
  await page.locator("#doc-to-khai").setInputFiles(files["to-khai.pdf"]!);
  await page.locator("#doc-giay-chung-sinh").setInputFiles(files["giay-chung-sinh.pdf"]!);
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect.poll(() => heading(page)).toBe("Kiểm tra lại trước khi nộp");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect.poll(() => heading(page), { timeout: 30_000 }).toBe("Đã nộp hồ sơ");
  const code = (await page.getByTestId("dossier-code").textContent())!.trim();
  const token = (await page.getByTestId("access-token").textContent())!.trim();
  return { code, token };
}

/** Opens a dossier from the inbox tab (by its link) and waits for its page. */
export async function openFromInbox(page: Page, portalUrl: string, tab: string, code: string) {
  await page.goto(`${portalUrl}/officer/?tab=${tab}`);
  const link = page.getByRole("link", { name: code, exact: true });
  await link.waitFor({ timeout: 20_000 });
  await link.click();
  await expect.poll(() => heading(page)).toContain(code);
}

export async function dossierStatus(page: Page) {
  return (await page.locator("#dossier-status").textContent())?.trim();
}

/**
 * A back-office suite's world, made before its tests and taken down after: the web built, a portal with the officers'
 * catalogue (and its demo officers), Chromium, and the citizen's PDF files on disk. `options` go to the portal (e.g. a
 * clock of the dossier apps that a test can move).
 */
export function useOfficerSuite(options: Partial<PortalOptions> = {}): () => { portal: TestPortal; browser: Browser; files: Record<string, string> } {
  let portal: TestPortal | undefined;
  let browser: Browser | undefined;
  let files: Record<string, string> | undefined;
  beforeAll(async () => {
    await buildWeb();
    portal = await startTestPortal(options);
    await seedCatalogue(portal, officerCatalogue());
    browser = await launchChromium();
    files = pdfFiles();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.cleanup();
    if (files) rmSync(dirname(files["to-khai.pdf"]!), { recursive: true, force: true });
  });
  return () => ({ portal: portal!, browser: browser!, files: files! });
}
