import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormDefinition } from "../../functions/core/forms/definition";
import { FormDefinition as FormSchema } from "../../functions/core/forms/model";
import { pdfText } from "../support/pdf-text";
import { seedCatalogue, sha256, startTestPortal, testProcedure, type TestPortal } from "../support/portal";
import { buildWeb, expectNoAxeViolations, launchChromium, newContext, screenshot, type Browser, type Page } from "./support";

/**
 * A citizen fills the birth-registration declaration in Chromium: a conditional section shown and hidden, a field
 * error met and fixed, the summary, the submission; the printed declaration downloads with the child's name intact.
 */

const BIRTH_FORM = FormSchema.parse(
  JSON.parse(readFileSync(new URL("../../functions/local/seed/forms/khai-sinh.json", import.meta.url), "utf8")),
) as FormDefinition;

let portal: TestPortal;
let browser: Browser;
let files: string;

beforeAll(async () => {
  await buildWeb();
  portal = await startTestPortal();
  await seedCatalogue(portal, [testProcedure({ form: BIRTH_FORM })]);
  browser = await launchChromium();
  files = mkdtempSync(join(tmpdir(), "dvc-e2e-forms-"));
  const pdf = (size: number, seed: string) => {
    const body = Buffer.alloc(size, 0x20);
    Buffer.from(`%PDF-1.4\n% ${seed}\n`).copy(body);
    return body;
  };
  writeFileSync(join(files, "to-khai.pdf"), pdf(40_000, "to-khai"));
  writeFileSync(join(files, "giay-chung-sinh.pdf"), pdf(120_000, "giay-chung-sinh"));
});
afterAll(async () => {
  await browser?.close();
  await portal?.cleanup();
  if (files) rmSync(files, { recursive: true, force: true });
});

const heading = async (page: Page) => (await page.locator("h1").first().textContent())?.trim();

async function fillAddress(page: Page, path: string, province: string, commune: string, street: string) {
  await page.locator(`#f-${path}-province`).selectOption(province);
  await page.locator(`#f-${path}-commune`).selectOption(commune);
  await page.locator(`#f-${path}-street`).fill(street);
}

