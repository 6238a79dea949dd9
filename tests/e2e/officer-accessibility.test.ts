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

  it("lets an agency's admin disable and enable an officer on the officers page (axe in vi and en); others have no such page", async () => {
    const { context, page } = await officerPage(browser);
    await officerSignIn(page, portal.url, "intake1", portal.idp.demoPassword, "/officer/");
    await page.locator(".officer-tabs").waitFor();
    expect(await page.locator(".site-nav a", { hasText: "Cán bộ" }).count()).toBe(0);
    await context.close();

    const admin = await officerPage(browser);
    const ap = admin.page;
    await officerSignIn(ap, portal.url, "admin1", portal.idp.demoPassword, "/officer/");
    await ap.locator(".site-nav a", { hasText: "Cán bộ" }).click();
    const form = ap.locator('form[data-username="specialist2"]');
    await form.waitFor();
    expect(await heading(ap)).toBe("Cán bộ của cơ quan");
    await expectNoAxeViolations(ap, "officers (vi)");
    await screenshot(ap, "officer-a11y-officers-vi");
    // admin1's own form offers no way to lock themselves out.
    expect(await ap.locator('form[data-username="admin1"]').getByRole("button", { name: "Khóa tài khoản" }).count()).toBe(0);

    await form.getByRole("button", { name: "Khóa tài khoản" }).click();
    await ap.getByRole("status").filter({ hasText: "Đã khóa tài khoản của Phạm Thị Thẩm Định." }).waitFor();
    await expect.poll(() => ap.locator('form[data-username="specialist2"] h2').textContent()).toContain("(đã khóa)");
    const record = async () => (await portal.adapters.officers.byUsername("specialist2"))!;
    expect((await record()).disabled).toBe(true);
    await ap.locator('form[data-username="specialist2"]').getByRole("button", { name: "Mở khóa tài khoản" }).click();
    await ap.getByRole("status").filter({ hasText: "Đã mở khóa tài khoản của Phạm Thị Thẩm Định." }).waitFor();
    expect((await record()).disabled).toBe(false);

    // Roles, in English.
    await ap.goto(`${portal.url}/officer/officers?lang=en`);
    const english = ap.locator('form[data-username="specialist2"]');
    await english.waitFor();
    expect(await heading(ap)).toBe("The agency's officers");
    await expectNoAxeViolations(ap, "officers (en)");
    await screenshot(ap, "officer-a11y-officers-en");
    await english.getByLabel("leader").check();
    await english.getByRole("button", { name: "Save roles" }).click();
    await ap.getByRole("status").filter({ hasText: "Saved the roles of Phạm Thị Thẩm Định." }).waitFor();
    expect((await record()).roles).toEqual(["specialist", "leader"]);
    await portal.adapters.officers.put({ ...(await record()), roles: ["specialist"] });
    await admin.context.close();
  }, 120_000);

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
    // The papers go to storage once the dossier exists; the second one's upload fails once (a dropped connection).
    const puts: string[] = [];
    await page.route((url) => !url.pathname.startsWith("/v1/") && url.pathname.includes("/dossiers/"), async (route) => {
      if (route.request().method() !== "PUT") return route.fallback();
      puts.push(route.request().url());
      return puts.length === 2 ? route.abort("connectionreset") : route.fallback();
    });
    await tabTo(page, 'form[aria-labelledby="counter-form-title"] button[type="submit"]');
    await page.keyboard.press("Enter");
    const done = page.getByRole("status").filter({ hasText: "Đã tiếp nhận hồ sơ" });
    await done.waitFor({ timeout: 30_000 });
    const code = /\S+-\d{6}-\d{4}/.exec((await done.textContent()) ?? "")![0];
    await page.locator('[data-paper="to-khai"] .officer-verified').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-paper="to-khai"] .officer-verified').textContent()).toContain("Đã đính kèm to-khai.pdf");
    const retry = page.getByRole("button", { name: "Thử lại Giấy chứng sinh" });
    await retry.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-paper="giay-chung-sinh"] .upload-status').textContent()).toContain("mất kết nối");
    // Nothing typed is lost, and the dossier made stays the one dossier.
    expect(await page.locator("#counter-fullName").inputValue()).toBe("Lê Văn Cường");
    await expectNoAxeViolations(page, "counter with a failed paper (vi)");
    await screenshot(page, "officer-30-counter-retry-vi");
    await tabTo(page, '[data-paper="giay-chung-sinh"] button');
    await page.keyboard.press("Enter");
    await page.locator('[data-paper="giay-chung-sinh"] .officer-verified').waitFor({ timeout: 30_000 });
    expect(puts).toHaveLength(3);
    expect(new URL(puts[2]!).pathname).toBe(new URL(puts[1]!).pathname); // the same paper, again to its own key
    expect(await done.textContent()).toContain(code);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await screenshot(page, "officer-30-counter-done-vi");
    await tabTo(page, ".notice-success a");
    await page.keyboard.press("Enter");
    await expect.poll(() => dossierStatus(page), { timeout: 20_000 }).toBe("Đã tiếp nhận");
    expect(await heading(page)).toContain(code);
    // The papers on the dossier page: each previewed with its checksum checked, each attachment in the timeline.
    await expect.poll(() => page.locator(".officer-verified").count(), { timeout: 20_000 }).toBe(2);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("Tại quầy");
    expect(main).toContain("Lê Văn Cường");
    expect(main).toContain("Đính kèm giấy tờ: Tờ khai đăng ký khai sinh");
    expect(main).toContain("Đính kèm giấy tờ: Giấy chứng sinh");
    await screenshot(page, "officer-31-counter-dossier-vi");
    await context.close();
  }, 180_000);
});
