import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb, launchChromium, screenshot, type Browser } from "./support";
import { applicant, pdfBytes, seedCatalogue, startTestPortal, testProcedure, uploadDocument, type TestPortal } from "../support/portal";
import { BIRTH_FORM, birthAnswers } from "../support/forms";
import { officerPage, officerSignIn } from "./officer-support";

/**
 * #17 "The officer's dossier page shows the answers by section once the back office exists": a birth declaration
 * submitted online, opened by the commune's intake officer in the back office: its answers by the form's sections,
 * labelled by the form version the dossier was created under.
 */
let portal: TestPortal;
let browser: Browser;

beforeAll(async () => {
  await buildWeb();
  portal = await startTestPortal();
  // The commune of the demo officers intake2 / leader2 (functions/local/seed-officers.ts) takes birth registrations.
  await seedCatalogue(portal, [testProcedure({ code: "1.001193", form: BIRTH_FORM })]);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await portal?.cleanup();
});

describe("the officer's dossier page", () => {
  it("shows the declaration's answers by section, with the form's labels", async () => {
    const created = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online", formData: birthAnswers() } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { code, accessToken } = created.body as { code: string; accessToken: string };
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "f1"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(2000, "f2"));
    expect((await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);

    const { page } = await officerPage(browser);
    await officerSignIn(page, portal.url, "intake2", portal.idp.demoPassword, `/officer/dossiers/${code}`);
    const sections = page.getByTestId("form-section");
    await expect.poll(() => sections.count()).toBeGreaterThanOrEqual(3);
    const titles = await sections.locator("h3").allTextContents();
    expect(titles.slice(0, 2)).toEqual(["Người được khai sinh", "Thông tin người mẹ"]);
    // The father's section is hidden (fatherKnown: false), as on the citizen's review page and in the PDF.
    expect(titles).not.toContain("Người cha");
    const child = sections.first();
    await expect.poll(() => child.textContent()).toContain("Nguyễn Thị Ánh Dương");
    expect(await child.textContent()).toContain("Họ, chữ đệm và tên");
    expect(await child.textContent()).toContain("01/03/2026"); // dates as dd/mm/yyyy
    await screenshot(page, "officer-form-answers");
  });
});
