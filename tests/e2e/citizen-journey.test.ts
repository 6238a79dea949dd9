import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { pdfBytes, sha256, submittedDossier, TEST_AGENCY } from "../support/portal";
import { e2eSetup, expectNoAxeViolations, newContext, screenshot, type Page } from "./support";

/**
 * The citizen's whole journey in Chromium, against the real local portal (embedded dynalite + s3rver):
 * search → procedure → form (client and API field errors) → files (one refused client-side) → send → receipt
 * → tracking → an agency receives the dossier → the citizen sees "received" and a due date.
 */

const e2e = e2eSetup();
let files: string;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), "dvc-e2e-files-"));
  const pdf = (size: number, seed: string) => {
    const body = Buffer.alloc(size, 0x20);
    Buffer.from(`%PDF-1.4\n% ${seed}\n`).copy(body);
    return body;
  };
  writeFileSync(join(files, "to-khai-qua-lon.pdf"), pdf(1.5 * 1024 * 1024, "big")); // the document allows 1 MB
  writeFileSync(join(files, "to-khai.pdf"), pdf(40_000, "to-khai"));
  writeFileSync(join(files, "giay-chung-sinh.pdf"), pdf(120_000, "giay-chung-sinh"));
});

afterAll(async () => {
  if (files) rmSync(files, { recursive: true, force: true });
});

