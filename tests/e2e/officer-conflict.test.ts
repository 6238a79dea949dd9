import { beforeAll, describe, expect, it } from "vitest";
import { screenshot, type Browser } from "./support";
import { submittedDossier, type TestPortal } from "../support/portal";
import { officerToken } from "../support/officer-login";
import { dossierStatus, heading, OFFICER_PROCEDURE, officerPage, officerSignIn, signInAtProvider, useOfficerSuite } from "./officer-support";

/**
 * Two officers act on one dossier at once: the loser sees the fresh state, a plain conflict message, and keeps
 * the note they typed. A session that expires mid-form: the note is kept through signing in again.
 */
const suite = useOfficerSuite();
let portal: TestPortal;
let browser: Browser;
beforeAll(() => void ({ portal, browser } = suite()));

async function receivedDossier() {
  const { code } = await submittedDossier(portal, OFFICER_PROCEDURE.code);
  const token = await officerToken(portal.url, "intake1", portal.idp.demoPassword);
  const headers = { authorization: `Bearer ${token}` };
  const current = await portal.api(`/v1/officer/dossiers/${code}`, { headers });
  const received = await portal.api(`/v1/officer/dossiers/${code}/actions`, { headers, body: { action: "receive", expectedVersion: current.body.version } });
  expect(received.status, JSON.stringify(received.body)).toBe(200);
  return code;
}

describe("back office conflicts and expired sessions", () => {
  it("the officer who acts second sees the fresh state and a conflict message, with the typed note kept", async () => {
    const code = await receivedDossier();
    const password = portal.idp.demoPassword;
    const intake = await officerPage(browser);
    const leader = await officerPage(browser);
    await officerSignIn(intake.page, portal.url, "intake1", password, `/officer/dossiers/${code}`);
    await officerSignIn(leader.page, portal.url, "leader1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(intake.page)).toBe("Đã tiếp nhận");

    // Intake types a supplement request while the leader assigns the dossier.
    const supp = intake.page.locator('form[data-action="request_supplement"]');
    await supp.locator("select").first().selectOption("to-khai");
    await supp.locator('input[id^="request_supplement-reason"]').fill("Tờ khai thiếu chữ ký.");
    const note = "Ghi chú của cán bộ tiếp nhận, gõ trong lúc lãnh đạo phân công.";
    await supp.locator("textarea").fill(note);

    const assign = leader.page.locator('form[data-action="assign"]');
    const option = assign.locator("option", { hasText: "specialist1" });
    await option.waitFor({ state: "attached" });
    await assign.locator("select").selectOption((await option.getAttribute("value"))!);
    await assign.locator('button[type="submit"]').click();
    await expect.poll(() => leader.page.locator("main").textContent()).toContain("Đã thực hiện");

    await supp.locator('button[type="submit"]').click();
    const alert = intake.page.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain("vừa được cán bộ khác cập nhật");
    // The fresh state (the assignee the leader chose) and the note still there.
    await expect.poll(() => intake.page.locator("main").textContent(), { timeout: 20_000 }).toContain("Chuyên viên");
    await expect.poll(() => intake.page.locator('form[data-action="request_supplement"] textarea').inputValue()).toBe(note);
    expect(await intake.page.locator('form[data-action="request_supplement"] input[id^="request_supplement-reason"]').inputValue()).toBe("Tờ khai thiếu chữ ký.");
    await screenshot(intake.page, "officer-20-conflict-vi");

    // Sending again now succeeds.
    await intake.page.locator('form[data-action="request_supplement"] button[type="submit"]').click();
    await expect.poll(() => dossierStatus(intake.page), { timeout: 20_000 }).toBe("Chờ bổ sung");
    await intake.context.close();
    await leader.context.close();
  }, 180_000);

  it("a session that expires mid-form keeps the note through signing in again, back on the same form", async () => {
    const code = await receivedDossier();
    const password = portal.idp.demoPassword;
    const leader = await officerPage(browser);
    const page = leader.page;
    await officerSignIn(page, portal.url, "leader1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(page)).toBe("Đã tiếp nhận");
    const note = "Đề nghị chuyên viên xem kỹ lý lịch, hạn trả 3 ngày.";
    await page.locator('form[data-action="deny"] textarea').fill(note);

    // The access token lapses (the API refuses it) and the provider's session is gone too.
    await page.evaluate(() => {
      const key = "dvc.officer.token";
      const s = JSON.parse(sessionStorage.getItem(key)!);
      sessionStorage.setItem(key, JSON.stringify({ ...s, accessToken: "expired.token.value" }));
    });
    await leader.context.clearCookies();
    await page.locator('form[data-action="deny"] button[type="submit"]').click();

    await signInAtProvider(page, "leader1", password);
    expect(new URL(page.url()).pathname).toBe(`/officer/dossiers/${code}`);
    await expect.poll(() => heading(page)).toContain(code);
    await expect.poll(() => page.locator('form[data-action="deny"] textarea').inputValue(), { timeout: 20_000 }).toBe(note);
    expect(await dossierStatus(page)).toBe("Đã tiếp nhận"); // nothing was sent with the lapsed token
    await screenshot(page, "officer-21-after-expiry-vi");
    await leader.context.close();
  }, 180_000);
});
