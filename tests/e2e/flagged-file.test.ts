import { describe, expect, it } from "vitest";
import { flagInfectedFile } from "../../functions/core/dossier/malware";
import { submittedDossier } from "../support/portal";
import { e2eSetup, expectNoAxeViolations, newContext, screenshot } from "./support";

/**
 * The holder's view of a file found infected after submission (issue #18 "Malware scanning"), in Chromium: the file
 * is listed, not linked, and the page says why, in each language; the dossier's progress records it.
 */

const e2e = e2eSetup();

describe("a file flagged as malware, on the track page", () => {
  it("is shown without a download link, saying malware was found; the other file still downloads", async () => {
    const { code, accessToken } = await submittedDossier(e2e.portal);
    const stored = await e2e.portal.adapters.dossiers.get(code);
    const infected = Object.values(stored!.attachments).find((a) => a.documentKey === "giay-chung-sinh")!;
    const outcome = await flagInfectedFile(
      { dossiers: e2e.portal.adapters.dossiers, files: e2e.portal.adapters.files, now: () => new Date() },
      infected.objectKey,
      { signature: "EICAR-Test-File (not a virus)", scanner: "guardduty" },
    );
    expect(outcome).toBe("flagged");

    const { context, external, consoleErrors } = await newContext(e2e.browser);
    const page = await context.newPage();
    for (const [lang, says, progress, button] of [
      ["vi", "phát hiện mã độc (EICAR-Test-File (not a virus))", "Phát hiện mã độc trong tệp", "Xem chi tiết"],
      ["en", "malware found (EICAR-Test-File (not a virus))", "Malware found in a file", "Show details"],
    ] as const) {
      await page.goto(`${e2e.portal.url}/track/${code}?lang=${lang}`);
      await page.locator("#token").fill(accessToken);
      await page.getByRole("button", { name: button }).click();
      const files = page.locator("ul.files li");
      await expect.poll(() => files.count()).toBe(2);
      const flagged = files.filter({ hasText: infected.fileName });
      expect(await flagged.textContent()).toContain(says);
      expect(await flagged.locator("a").count()).toBe(0);
      const clean = files.filter({ hasNotText: infected.fileName });
      expect(await clean.locator("a").getAttribute("href")).toMatch(/^http/);
      expect(await page.locator(".timeline").textContent()).toContain(progress);
      await screenshot(page, `flagged-file-${lang}`);
      await expectNoAxeViolations(page, `track, flagged file (${lang})`);
    }
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
