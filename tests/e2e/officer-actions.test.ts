import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, newContext, screenshot, type Browser, type Page } from "./support";
import { submittedDossier, TEST_AGENCY, type TestPortal } from "../support/portal";
import { officerToken } from "../support/officer-login";
import { dossierStatus, heading, OFFICER_PROCEDURE, officerPage, officerSignIn, openFromInbox, pageErrors, signInAtProvider, useOfficerSuite } from "./officer-support";

/**
 * The back office's other action forms, each driven through its web page in Chromium against the local portal: refuse
 * at intake (the citizen's status then says so), transfer to another agency (whose intake finds it and receives it),
 * deny, stop, a counter dossier's supplement brought back to the desk, and the apology with a new date (its slip 04); then the language switch, the provider's own pages (the
 * portal's look under the site's strict CSP, Vietnamese first) and signing out (of the provider too).
 * Dossiers are brought to the state each form needs through the officer API, not by clicking.
 */
const DAY = 86_400_000;
/** How far the dossier apps' clock is set back (a late dossier is submitted and received ten days ago). */
let shift = 0;
const suite = useOfficerSuite({ now: () => new Date(Date.now() + shift) });
let portal: TestPortal;
let browser: Browser;
let password: string;
beforeAll(() => {
  ({ portal, browser } = suite());
  password = portal.idp.demoPassword;
});

const tokens = new Map<string, Promise<string>>();
const tokenOf = (user: string) => {
  if (!tokens.has(user)) tokens.set(user, officerToken(portal.url, user, password));
  return tokens.get(user)!;
};

/** One action through the officer API, as `user`, on the dossier's current version. */
async function act(user: string, code: string, body: Record<string, unknown>) {
  const headers = { authorization: `Bearer ${await tokenOf(user)}` };
  const current = await portal.api(`/v1/officer/dossiers/${code}`, { headers });
  const done = await portal.api(`/v1/officer/dossiers/${code}/actions`, { headers, body: { ...body, expectedVersion: current.body.version } });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

/**
 * A dossier of the demo officers' agency, submitted online; received by intake1; received ten days ago (late); or
 * received and then waiting for the citizen's supplement.
 */
async function dossierIn(state: "submitted" | "received" | "late" | "waiting"): Promise<string> {
  if (state === "late") shift = -10 * DAY;
  try {
    const { code } = await submittedDossier(portal, OFFICER_PROCEDURE.code);
    if (state !== "submitted") await act("intake1", code, { action: "receive" });
    if (state === "waiting") await act("intake1", code, { action: "request_supplement", note: "Đề nghị nộp bản sao giấy chứng sinh." });
    return code;
  } finally {
    shift = 0;
  }
}

const action = (page: Page, name: string) => page.locator(`form[data-action="${name}"]`);
const mainText = async (page: Page) => (await page.locator("main").textContent()) ?? "";

/** The citizen's public status page (no token): the status as the citizen reads it. */
async function citizenStatus(code: string, shot: string) {
  const citizen = await newContext(browser);
  const page = await citizen.context.newPage();
  await page.goto(`${portal.url}/track/${code}`);
  const status = page.getByTestId("dossier-status");
  await status.waitFor({ timeout: 20_000 });
  const card = (await page.locator(".status-card").textContent()) ?? "";
  const result = { status: await status.getAttribute("data-status"), label: (await status.textContent())?.trim(), card };
  await screenshot(page, shot);
  expect(citizen.consoleErrors).toEqual([]);
  await citizen.context.close();
  return result;
}

/**
 * Five o'clock of a Vietnam day as the pages and the slips print it, time then day/month/year: "17:00 08/12/2026".
 */
function fivePm(iso: string): RegExp {
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date(iso)).split("-").map(Number);
  return new RegExp(`17:00,? ${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}(?!\\d)`);
}

