import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { DIST, expectNoAxeViolations, gzipSizeOf, screenshot, type Browser, type Page } from "./support";
import { submittedDossier, type TestPortal } from "../support/portal";
import { dossierStatus, heading, OFFICER_PROCEDURE, officerPage, officerSignIn, useOfficerSuite } from "./officer-support";

/** axe on every back-office page in Vietnamese and English; counter intake with the keyboard only. */
const suite = useOfficerSuite();
let portal: TestPortal;
let browser: Browser;
let files: Record<string, string>;
beforeAll(() => void ({ portal, browser, files } = suite()));

/**
 * Space on a focused file input opens the file chooser. Headless Chromium under load now and then drops a key press
 * that arrives while the page is busy; pressed again (still the keyboard only) the chooser opens.
 */
async function chooseWithSpace(page: Page) {
  for (let attempt = 1; ; attempt++) {
    try {
      const [chooser] = await Promise.all([page.waitForEvent("filechooser", { timeout: 10_000 }), page.keyboard.press("Space")]);
      return chooser;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Presses Tab until the element matching `selector` has the focus (fails after 80 presses). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe("back office accessibility", () => {
  for (const lang of ["vi", "en"] as const) {
    it(`has no axe violations on any page (${lang})`, async () => {
      const { code } = await submittedDossier(portal, OFFICER_PROCEDURE.code);
      const q = lang === "en" ? "?lang=en" : "";
      const { context, page } = await officerPage(browser);
      await page.goto(`${portal.url}/officer/${q}`);
      await page.getByRole("button", { name: lang === "en" ? "Sign in" : "Đăng nhập" }).waitFor();
      await expectNoAxeViolations(page, `sign-in (${lang})`);
      await officerSignIn(page, portal.url, "intake1", portal.idp.demoPassword, `/officer/${q}`);

      const pages: Array<[string, string, () => Promise<unknown>]> = [
        ["inbox", `/officer/${q}`, () => page.getByRole("link", { name: code, exact: true }).waitFor()],
        ["inbox-overdue", `/officer/?tab=overdue${lang === "en" ? "&lang=en" : ""}`, () => page.locator(".officer-tabs").waitFor()],
        ["dossier", `/officer/dossiers/${code}${q}`, () => expect.poll(() => page.locator(".officer-verified").count(), { timeout: 20_000 }).toBe(2)],
        ["slip-receipt", `/officer/dossiers/${code}/slips/receipt${q}`, () => page.locator("iframe.officer-slip").waitFor()],
        ["counter", `/officer/counter${q}`, () => page.locator("#counter-procedure").waitFor()],
        // The book lists received dossiers (this one is only submitted): the page once loaded.
        ["tracking-book", `/officer/tracking-book${q}`, async () => {
          await page.locator("main table").waitFor();
          await expect.poll(() => page.locator(".loading").count()).toBe(0);
        }],
      ];
      for (const [name, path, ready] of pages) {
        await page.goto(`${portal.url}${path}`);
        await ready();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await expectNoAxeViolations(page, `${name} (${lang})`);
        await screenshot(page, `officer-a11y-${name}-${lang}`);
      }
      // The counter form once a procedure is loaded.
      await page.goto(`${portal.url}/officer/counter${q}`);
      await page.locator("#counter-procedure").fill(OFFICER_PROCEDURE.code);
      await page.locator("#counter-procedure").press("Enter");
      await page.locator("#counter-fullName").waitFor();
      await expectNoAxeViolations(page, `counter form (${lang})`);
      await context.close();
    }, 180_000);
  }

  it("keeps the inbox page's JavaScript under 60 KB gzipped, apart from the citizens' pages", async () => {
    const { context, page } = await officerPage(browser);
    const scripts: string[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(new URL(response.url()).pathname);
    });
    await officerSignIn(page, portal.url, "intake1", portal.idp.demoPassword, "/officer/");
    await page.locator(".officer-tabs").waitFor();
    const loaded = [...new Set(scripts)].filter((path) => path.startsWith("/assets/"));
    const gzipped = gzipSizeOf(loaded.map((path) => join(DIST, path)));
    console.log(`officer inbox JS: ${loaded.join(", ")} = ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(60 * 1024);
    expect(loaded.some((path) => /\/(main|apply|track|stats|en)-/.test(path))).toBe(false);
    await context.close();
  }, 120_000);

  it("takes a walk-in dossier at the counter with the keyboard only", async () => {
    const { context, page } = await officerPage(browser);
    await officerSignIn(page, portal.url, "intake1", portal.idp.demoPassword, "/officer/counter");
    await expect.poll(() => heading(page)).toBe("Tiếp nhận hồ sơ tại quầy");
    await tabTo(page, "#counter-procedure");
    await page.keyboard.type(OFFICER_PROCEDURE.code);
    await page.keyboard.press("Enter");
    await page.locator("#counter-fullName").waitFor();
    await tabTo(page, "#counter-fullName");
    await page.keyboard.type("Lê Văn Cường");
    await page.keyboard.press("Tab");
    await page.keyboard.type("001090054321");
    await page.keyboard.press("Tab");
    await page.keyboard.type("0987654321");
    for (const [doc, file] of [["to-khai", "to-khai.pdf"], ["giay-chung-sinh", "giay-chung-sinh.pdf"]] as const) {
      await tabTo(page, `#counter-file-${doc}`);
      await (await chooseWithSpace(page)).setFiles(files[file]!);
    }
    await tabTo(page, 'form[aria-labelledby="counter-form-title"] button[type="submit"]');
    await page.keyboard.press("Enter");
    const done = page.getByRole("status").filter({ hasText: "Đã tiếp nhận hồ sơ" });
    await done.waitFor({ timeout: 30_000 });
    await screenshot(page, "officer-30-counter-done-vi");
    await tabTo(page, ".notice-success a");
    await page.keyboard.press("Enter");
    await expect.poll(() => dossierStatus(page), { timeout: 20_000 }).toBe("Đã tiếp nhận");
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("Tại quầy");
    expect(main).toContain("Lê Văn Cường");
    // The scanned papers: the API takes no upload on a dossier already received (counter-dossiers has no attachments
    // yet), so the page says so instead of failing silently; see the report.
    await screenshot(page, "officer-31-counter-dossier-vi");
    await context.close();
  }, 180_000);
});