/** Acts as the dossier's agency through its API, as an agency's own system would. */
async function agencyKey() {
  const { apiKey } = await createApiKey(e2e.portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() });
  const headers = { authorization: `Bearer ${apiKey}` };
  return async (code: string, body: Record<string, unknown>) => {
    const current = await e2e.portal.api(`/v1/agency/dossiers/${code}`, { headers });
    const res = await e2e.portal.api(`/v1/agency/dossiers/${code}/actions`, { headers, body: { expectedVersion: current.body.version, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
}

async function heading(page: Page) {
  return (await page.locator("h1").first().textContent())?.trim();
}

describe("citizen journey", () => {
  it("searches without diacritics, applies with files, gets a code and token, and follows the dossier", async () => {
    const { context, external, consoleErrors } = await newContext(e2e.browser, { acceptDownloads: true });
    const page = await context.newPage();

    // Search, as you type, without diacritics.
    await page.goto(`${e2e.portal.url}/`);
    await expect.poll(() => heading(page)).toBe("Tìm thủ tục hành chính");
    await page.locator("#q").pressSequentially("dang ky khai sinh", { delay: 20 });
    const result = page.getByRole("link", { name: "Đăng ký khai sinh", exact: true });
    await expect.poll(() => page.locator(".result").count()).toBe(1);
    await result.waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("dang ky khai sinh");
    await screenshot(page, "01-search-vi");

    // The procedure.
    await result.click();
    await expect.poll(() => heading(page)).toBe("Đăng ký khai sinh");
    const facts = await page.locator("main").textContent();
    expect(facts).toContain("Toàn trình");
    expect(facts).toContain("mức độ 4");
    expect(facts).toContain("3 ngày làm việc");
    expect(facts).toContain("Không mất phí");
    expect(facts).toContain("Nghị định 123/2015/NĐ-CP");
    const documents = page.locator("table").first();
    await expect.poll(() => documents.textContent()).toContain("Giấy chứng sinh");
    expect(await documents.textContent()).toContain("2 MB");
    expect(await documents.textContent()).toContain("PDF, JPEG, PNG");
    await screenshot(page, "02-procedure-vi");

    // The form: a client-side field error first, tied to its input.
    await page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" }).click();
    await expect.poll(() => heading(page)).toBe("Nộp hồ sơ: Đăng ký khai sinh");
    await page.getByLabel("Họ và tên").fill("Nguyễn Văn An");
    await page.locator("#idNumber").fill("00109001234"); // 11 digits
    await page.locator("#phone").fill("0912 345 678");
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    const idInput = page.locator("#idNumber");
    await expect.poll(() => idInput.getAttribute("aria-invalid")).toBe("true");
    expect(await idInput.getAttribute("aria-describedby")).toContain("idNumber-error");
    expect(await page.locator("#idNumber-error").textContent()).toContain("đúng 12 chữ số");
    expect(await page.locator(".error-summary").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await screenshot(page, "03-apply-errors-vi"); // axe checks this page in accessibility.test.ts

    // A file too large for its document is refused before anything is sent.
    await page.locator("#doc-to-khai").setInputFiles(join(files, "to-khai-qua-lon.pdf"));
    await expect.poll(() => page.locator("#doc-to-khai-error").textContent()).toContain("Tệp quá lớn");
    expect(await page.locator("#doc-to-khai").getAttribute("aria-describedby")).toContain("doc-to-khai-error");
    expect(await page.locator("#doc-to-khai-error").textContent()).toContain("1 MB");
    await page.locator("#doc-to-khai").setInputFiles(join(files, "to-khai.pdf"));
    await page.locator("#doc-giay-chung-sinh").setInputFiles(join(files, "giay-chung-sinh.pdf"));
    await expect.poll(() => page.locator(".file-chosen").count()).toBe(2);
    expect(await page.locator("#doc-to-khai-error").count()).toBe(0);

    // A CCCD the browser accepts (12 digits) but the API refuses (province 000): the API's 400 lands on the field.
    await idInput.fill("000090012345");
    expect(await idInput.getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => heading(page)).toBe("Kiểm tra lại trước khi nộp");
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await expect.poll(() => idInput.getAttribute("aria-invalid"), { timeout: 10_000 }).toBe("true");
    expect(await page.locator("#idNumber-error").textContent()).toContain("mã tỉnh");
    expect(await page.locator(".file-chosen").count()).toBe(2); // the chosen files are kept

    await idInput.fill("001090012345");
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => heading(page)).toBe("Kiểm tra lại trước khi nộp");
    const review = await page.locator("main").textContent();
    expect(review).toContain("Nguyễn Văn An");
    expect(review).toContain("001090012345");
    expect(review).toContain("0912345678");
    expect(review).toContain("giay-chung-sinh.pdf");
    expect(review).toContain("Nhận kết quả trực tuyến");
    await screenshot(page, "04-review-vi");
    await expectNoAxeViolations(page, "review (vi)");

    // Send: create with the files declared (Idempotency-Key) → PUT each file with progress → submit. Two faults on the way:
    // the create's answer is lost (the server did create it), and the second file's upload fails once.
    const idempotencyKeys: string[] = [];
    let firstCreated: string | undefined;
    await page.route("**/v1/dossiers", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      idempotencyKeys.push(route.request().headers()["idempotency-key"] ?? "");
      if (firstCreated) return route.fallback();
      const answer = await route.fetch(); // reaches the server…
      firstCreated = (await answer.json()).code;
      return route.abort("timedout"); // …but the browser never sees the answer
    });
    let failedOnce = false;
    const puts: string[] = [];
    // The presigned PUTs to storage (files go straight to their final key, dossiers/<code>/<id>).
    await page.route((url) => !url.pathname.startsWith("/v1/") && url.pathname.includes("/dossiers/"), async (route) => {
      if (route.request().method() !== "PUT") return route.fallback();
      puts.push(route.request().url());
      if (puts.length === 2 && !failedOnce) {
        failedOnce = true;
        return route.abort("connectionreset");
      }
      return route.fallback();
    });
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    const retry = page.getByRole("button", { name: "Thử lại Giấy chứng sinh" });
    await retry.waitFor({ timeout: 20_000 });
    expect(await page.locator(".upload-failed .upload-status").textContent()).toContain("Chưa tải lên được");
    expect(await page.locator(".upload-done").count()).toBe(1);
    expect(await page.locator("progress").count()).toBe(2);
    await screenshot(page, "05a-sending-retry-vi");
    await expectNoAxeViolations(page, "sending with a failed upload (vi)");
    await retry.click();
    await expect.poll(() => heading(page), { timeout: 20_000 }).toBe("Đã nộp hồ sơ");
    // The lost create was retried with the same key and gave back the same dossier; no second one exists.
    expect(idempotencyKeys).toHaveLength(2);
    expect(idempotencyKeys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(idempotencyKeys[1]).toBe(idempotencyKeys[0]);
    expect(puts).toHaveLength(3);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    const code = (await page.getByTestId("dossier-code").textContent())!.trim();
    const token = (await page.getByTestId("access-token").textContent())!.trim();
    expect(code).toMatch(/^000\.00\.31\.H99-\d{6}-\d{4}$/);
    expect(code).toBe(firstCreated);
    expect(token.length).toBeGreaterThan(20);
    const receipt = await page.locator("main").textContent();
    expect(receipt).toContain("không thể cấp lại");
    await screenshot(page, "05-receipt-vi");
    await expectNoAxeViolations(page, "receipt (vi)");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Lưu thành tệp văn bản" }).click()]);
    const saved = readFileSync((await download.path())!, "utf8");
    expect(saved).toContain(code);
    expect(saved).toContain(token);
    expect(download.suggestedFilename()).toBe(`ho-so-${code}.txt`);

    // Tracking, with the token still in memory: the full view opens.
    await page.getByRole("link", { name: "Theo dõi hồ sơ này" }).click();
    await expect.poll(() => page.getByTestId("dossier-status").getAttribute("data-status")).toBe("submitted");
    await expect.poll(() => page.locator(".holder").textContent()).toContain("Nguyễn Văn An");
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token); // not remembered unless asked
    await screenshot(page, "06-track-submitted-vi");

    // The agency receives it, through its API.
    const { apiKey: journeyKey } = await createApiKey(e2e.portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() });
    const auth = { authorization: `Bearer ${journeyKey}` };
    const current = await e2e.portal.api(`/v1/agency/dossiers/${code}`, { headers: auth });
    expect(current.status).toBe(200);
    const received = await e2e.portal.api(`/v1/agency/dossiers/${code}/actions`, {
      headers: auth,
      body: { action: "receive", expectedVersion: current.body.version },
    });
    expect(received.status).toBe(200);

    // Reload: the token was only in memory, so the public status shows; "received" with a due date.
    await page.reload();
    await expect.poll(() => page.getByTestId("dossier-status").getAttribute("data-status")).toBe("received");
    expect(await page.getByTestId("dossier-status").textContent()).toContain("Đã tiếp nhận");
    const due = (await page.getByTestId("due-at").textContent())!;
    expect(due).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // Shown in Vietnam time although the browser runs in Europe/Paris.
    const expectedDue = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(received.body.dueAt));
    expect(due).toContain(expectedDue);
    expect(await page.locator(".timeline li").count()).toBe(3); // create, submit, receive
    expect(await page.locator("#token").count()).toBe(1);
    await page.locator("#token").fill(token);
    await page.getByRole("button", { name: "Xem chi tiết" }).click();
    await expect.poll(() => page.locator(".holder").textContent()).toContain("Nguyễn Văn An");
    await screenshot(page, "07-track-received-vi");
    await expectNoAxeViolations(page, "track, full view (vi)");

    expect(external).toEqual([]);
    // Only the two faults this test injected were logged by Chromium.
    expect(consoleErrors.filter((e) => !/net::ERR_(TIMED_OUT|CONNECTION_RESET)/.test(e))).toEqual([]);
    await context.close();
  });

  it("lets the holder supply documents, download the result and rate it (English), and withdraw (Vietnamese)", async () => {
    const act = await agencyKey();
    const { context, external, consoleErrors } = await newContext(e2e.browser, { acceptDownloads: true });
    const page = await context.newPage();

    const { code, accessToken } = await submittedDossier(e2e.portal);
    await act(code, { action: "receive" });
    await act(code, { action: "request_supplement", note: "Bản chụp giấy chứng sinh bị mờ, đề nghị nộp lại." });

    await page.goto(`${e2e.portal.url}/track/${code}?lang=en`);
    await expect.poll(() => page.getByTestId("dossier-status").textContent()).toBe("Documents requested");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByRole("textbox", { name: "Access token" }).fill(accessToken);
    await page.getByLabel("Remember the access token on this device").check();
    await page.getByRole("button", { name: "Show details" }).click();
    const supplement = page.getByRole("region", { name: "Supply documents" });
    await expect.poll(() => supplement.textContent()).toContain("giấy chứng sinh bị mờ");
    await page.locator("#doc-giay-chung-sinh").setInputFiles(join(files, "giay-chung-sinh.pdf"));
    await expect.poll(() => supplement.locator(".upload-status").textContent()).toBe("Uploaded");
    await screenshot(page, "08-track-supplement-en");
    await expectNoAxeViolations(page, "track, supplement (en)");
    await page.getByRole("button", { name: "Send the documents" }).click();
    await expect.poll(() => page.getByTestId("dossier-status").getAttribute("data-status")).toBe("received");
    expect(await page.evaluate((c) => localStorage.getItem(`dvc.token.${c}`), code)).toBe(accessToken);

    // The agency decides and returns a result document.
    await act(code, { action: "approve" });
    const result = pdfBytes(5000, "ket-qua");
    const { apiKey } = await createApiKey(e2e.portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() });
    const declared = await e2e.portal.api(`/v1/agency/dossiers/${code}/results`, {
      headers: { authorization: `Bearer ${apiKey}` },
      body: { fileName: "Trích lục khai sinh.pdf", mediaType: "application/pdf", size: result.byteLength, sha256: sha256(result) },
    });
    expect(declared.status).toBe(201);
    const put = await fetch(declared.body.upload.url, { method: "PUT", headers: declared.body.upload.headers, body: Buffer.from(result) });
    expect(put.status).toBe(200);
    await act(code, { action: "return_result" });

    // Remembered on this device: after a reload the full view opens by itself, with the result to download.
    await page.reload();
    await expect.poll(() => page.getByTestId("dossier-status").getAttribute("data-status")).toBe("returned");
    const resultLink = page.getByRole("link", { name: "Trích lục khai sinh.pdf" });
    await resultLink.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), resultLink.click()]);
    expect(readFileSync((await download.path())!).subarray(0, 8).toString()).toBe("%PDF-1.4");

    // Rating with the keyboard: the stars are radio buttons.
    await page.getByRole("button", { name: "Send the rating" }).click();
    await expect.poll(() => page.locator("#rating-error").textContent()).toContain("Choose a number of stars");
    await page.locator("#rating-1").focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    expect(await page.locator("#rating-5").isChecked()).toBe(true);
    await page.getByLabel("Comment").fill("Nhanh, gọn.");
    await screenshot(page, "09-track-returned-en");
    await expectNoAxeViolations(page, "track, returned with rating form (en)");
    await page.getByRole("button", { name: "Send the rating" }).click();
    await expect.poll(() => page.locator(".holder").textContent()).toContain("You rated it 5/5 stars");

    await page.getByRole("button", { name: "Forget the access token" }).click();
    expect(await page.evaluate((c) => localStorage.getItem(`dvc.token.${c}`), code)).toBeNull();
    await page.getByRole("textbox", { name: "Access token" }).waitFor();

    // Withdrawing another dossier, with a reason (required).
    const other = await submittedDossier(e2e.portal);
    await page.goto(`${e2e.portal.url}/track/${other.code}?lang=vi`);
    await page.getByRole("textbox", { name: "Mã truy cập" }).fill(other.accessToken);
    await page.getByRole("button", { name: "Xem chi tiết" }).click();
    await page.getByRole("button", { name: "Rút hồ sơ…" }).click();
    await page.getByRole("button", { name: "Xác nhận rút hồ sơ" }).click();
    await expect.poll(() => page.locator("#withdraw-reason").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#withdraw-reason").getAttribute("aria-describedby")).toContain("withdraw-reason-error");
    await expectNoAxeViolations(page, "track, withdraw form (vi)");
    await page.locator("#withdraw-reason").fill("Tôi nộp nhầm thủ tục.");
    await page.getByRole("button", { name: "Xác nhận rút hồ sơ" }).click();
    await expect.poll(() => page.getByTestId("dossier-status").getAttribute("data-status")).toBe("withdrawn");

    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