describe("declaration form in the citizen web", () => {
  it("fills the birth registration, shows and hides the father, fixes an error, submits and downloads the PDF", async () => {
    const { context, external, consoleErrors } = await newContext(browser, { acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${portal.url}/procedures/1.001193/apply`);
    await expect.poll(() => heading(page)).toBe("Nộp hồ sơ: Đăng ký khai sinh");
    await page.locator("#f-child-fullName").waitFor();

    await page.getByLabel("Họ và tên").fill("Trần Thị Mai");
    await page.locator("#idNumber").fill("001195012345");
    await page.locator("#phone").fill("0912 345 678");

    await page.locator("#f-child-fullName").fill("Nguyễn Thị Ánh Dương");
    await page.locator("#f-child-dateOfBirth").fill("01/03/2099"); // in the future: refused
    await page.locator("#f-child-sex-female").check();
    await fillAddress(page, "child-placeOfBirth", "01", "01001", "12 Hàng Bạc");
    await page.locator("#f-child-ethnicity").fill("Kinh");
    await page.locator("#f-child-nationality").fill("Việt Nam");

    await page.locator("#f-mother-fullName").fill("Trần Thị Mai");
    await page.locator("#f-mother-dateOfBirth").fill("12/04/1995");
    await page.locator("#f-mother-idNumber").fill("001195012345");
    await page.locator("#f-mother-ethnicity").fill("Kinh");
    await page.locator("#f-mother-nationality").fill("Việt Nam");
    await fillAddress(page, "mother-residence", "01", "01002", "2 Hàng Đào");

    // The father's section appears with "yes" and goes with "no".
    expect(await page.locator("#s-father").count()).toBe(0);
    await page.locator("#f-fatherKnown-yes").check();
    await expect.poll(() => page.locator("#s-father").count()).toBe(1);
    expect(await page.locator("#f-father-fullName").isVisible()).toBe(true);
    await page.locator("#f-father-fullName").fill("Nguyễn Văn Bình");
    await page.locator("#f-fatherKnown-no").check();
    await expect.poll(() => page.locator("#s-father").count()).toBe(0);

    await page.locator("#f-declarant-fullName").fill("Trần Thị Mai");
    await page.locator("#f-declarant-relationship-mother").check();
    await page.locator("#doc-to-khai").setInputFiles(join(files, "to-khai.pdf"));
    await page.locator("#doc-giay-chung-sinh").setInputFiles(join(files, "giay-chung-sinh.pdf"));
    await expect.poll(() => page.locator(".file-chosen").count()).toBe(2);

    // The error: on its field, described by its message, listed in the focused summary.
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    const dob = page.locator("#f-child-dateOfBirth");
    await expect.poll(() => dob.getAttribute("aria-invalid")).toBe("true");
    expect(await dob.getAttribute("aria-describedby")).toContain("f-child-dateOfBirth-error");
    expect(await page.locator("#f-child-dateOfBirth-error").textContent()).toContain("không được sau hôm nay");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    expect(await page.locator(".error-summary").textContent()).toContain("không được sau hôm nay");
    await screenshot(page, "forms-01-error-vi");
    await expectNoAxeViolations(page, "declaration form with an error (vi)");

    await dob.fill("01/03/2026");
    await expect.poll(() => dob.getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => heading(page)).toBe("Kiểm tra lại trước khi nộp");
    const review = (await page.locator("main").textContent()) ?? "";
    for (const answer of ["Nguyễn Thị Ánh Dương", "01/03/2026", "Nữ", "Phường Hoàn Kiếm", "Thành phố Hà Nội", "12/04/1995", "Kinh"]) expect(review).toContain(answer);
    expect(review).not.toContain("Nguyễn Văn Bình"); // the hidden father is not sent
    await screenshot(page, "forms-02-review-vi");
    await expectNoAxeViolations(page, "declaration review (vi)");

    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    const codeEl = page.getByTestId("dossier-code");
    await codeEl.waitFor({ timeout: 20_000 });
    const code = (await codeEl.textContent())!.trim();
    const token = (await page.getByTestId("access-token").textContent())!.trim();

    const dossier = await portal.api(`/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${token}` } });
    expect(dossier.body.status).toBe("submitted");
    expect(dossier.body.formData.father).toBeUndefined();
    const printed = dossier.body.attachments.find((a: { documentKey: string }) => a.documentKey === "declaration");
    const downloaded = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), printed.download.url as string);
    const bytes = new Uint8Array(downloaded);
    expect(sha256(bytes)).toBe(printed.sha256);
    const text = await pdfText(bytes);
    expect(text).toContain("Nguyễn Thị Ánh Dương");
    expect(text).toContain("Phường Hoàn Kiếm");

    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("has no axe violations on the form in English", async () => {
    const { context } = await newContext(browser, { locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${portal.url}/procedures/1.001193/apply?lang=en`);
    await page.locator("#f-child-fullName").waitFor();
    expect(await page.locator("#s-child").textContent()).toBe("The child");
    await page.locator("#f-child-ethnicity").fill("Kinh"); // the child begun, the name left out
    await page.locator("#f-fatherKnown-yes").check();
    await page.getByRole("button", { name: /Continue/ }).click();
    await expect.poll(() => page.locator("#f-child-fullName").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-child-fullName-error").textContent()).toContain("This answer is required");
    await expectNoAxeViolations(page, "declaration form with errors (en)");

    // Nothing is kept in the browser unless the box is ticked; ticked, the answers survive a reload.
    expect(await page.evaluate(() => localStorage.getItem("dvc.form-draft.1.001193"))).toBeNull();
    await page.locator("#keepDraft").check();
    await page.reload();
    await page.locator("#f-child-ethnicity").waitFor();
    expect(await page.locator("#f-child-ethnicity").inputValue()).toBe("Kinh");
    expect(await page.locator("#keepDraft").isChecked()).toBe(true);
    await page.locator("#keepDraft").uncheck();
    expect(await page.evaluate(() => localStorage.getItem("dvc.form-draft.1.001193"))).toBeNull();
    await context.close();
  });
});
