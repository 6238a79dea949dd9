import { readFileSync } from "node:fs";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { newContext, screenshot, type Browser } from "./support";
import { type TestPortal } from "../support/portal";
import { citizenApplies, dossierStatus, heading, officerPage, officerSignIn, openFromInbox, pageErrors, useOfficerSuite } from "./officer-support";

/**
 * The back office's whole journey in Chromium, against the real local portal and its embedded OpenID provider:
 * a citizen applies online → intake signs in, finds it under "new", receives it, opens the receipt (its QR is the
 * code) and asks for a supplement → the citizen supplements → the leader assigns a specialist, who uploads the result
 * → the leader approves → intake returns the result → the citizen downloads it.
 */
const suite = useOfficerSuite();
let portal: TestPortal;
let browser: Browser;
let files: Record<string, string>;
beforeAll(() => void ({ portal, browser, files } = suite()));

describe("back office journey", () => {
  it("takes an online dossier from intake to the citizen's download", async () => {
    const password = portal.idp.demoPassword;
    const citizen = await newContext(browser, { acceptDownloads: true });
    const cpage = await citizen.context.newPage();
    const { code, token } = await citizenApplies(cpage, portal.url, files);

    // Intake signs in through the provider; the header names the officer, agency and roles.
    const intake = await officerPage(browser);
    const ip = intake.page;
    await ip.goto(`${portal.url}/officer/`);
    await expect.poll(() => heading(ip)).toBe("Đăng nhập cán bộ");
    await screenshot(ip, "officer-01-sign-in-vi");
    await officerSignIn(ip, portal.url, "intake1", password);
    expect(await ip.locator("#officer-me").textContent()).toContain("tiếp nhận");
    await expect.poll(() => ip.getByRole("link", { name: code, exact: true }).count(), { timeout: 20_000 }).toBe(1);
    expect(await ip.locator(".officer-tabs").textContent()).toMatch(/Mới nộp trực tuyến \(\d+\)/);
    await screenshot(ip, "officer-02-inbox-new-vi");

    // Its page: applicant, both files previewed inline with the checksum verified, the timeline.
    await openFromInbox(ip, portal.url, "new", code);
    expect(await dossierStatus(ip)).toBe("Mới nộp");
    expect(await ip.locator("main").textContent()).toContain("Trần Thị Bình");
    await expect.poll(() => ip.locator(".officer-verified").count(), { timeout: 20_000 }).toBe(2);
    expect(await ip.locator("iframe.officer-preview").count()).toBe(2);
    await screenshot(ip, "officer-03-dossier-submitted-vi");

    await ip.locator('form[data-action="receive"] button[type="submit"]').click();
    await expect.poll(() => dossierStatus(ip), { timeout: 20_000 }).toBe("Đã tiếp nhận");
    await screenshot(ip, "officer-04-dossier-received-vi");

    // The receipt slip: its QR code decodes to the dossier code.
    await ip.getByRole("link", { name: "Giấy tiếp nhận và hẹn trả kết quả" }).click();
    await expect.poll(() => heading(ip)).toBe("Giấy tiếp nhận và hẹn trả kết quả");
    const slip = ip.frameLocator("iframe.officer-slip");
    const qr = slip.locator("#qr");
    await qr.waitFor({ timeout: 20_000 });
    await screenshot(ip, "officer-05-receipt-vi");
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data ?? "").toContain(code);

    // A supplement: one wrong document, with the reason.
    await ip.getByRole("link", { name: `Hồ sơ ${code}` }).click();
    await expect.poll(() => dossierStatus(ip)).toBe("Đã tiếp nhận");
    const supp = ip.locator('form[data-action="request_supplement"]');
    await supp.locator("select").first().selectOption("giay-chung-sinh");
    await supp.locator('input[id^="request_supplement-reason"]').fill("Bản chụp giấy chứng sinh bị mờ, đề nghị nộp lại.");
    await supp.locator("textarea").fill("Đã gọi điện báo cho công dân.");
    await supp.locator('button[type="submit"]').click();
    await expect.poll(() => dossierStatus(ip), { timeout: 20_000 }).toBe("Chờ bổ sung");
    await screenshot(ip, "officer-06-supplement-requested-vi");

    // The citizen supplements through the citizen web.
    await cpage.goto(`${portal.url}/track/${code}`);
    await cpage.locator("#token").fill(token);
    await cpage.getByRole("button", { name: "Xem chi tiết" }).click();
    await cpage.locator("#doc-giay-chung-sinh").setInputFiles(files["giay-chung-sinh-moi.pdf"]!);
    await expect.poll(() => cpage.locator(".upload-status").first().textContent(), { timeout: 20_000 }).toBe("Đã tải lên");
    await cpage.getByRole("button", { name: "Gửi bổ sung" }).click();
    await expect.poll(() => cpage.getByTestId("dossier-status").getAttribute("data-status"), { timeout: 20_000 }).toBe("received");

    // The leader assigns it to a specialist.
    const leader = await officerPage(browser);
    const lp = leader.page;
    await officerSignIn(lp, portal.url, "leader1", password, `/officer/dossiers/${code}`);
    await expect.poll(() => dossierStatus(lp), { timeout: 20_000 }).toBe("Đã tiếp nhận");
    const assign = lp.locator('form[data-action="assign"]');
    const option = assign.locator("option", { hasText: "specialist1" });
    await option.waitFor({ state: "attached", timeout: 20_000 });
    await assign.locator("select").selectOption((await option.getAttribute("value"))!);
    await assign.locator('button[type="submit"]').click();
    await expect.poll(() => lp.locator("main").textContent(), { timeout: 20_000 }).toContain("Đã thực hiện");
    await screenshot(lp, "officer-07-assigned-vi");

    // The specialist uploads the result, with progress, from their "processing" tab.
    const specialist = await officerPage(browser);
    const sp = specialist.page;
    await officerSignIn(sp, portal.url, "specialist1", password, "/officer/?tab=processing");
    await screenshot(sp, "officer-08-inbox-processing-vi");
    await openFromInbox(sp, portal.url, "processing", code);
    await sp.locator("#upload-files").setInputFiles(files["ket-qua.pdf"]!);
    await sp.locator('form[data-action="upload"] button[type="submit"]').click();
    await expect.poll(() => sp.locator("main").textContent(), { timeout: 20_000 }).toContain("Đã tải lên ket-qua.pdf");
    await expect.poll(() => sp.locator("main").textContent(), { timeout: 20_000 }).toContain("Đã thực hiện");
    await screenshot(sp, "officer-09-result-uploaded-vi");

    // The leader approves with a note.
    await lp.reload();
    await expect.poll(() => lp.locator('form[data-action="approve"]').count(), { timeout: 20_000 }).toBe(1);
    await lp.locator('form[data-action="approve"] textarea').fill("Đồng ý cấp.");
    await lp.locator('form[data-action="approve"] button[type="submit"]').click();
    await expect.poll(() => dossierStatus(lp), { timeout: 20_000 }).toBe("Đã duyệt");
    await screenshot(lp, "officer-10-approved-vi");

    // Intake returns the result.
    await ip.reload();
    await expect.poll(() => ip.locator('form[data-action="return_result"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await ip.locator('form[data-action="return_result"]').textContent()).toContain("ket-qua.pdf");
    await ip.locator('form[data-action="return_result"] button[type="submit"]').click();
    await expect.poll(() => dossierStatus(ip), { timeout: 20_000 }).toBe("Đã trả kết quả");
    // The timeline names each officer.
    const timeline = (await ip.locator(".timeline").textContent()) ?? "";
    expect(timeline).toMatch(/Công dân/);
    await screenshot(ip, "officer-11-returned-vi");
    await ip.goto(`${portal.url}/officer/?tab=done`);
    await ip.getByRole("link", { name: code, exact: true }).waitFor({ timeout: 20_000 });
    await screenshot(ip, "officer-12-inbox-done-vi");
    await ip.goto(`${portal.url}/officer/tracking-book`);
    await ip.getByRole("link", { name: code, exact: true }).waitFor({ timeout: 20_000 });
    await screenshot(ip, "officer-13-tracking-book-vi");

    // The citizen downloads the result.
    await cpage.reload();
    await cpage.locator("#token").fill(token);
    await cpage.getByRole("button", { name: "Xem chi tiết" }).click();
    await expect.poll(() => cpage.getByTestId("dossier-status").getAttribute("data-status"), { timeout: 20_000 }).toBe("returned");
    const link = cpage.getByRole("link", { name: "ket-qua.pdf" });
    const [download] = await Promise.all([cpage.waitForEvent("download"), link.click()]);
    expect(readFileSync((await download.path())!).subarray(0, 8).toString()).toBe("%PDF-1.4");

    for (const who of [intake, leader, specialist]) expect(pageErrors(who.consoleErrors)).toEqual([]);
    for (const c of [citizen.context, intake.context, leader.context, specialist.context]) await c.close();
  }, 300_000);
});
