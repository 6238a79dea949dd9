import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalogue, startTestPortal, testProcedure, type TestPortal } from "../support/portal";
import { buildWeb, expectNoAxeViolations, launchChromium, newContext, screenshot, type Browser, type Page } from "./support";

/**
 * Paying a procedure's fee before submission, in Chromium against the local portal and its sandbox VNPay page:
 * apply → upload → the code and token shown → pay → "fail" on the gateway → back on the tracking page, failed →
 * pay again → "success" → paid (seen by polling the status) → submit → submitted, with the fee's receipt.
 * axe checks the waiting, failed and paid states in Vietnamese and in English.
 */

const CODE = "1.100001";
let portal: TestPortal;
let browser: Browser;
let files: string;

beforeAll(async () => {
  await buildWeb();
  portal = await startTestPortal();
  await seedCatalogue(portal, [
    testProcedure(),
    testProcedure({
      code: CODE,
      name: "Cấp bản sao trích lục hộ tịch",
      fee: { amount: 50_000, currency: "VND", serviceFee: 20_000, charge: 30_000, note: "Miễn cho hộ nghèo" },
      paymentTiming: "before_submit",
    }),
  ]);
  browser = await launchChromium();
  files = mkdtempSync(join(tmpdir(), "dvc-e2e-pay-"));
  const pdf = (size: number, seed: string) => {
    const body = Buffer.alloc(size, 0x20);
    Buffer.from(`%PDF-1.4\n% ${seed}\n`).copy(body);
    return body;
  };
  writeFileSync(join(files, "to-khai.pdf"), pdf(20_000, "to-khai"));
  writeFileSync(join(files, "giay-chung-sinh.pdf"), pdf(30_000, "giay-chung-sinh"));
});

afterAll(async () => {
  await browser?.close();
  await portal?.cleanup();
  if (files) rmSync(files, { recursive: true, force: true });
});

const heading = async (page: Page) => (await page.locator("h1").first().textContent())?.trim();
const paymentState = (page: Page) => page.getByTestId("payment-state").getAttribute("data-state");