describe("back office action forms", () => {
  it("intake refuses an online dossier with its reasons; the refusal slip gives them and the citizen sees it refused", async () => {
    const code = await dossierIn("submitted");
    const { context, page, consoleErrors } = await officerPage(browser);
    await officerSignIn(page, portal.url, "intake1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page)).toBe("Mới nộp");
    const form = action(page, "reject_intake");
    // Without reasons the browser keeps the form (the API would refuse it: a refusal states why).
    await form.getByRole("button", { name: "Từ chối tiếp nhận" }).click();
    expect(await form.getByLabel("Lý do").evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    expect(await dossierStatus(page)).toBe("Mới nộp");
    const reasons = "Thủ tục không thuộc thẩm quyền của Sở Tư pháp; đề nghị nộp tại UBND cấp xã nơi cư trú.";
    await form.getByLabel("Lý do").fill(reasons);
    await screenshot(page, "officer-40-refuse-form-vi");
    await form.getByRole("button", { name: "Từ chối tiếp nhận" }).click();
    await expect.poll(() => dossierStatus(page), { timeout: 20_000 }).toBe("Từ chối tiếp nhận");
    expect(await page.locator(".timeline").textContent()).toContain(reasons);
    expect(await page.locator("form.officer-action").count()).toBe(0);
    await screenshot(page, "officer-41-refused-vi");

    await page.getByRole("link", { name: "Phiếu từ chối tiếp nhận" }).click();
    const slip = page.frameLocator("iframe.officer-slip").locator("main");
    await expect.poll(() => slip.textContent(), { timeout: 20_000 }).toContain(reasons);
    expect(await slip.textContent()).toContain("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
    await screenshot(page, "officer-42-refusal-slip-vi");

    const citizen = await citizenStatus(code, "officer-43-citizen-refused-vi");
    expect([citizen.status, citizen.label]).toEqual(["rejected_intake", "Không tiếp nhận"]);
    expect(pageErrors(consoleErrors)).toEqual([]);
    await context.close();
  }, 120_000);

  it("a specialist transfers a received dossier to another agency, whose intake finds it in their inbox and receives it", async () => {
    const code = await dossierIn("received");
    const specialist = await officerPage(browser);
    const sp = specialist.page;
    await officerSignIn(sp, portal.url, "specialist1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(sp)).toBe("Đã tiếp nhận");
    const form = action(sp, "transfer");
    const target = form.getByLabel("Cơ quan nhận hồ sơ");
    // The agencies of the catalogue by name, never the dossier's own.
    await target.locator("option", { hasText: TEST_AGENCY.name }).waitFor({ state: "attached", timeout: 20_000 });
    expect(await target.locator("option", { hasText: "000.00.12.H99" }).count()).toBe(0);
    await target.selectOption({ label: `${TEST_AGENCY.name} (${TEST_AGENCY.code})` });
    await form.getByLabel("Ghi chú").fill("Chuyển UBND phường xác minh nơi cư trú của người nộp.");
    await screenshot(sp, "officer-44-transfer-form-vi");
    await form.getByRole("button", { name: "Chuyển cơ quan khác" }).click();
    await expect.poll(() => dossierStatus(sp), { timeout: 20_000 }).toBe("Đã chuyển");
    await screenshot(sp, "officer-45-transferred-vi");

    // The other agency's intake: the dossier is in their inbox, under "new" (theirs to receive); they receive it.
    const other = await officerPage(browser);
    const op = other.page;
    await officerSignIn(op, portal.url, "intake2", password, "/officer/?tab=new");
    expect(await op.locator("#officer-me").textContent()).toContain(TEST_AGENCY.name);
    const row = op.locator(`tr[data-code="${code}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain("Đã chuyển");
    await screenshot(op, "officer-46-other-agency-inbox-vi");
    await openFromInbox(op, portal.url, "new", code);
    expect(await mainText(op)).toContain("Chuyển UBND phường xác minh nơi cư trú của người nộp.");
    await action(op, "receive").getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
    await expect.poll(() => dossierStatus(op), { timeout: 20_000 }).toBe("Đã tiếp nhận");
    await screenshot(op, "officer-47-received-by-other-agency-vi");
    expect(pageErrors(specialist.consoleErrors)).toEqual([]);
    expect(pageErrors(other.consoleErrors)).toEqual([]);
    await specialist.context.close();
    await other.context.close();
  }, 120_000);

  it("a leader denies a received dossier with the reasons; the citizen sees it decided (denied)", async () => {
    const code = await dossierIn("received");
    const { context, page, consoleErrors } = await officerPage(browser);
    await officerSignIn(page, portal.url, "leader1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page)).toBe("Đã tiếp nhận");
    const reasons = "Người nộp đang có án tích chưa được xoá; không đủ điều kiện cấp phiếu.";
    await action(page, "deny").getByLabel("Lý do").fill(reasons);
    await screenshot(page, "officer-48-deny-form-vi");
    await action(page, "deny").getByRole("button", { name: "Từ chối giải quyết" }).click();
    await expect.poll(() => dossierStatus(page), { timeout: 20_000 }).toBe("Từ chối giải quyết");
    expect(await page.locator(".timeline").textContent()).toContain(reasons);
    await screenshot(page, "officer-49-denied-vi");
    const citizen = await citizenStatus(code, "officer-50-citizen-denied-vi");
    expect([citizen.status, citizen.label]).toEqual(["denied", "Đã giải quyết (từ chối)"]);
    expect(pageErrors(consoleErrors)).toEqual([]);
    await context.close();
  }, 120_000);

  it("a leader stops a dossier the citizen never supplemented, with the reasons: it ends, with nothing left to do, under the finished tab", async () => {
    // (A received dossier offers stop too: the apology test below lists a leader's every form on one.)
    const code = await dossierIn("waiting");
    const { context, page, consoleErrors } = await officerPage(browser);
    await officerSignIn(page, portal.url, "leader1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page)).toBe("Chờ bổ sung");
    // Waiting for the citizen, a leader's one form is stop.
    await action(page, "stop").waitFor();
    expect(await page.locator("form.officer-action").evaluateAll((forms) => forms.map((f) => (f as HTMLFormElement).dataset.action))).toEqual(["stop"]);
    const reasons = "Quá hạn bổ sung, công dân không nộp bản sao giấy chứng sinh.";
    await action(page, "stop").getByLabel("Lý do").fill(reasons);
    await action(page, "stop").getByRole("button", { name: "Dừng xử lý" }).click();
    await expect.poll(() => dossierStatus(page), { timeout: 20_000 }).toBe("Dừng xử lý");
    expect(await page.locator("form.officer-action").count()).toBe(0);
    expect(await mainText(page)).toContain("Không có thao tác");
    expect(await page.locator(".timeline").textContent()).toContain(reasons);
    await screenshot(page, "officer-51-stopped-vi");
    await page.goto(`${portal.url}/officer/?tab=done`);
    const row = page.locator(`tr[data-code="${code}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain("Dừng xử lý");
    await screenshot(page, "officer-52-inbox-done-stopped-vi");
    const citizen = await citizenStatus(code, "officer-53-citizen-stopped-vi");
    expect(citizen.status).toBe("stopped");
    expect(pageErrors(consoleErrors)).toEqual([]);
    await context.close();
  }, 120_000);

  it("intake takes a counter dossier's supplement brought back to the desk: the paper asked for uploaded with its mark, then the dossier back in processing", async () => {
    const headers = { authorization: `Bearer ${await tokenOf("intake1")}` };
    const made = await portal.api("/v1/officer/counter-dossiers", {
      headers,
      body: { procedureCode: OFFICER_PROCEDURE.code, applicant: { fullName: "Phạm Văn Dũng", idType: "cccd", idNumber: "001090054321", phone: "0912345678" }, delivery: "in_person" },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const code: string = made.body.dossier.code;
    await act("intake1", code, { action: "request_supplement", note: "Thiếu văn bản ủy quyền.", items: [{ documentKey: "uy-quyen", reason: "Chưa có chữ ký của người ủy quyền" }] });

    const { context, page, consoleErrors } = await officerPage(browser);
    await officerSignIn(page, portal.url, "intake1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page)).toBe("Chờ bổ sung");
    const form = action(page, "receive_supplement");
    await form.waitFor();
    // The document asked for comes first, with the reason given.
    await expect.poll(() => form.textContent()).toContain("Yêu cầu bổ sung “Văn bản ủy quyền”: Chưa có chữ ký của người ủy quyền");
    expect(await form.locator("[data-paper]").first().getAttribute("data-paper")).toBe("uy-quyen");
    // Nothing chosen yet: said plainly, nothing sent.
    await form.getByRole("button", { name: "Nhận hồ sơ bổ sung" }).click();
    await form.getByRole("alert").filter({ hasText: "Chưa có giấy tờ bổ sung nào" }).waitFor();
    expect(await dossierStatus(page)).toBe("Chờ bổ sung");

    const scan = join(mkdtempSync(join(tmpdir(), "dvc-desk-")), "uy-quyen.pdf");
    writeFileSync(scan, Buffer.concat([Buffer.from("%PDF-1.4\n% uy quyen ky lai\n"), Buffer.alloc(20_000, 0x20)]));
    await form.locator("#supplement-file-uy-quyen").setInputFiles(scan);
    await form.locator('[data-paper="uy-quyen"] .officer-verified').filter({ hasText: "Đã đính kèm uy-quyen.pdf" }).waitFor({ timeout: 30_000 });
    expect(await form.getByRole("alert").count()).toBe(0); // the earlier message went with the choice
    // Recorded on the dossier at once (the page shows it among the papers), the dossier still waiting.
    await page.locator(".files li").filter({ hasText: "uy-quyen.pdf" }).waitFor({ timeout: 20_000 });
    expect(await dossierStatus(page)).toBe("Chờ bổ sung");
    await expectNoAxeViolations(page, "the desk supplement form with a recorded paper");
    await screenshot(page, "officer-56-desk-supplement-vi");

    await form.getByLabel("Ghi chú").fill("Người nộp mang văn bản ủy quyền đã ký.");
    await form.getByRole("button", { name: "Nhận hồ sơ bổ sung" }).click();
    await page.getByRole("status").filter({ hasText: "Đã thực hiện: Nhận hồ sơ bổ sung" }).waitFor({ timeout: 20_000 });
    expect(await dossierStatus(page)).toBe("Đã tiếp nhận");
    expect(await action(page, "receive_supplement").count()).toBe(0);
    const timeline = (await page.locator(".timeline").textContent()) ?? "";
    expect(timeline).toContain("Người nộp mang văn bản ủy quyền đã ký.");
    // The step named in words, the officer named: the paper brought, then the supplement taken.
    expect(timeline).toMatch(/Cán bộ một cửa đính kèm giấy tờ đã số hóa — Chờ bổ sung — Nguyễn Thị Tiếp Nhận/);
    expect(timeline).toMatch(/Nhận hồ sơ bổ sung tại bộ phận một cửa — Đã tiếp nhận — Nguyễn Thị Tiếp Nhận/);
    await screenshot(page, "officer-57-desk-supplement-done-vi");
    const citizen = await citizenStatus(code, "officer-58-citizen-desk-supplement-vi");
    expect(citizen.status).toBe("received");
    expect(pageErrors(consoleErrors)).toEqual([]);
    await context.close();
  }, 120_000);

  it("a leader apologises for a late dossier with a new date: the apology slip (04) and the citizen's status show that date", async () => {
    const code = await dossierIn("late");
    const { context, page, consoleErrors } = await officerPage(browser);
    await officerSignIn(page, portal.url, "leader1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page)).toBe("Đã tiếp nhận");
    const form = action(page, "apologize");
    await form.waitFor();
    // Every form a leader has on a late dossier (assign, upload, approve, deny, transfer, stop, apologise), labelled.
    await action(page, "transfer").locator("option", { hasText: TEST_AGENCY.name }).waitFor({ state: "attached", timeout: 20_000 });
    expect(await page.locator("form.officer-action").evaluateAll((forms) => forms.map((f) => (f as HTMLFormElement).dataset.action))).toEqual([
      "assign",
      "upload",
      "approve",
      "deny",
      "transfer",
      "stop",
      "apologize",
    ]);
    await expectNoAxeViolations(page, "a late dossier's leader forms");
    const due = new Date(Date.now() + 5 * DAY);
    const newDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(due); // YYYY-MM-DD
    const newDueAt = `${newDay}T17:00:00+07:00`;
    const text = "Hồ sơ của ông/bà chậm do cần xác minh thêm với cơ quan công an. Chúng tôi thành thật xin lỗi.";
    await form.getByLabel("Ngày hẹn trả mới").fill(newDay);
    await form.getByLabel("Nội dung thư xin lỗi").fill(text);
    await screenshot(page, "officer-54-apology-form-vi");
    await form.getByRole("button", { name: "Xin lỗi và hẹn lại ngày trả" }).click();
    await page.getByRole("status").filter({ hasText: "Đã thực hiện: Xin lỗi và hẹn lại ngày trả" }).waitFor({ timeout: 20_000 });
    // The new date on the dossier; the apology is made once (its form is gone); the due date itself never moves.
    expect(await page.locator("#dossier-new-due").textContent()).toMatch(fivePm(newDueAt));
    expect(await action(page, "apologize").count()).toBe(0);
    expect(await dossierStatus(page)).toBe("Đã tiếp nhận");
    await screenshot(page, "officer-55-apologised-vi");

    await page.getByRole("link", { name: "Phiếu xin lỗi và hẹn lại" }).click();
    await expect.poll(() => heading(page)).toBe("Phiếu xin lỗi và hẹn lại");
    const slip = page.frameLocator("iframe.officer-slip");
    await slip.locator("#new-due-at").waitFor({ timeout: 20_000 });
    expect(await slip.locator("#new-due-at").textContent()).toMatch(fivePm(newDueAt));
    expect(await slip.locator("main").textContent()).toContain(text);
    await screenshot(page, "officer-56-apology-slip-vi");

    const citizen = await citizenStatus(code, "officer-57-citizen-apology-vi");
    expect(citizen.card).toContain(text);
    expect(citizen.card).toMatch(new RegExp(`Ngày hẹn trả kết quả mới: ${fivePm(newDueAt).source}`));
    expect(pageErrors(consoleErrors)).toEqual([]);
    await context.close();
  }, 120_000);
});

describe("back office language, sign-in page and sign-out", () => {
  it("the language switch turns the back office to English and back, and the choice stays through a reload", async () => {
    const { context, page, consoleErrors } = await officerPage(browser);
    await officerSignIn(page, portal.url, "intake1", password, "/officer/");
    const inVietnamese = async () => {
      await expect.poll(() => heading(page)).toBe("Hồ sơ của cơ quan");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");
      expect(await page.getByRole("navigation", { name: "Điều hướng bộ phận một cửa" }).textContent()).toContain("Tiếp nhận tại quầy");
      expect(await page.getByRole("button", { name: "Đăng xuất" }).count()).toBe(1);
    };
    const inEnglish = async () => {
      await expect.poll(() => heading(page)).toBe("The agency's dossiers");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      expect(await page.getByRole("navigation", { name: "Back office navigation" }).textContent()).toContain("Counter intake");
      expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(1);
      expect(await page.locator(".officer-tabs").textContent()).toContain("New online");
    };
    await inVietnamese();
    await page.getByRole("link", { name: "English" }).click();
    await inEnglish();
    await screenshot(page, "officer-58-inbox-en");
    await page.reload();
    await inEnglish();
    await page.goto(`${portal.url}/officer/?tab=processing`); // no ?lang: the remembered choice
    await inEnglish();
    await page.getByRole("link", { name: "Tiếng Việt" }).click();
    await inVietnamese();
    await page.reload();
    await inVietnamese();
    await page.goto(`${portal.url}/officer/`);
    await inVietnamese();
    expect(pageErrors(consoleErrors)).toEqual([]);
    await context.close();
  }, 120_000);

  it("the provider's sign-in and sign-out pages have the portal's look under the site's strict CSP, in Vietnamese (English when asked)", async () => {
    for (const lang of ["vi", "en"] as const) {
      const { context, page, consoleErrors } = await officerPage(browser);
      await page.goto(`${portal.url}/officer/${lang === "en" ? "?lang=en" : ""}`);
      const login = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith("/idp/interaction/"));
      await page.getByRole("button", { name: lang === "en" ? "Sign in" : "Đăng nhập" }).click();
      const response = await login;
      await page.locator("#password").waitFor();

      // The site's policy, unweakened: no inline style or script allowed, no framing.
      const csp = (await response.allHeaders())["content-security-policy"] ?? "";
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|nonce-|sha256-/);
      expect((await response.allHeaders())["x-frame-options"]).toBe("DENY");

      // The stylesheet applied: the portal's green button, its 2px-bordered fields, its red header band.
      const look = await page.evaluate(() => {
        const css = (selector: string) => getComputedStyle(document.querySelector(selector)!);
        return {
          button: css('button[type="submit"]').backgroundColor,
          input: css("#username").borderTopWidth,
          inputWidth: (document.querySelector("#username") as HTMLElement).offsetWidth,
          header: css(".site-header").backgroundColor,
          font: css("body").fontFamily,
        };
      });
      expect(look).toMatchObject({ button: "rgb(30, 107, 52)", input: "2px", header: "rgb(155, 28, 28)" });
      expect(look.inputWidth).toBeGreaterThan(300);
      expect(look.font).toContain("system-ui");

      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      const words = lang === "en" ? ["Officer sign-in", "Username", "Password", "Sign in"] : ["Đăng nhập cán bộ", "Tên đăng nhập", "Mật khẩu", "Đăng nhập"];
      expect(await heading(page)).toBe(words[0]);
      expect(await page.getByLabel(words[1]!).getAttribute("id")).toBe("username");
      expect(await page.getByLabel(words[2]!).getAttribute("id")).toBe("password");
      expect(await page.getByRole("button", { name: words[3] }).count()).toBe(1);
      await expectNoAxeViolations(page, `the provider's sign-in page (${lang})`);
      await screenshot(page, `officer-59-idp-sign-in-${lang}`);

      // A wrong password: said in the page's language, the user name kept.
      await page.locator("#username").fill("intake1");
      await page.locator("#password").fill("not-the-password");
      await page.locator("#password").press("Enter");
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(await alert.textContent()).toBe(lang === "en" ? "The username or password is wrong." : "Tên đăng nhập hoặc mật khẩu không đúng.");
      expect(await page.locator("#username").inputValue()).toBe("intake1");
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('[role="alert"]')!).borderLeftWidth)).toBe("6px");
      await screenshot(page, `officer-60-idp-wrong-password-${lang}`);
      // Nothing refused by the policy on the provider's pages (Chromium reports each refusal as a console error).
      expect(pageErrors(consoleErrors)).toEqual([]);

      await signInAtProvider(page, "intake1", password);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);

      if (lang === "vi") {
        // The provider's sign-out page reached without the back office (no ID token to name the session) asks first.
        await page.goto(`${portal.url}/idp/session/end`);
        await expect.poll(() => heading(page)).toBe("Đăng xuất");
        expect(await mainText(page)).toContain("Đăng xuất tài khoản cán bộ khỏi trình duyệt này?");
        // "Sign out" has the focus (the portal's yellow focus look); "stay" is the portal's secondary button.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe("sign-out-yes");
        const stay = page.getByRole("button", { name: "Không, giữ đăng nhập" });
        expect(await stay.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(230, 232, 235)");
        await expectNoAxeViolations(page, "the provider's sign-out page");
        await screenshot(page, "officer-61-idp-sign-out-vi");
        await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
        await expect.poll(() => heading(page)).toBe("Đã đăng xuất");
        await screenshot(page, "officer-62-idp-signed-out-vi");
      }
      expect(pageErrors(consoleErrors)).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it("signing out ends the provider's session too: back at the sign-in page, nothing left in the tab, the password asked again", async () => {
    const code = await dossierIn("submitted");
    const { context, page, consoleErrors } = await officerPage(browser);
    await officerSignIn(page, portal.url, "intake1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page)).toBe("Mới nộp");
    // A half-typed refusal: a draft kept in the tab (through an expired session), never for the next officer.
    await action(page, "reject_intake").getByLabel("Lý do").fill("Ghi chú riêng của cán bộ tiếp nhận 1.");

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL((url) => url.pathname === "/officer/", { timeout: 20_000 });
    await expect.poll(() => heading(page), { timeout: 20_000 }).toBe("Đăng nhập cán bộ");
    expect(await page.locator("#officer-me").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Đăng xuất" }).count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("dvc.officer.")))).toEqual([]);
    await screenshot(page, "officer-63-signed-out-vi");

    // The old session opens nothing: the dossier's address shows the sign-in page, none of the dossier.
    await page.goto(`${portal.url}/officer/dossiers/${code}`);
    await expect.poll(() => heading(page)).toBe("Đăng nhập cán bộ");
    expect(await mainText(page)).not.toContain("Nguyễn Văn An");

    // Signing in again goes through the provider's form: its session ended with the back office's.
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/idp\/interaction\//, { timeout: 20_000 });
    await page.locator("#password").waitFor();
    await screenshot(page, "officer-64-sign-in-again-vi");
    await signInAtProvider(page, "intake1", password);
    expect(new URL(page.url()).pathname).toBe(`/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page), { timeout: 20_000 }).toBe("Mới nộp");
    expect(await action(page, "reject_intake").getByLabel("Lý do").inputValue()).toBe("");
    expect(pageErrors(consoleErrors)).toEqual([]);
    await context.close();
  }, 120_000);
});