describe("online fee payment in the browser", () => {
  it("pays before submission: fails once, pays again, then submits; shows the receipt", async () => {
    const { context, external, consoleErrors } = await newContext(browser);
    const page = await context.newPage();

    // While `hold` is on, the status the page polls still says "pending" (the bank has not answered yet). A draft
    // has no public status: the page reads the holder's view of it, with the token.
    let hold = false;
    await page.route(/\/v1\/dossiers\/[^/?]+(\/status)?(\?.*)?$/, async (route) => {
      if (!hold || route.request().method() !== "GET") return route.fallback();
      const response = await route.fetch();
      const body = await response.json();
      if (body.payment) body.payment.status = "pending";
      return route.fulfill({ response, json: body });
    });

    // The procedure shows the fee, its parts, the note and when it is paid.
    await page.goto(`${portal.url}/procedures/${CODE}`);
    await expect.poll(() => heading(page)).toBe("Cấp bản sao trích lục hộ tịch");
    const fee = (await page.locator(".fee-details").textContent()) ?? "";
    expect(fee).toContain("50.000");
    expect(fee).toContain("Phí 20.000");
    expect(fee).toContain("lệ phí 30.000");
    expect(fee).toContain("Miễn cho hộ nghèo");
    expect(fee).toContain("Nộp phí trực tuyến trước khi nộp hồ sơ");

    // Apply, upload, review (the fee again), send.
    await page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" }).click();
    await expect.poll(() => heading(page)).toBe("Nộp hồ sơ: Cấp bản sao trích lục hộ tịch");
    await page.getByLabel("Họ và tên").fill("Trần Thị Bình");
    await page.locator("#idNumber").fill("001090012345");
    await page.locator("#phone").fill("0912345678");
    await page.locator("#doc-to-khai").setInputFiles(join(files, "to-khai.pdf"));
    await page.locator("#doc-giay-chung-sinh").setInputFiles(join(files, "giay-chung-sinh.pdf"));
    await expect.poll(() => page.locator(".file-chosen").count()).toBe(2);
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => heading(page)).toBe("Kiểm tra lại trước khi nộp");
    expect(await page.locator(".fee-details").textContent()).toContain("Nộp phí trực tuyến trước khi nộp hồ sơ");
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();

    // Before leaving for the gateway: the code and the token, with the warning and the copy/save buttons.
    await expect.poll(() => heading(page), { timeout: 20_000 }).toBe("Đã tạo hồ sơ — hãy nộp phí để nộp hồ sơ");
    const code = (await page.getByTestId("dossier-code").textContent())!.trim();
    const token = (await page.getByTestId("access-token").textContent())!.trim();
    expect(code).toMatch(/-\d{4}$/);
    expect(token.length).toBeGreaterThan(20);
    expect(await page.getByRole("button", { name: "Lưu thành tệp văn bản" }).isVisible()).toBe(true);
    expect(await page.locator("main").textContent()).toContain("sessionStorage");
    await screenshot(page, "pay-01-created-vi");
    await expectNoAxeViolations(page, "payment step (vi)");

    // To the sandbox gateway; the bank refuses.
    hold = true;
    await page.getByRole("button", { name: "Thanh toán phí" }).click();
    await page.waitForURL(/\/sandbox\/vnpay\/pay/);
    await page.getByRole("button", { name: /Thất bại/ }).click();
    await page.waitForURL(new RegExp(`/track/${code.replace(/\./g, "\\.")}\\?payment=`));
    expect(await page.evaluate((c) => sessionStorage.getItem(`dvc.paying.${c}`), code)).toBe(token);
    await expect.poll(() => paymentState(page)).toBe("polling");
    expect(await page.getByTestId("payment-state").textContent()).toContain("Đang chờ xác nhận từ ngân hàng");
    await screenshot(page, "pay-02-pending-vi");
    await expectNoAxeViolations(page, "payment pending (vi)");
    hold = false;
    await expect.poll(() => paymentState(page), { timeout: 10_000 }).toBe("failed");
    expect(await page.getByTestId("payment-state").textContent()).toContain("Thanh toán không thành công");
    await expectNoAxeViolations(page, "payment failed (vi)");

    // The same state in English, then pay again.
    await page.getByRole("link", { name: "English" }).click();
    await expect.poll(() => page.getByTestId("payment-state").textContent()).toContain("Payment failed");
    await screenshot(page, "pay-03-failed-en");
    await expectNoAxeViolations(page, "payment failed (en)");
    hold = true;
    await page.getByRole("button", { name: "Pay again" }).click();
    await page.waitForURL(/\/sandbox\/vnpay\/pay/);
    await page.getByRole("button", { name: /Thanh toán thành công/ }).click();
    await page.waitForURL(/payment=paid.*lang=en|lang=en.*payment=paid/);
    await expect.poll(() => paymentState(page)).toBe("polling");
    expect(await page.getByTestId("payment-state").textContent()).toContain("Waiting for confirmation from the bank");
    await expectNoAxeViolations(page, "payment pending (en)");
    hold = false;
    await expect.poll(() => paymentState(page), { timeout: 10_000 }).toBe("paid");
    await expect.poll(() => page.getByRole("button", { name: "Submit", exact: true }).count()).toBe(1);
    await screenshot(page, "pay-04-paid-en");
    await expectNoAxeViolations(page, "payment paid (en)");

    await page.getByRole("link", { name: "Tiếng Việt" }).click();
    await expect.poll(() => page.getByTestId("payment-state").textContent()).toContain("Đã thanh toán phí");
    await expectNoAxeViolations(page, "payment paid (vi)");

    // Submit with the held token; the token is then let go from sessionStorage.
    await page.getByRole("button", { name: "Nộp hồ sơ", exact: true }).click();
    await expect.poll(() => page.getByTestId("dossier-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("submitted");
    await expect.poll(() => page.locator(".payment-return").textContent()).toContain("Đã nộp hồ sơ");
    expect(await page.evaluate((c) => sessionStorage.getItem(`dvc.paying.${c}`), code)).toBeNull();

    // The receipt on the holder's view.
    const receipt = page.getByTestId("payment-receipt");
    await receipt.waitFor({ timeout: 10_000 });
    const dossier = (await portal.api(`/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${token}` } })).body;
    expect(dossier.status).toBe("submitted");
    expect(dossier.payments).toHaveLength(2);
    expect(await page.getByTestId("payment-reference").textContent()).toBe(dossier.payment.reference);
    expect(await page.getByTestId("payment-transaction").textContent()).toBe(dossier.payment.transactionNo);
    expect((await page.getByTestId("payment-amount").textContent())?.replace(/\s/g, " ")).toBe("50.000 ₫");
    expect(await receipt.textContent()).toContain("VNPay");
    expect(await page.getByRole("button", { name: "In biên lai" }).isVisible()).toBe(true);
    expect(await page.getByTestId("payment-status").textContent()).toContain("Đã thanh toán");
    await screenshot(page, "pay-05-submitted-receipt-vi");
    await expectNoAxeViolations(page, "submitted with receipt (vi)");

    // A forged return.
    await page.goto(`${portal.url}/track?payment=invalid`);
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Không xác thực được kết quả thanh toán");
    await expectNoAxeViolations(page, "payment invalid (vi)");

    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
