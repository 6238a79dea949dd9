import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eSetup, newContext, screenshot, type BrowserContext, type Page } from "./support";

/**
 * Issue #18 items 6 and 7 in Chromium, on the real local portal: the pages work under the strict CSP and report no
 * violation, a page of another origin cannot frame the apply page, and the API reference shows its operations
 * with every request outside the machine blocked.
 */

const e2e = e2eSetup();
let files: string;
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), "dvc-e2e-csp-"));
  const pdf = (size: number, seed: string) => {
    const body = Buffer.alloc(size, 0x20);
    Buffer.from(`%PDF-1.4\n% ${seed}\n`).copy(body);
    return body;
  };
  writeFileSync(join(files, "to-khai.pdf"), pdf(20_000, "to-khai"));
  writeFileSync(join(files, "giay-chung-sinh.pdf"), pdf(30_000, "giay-chung-sinh"));
  // Another origin (another port), as a phishing page would be: it frames the portal's apply page.
  attacker = createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>Trang giả mạo</title><h1>Trang giả mạo</h1><iframe id="victim" width="800" height="600" src="${e2e.portal.url}/procedures/1.001193/apply"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
  if (files) rmSync(files, { recursive: true, force: true });
});

/** Records every CSP violation a page of the context reports (the DOM event and Chromium's console message). */
async function watchCsp(context: BrowserContext) {
  const violations: string[] = [];
  await context.exposeBinding("__reportCspViolation", (_, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  context.on("page", (page) =>
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    }),
  );
  return violations;
}

const heading = async (page: Page) => (await page.locator("h1").first().textContent())?.trim();

describe("the web under its Content-Security-Policy", () => {
  it("works page by page — search, procedure, apply with uploads, receipt, tracking, statistics — with no violation", async () => {
    const { context, external, consoleErrors } = await newContext(e2e.browser);
    const violations = await watchCsp(context);
    const page = await context.newPage();
    const csp = (await page.goto(`${e2e.portal.url}/`))!.headers()["content-security-policy"];
    expect(csp).toContain("default-src 'self'");
    await expect.poll(() => heading(page)).toBe("Tìm thủ tục hành chính");
    await page.locator("#q").pressSequentially("khai sinh", { delay: 10 });
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await expect.poll(() => heading(page)).toBe("Đăng ký khai sinh");

    await page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" }).click();
    await expect.poll(() => heading(page)).toBe("Nộp hồ sơ: Đăng ký khai sinh");
    await page.getByLabel("Họ và tên").fill("Nguyễn Văn An");
    await page.locator("#idNumber").fill("001090012345");
    await page.locator("#phone").fill("0912345678");
    await page.locator("#doc-to-khai").setInputFiles(join(files, "to-khai.pdf"));
    await page.locator("#doc-giay-chung-sinh").setInputFiles(join(files, "giay-chung-sinh.pdf"));
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => heading(page)).toBe("Kiểm tra lại trước khi nộp");
    // Sending uploads each file straight to the store (s3rver): the one other origin the CSP lets the page reach.
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await expect.poll(() => heading(page), { timeout: 30_000 }).toBe("Đã nộp hồ sơ");
    await page.getByRole("link", { name: "Theo dõi hồ sơ này" }).click();
    await expect.poll(() => page.getByTestId("dossier-status").getAttribute("data-status")).toBe("submitted");

    await page.goto(`${e2e.portal.url}/stats`);
    await expect.poll(() => page.locator("h1").count()).toBeGreaterThan(0);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "csp-stats");

    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(external).toEqual([]);
    await context.close();
  }, 120_000);

  it("cannot be framed by a page of another origin", async () => {
    const { context } = await newContext(e2e.browser);
    const violations = await watchCsp(context);
    const page = await context.newPage();
    await page.goto(attackerUrl);
    await expect.poll(() => heading(page)).toBe("Trang giả mạo");
    await expect.poll(() => violations.join("\n"), { timeout: 10_000 }).toMatch(/frame-ancestors/);
    // The frame holds Chromium's error page, not the portal: nothing of the apply page was rendered in it.
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(frame).toBeDefined();
    expect(await frame.locator("#app").count()).toBe(0);
    expect(await frame.locator("text=Nộp hồ sơ").count()).toBe(0);
    await screenshot(page, "csp-framed");
    await context.close();
  });
});

describe("the API reference (/v1/docs)", () => {
  it("shows every operation from the portal's own Swagger UI, with every request outside the machine blocked", async () => {
    const { context, external, consoleErrors } = await newContext(e2e.browser);
    const violations = await watchCsp(context);
    const page = await context.newPage();
    const loaded: string[] = [];
    page.on("request", (request) => loaded.push(request.url()));
    const res = await page.goto(`${e2e.portal.url}/v1/docs`);
    expect(res!.status()).toBe(200);
    expect(res!.headers()["content-security-policy"]).toContain("default-src 'none'");
    await expect.poll(() => page.locator(".opblock").count(), { timeout: 30_000 }).toBeGreaterThan(15);
    const text = await page.locator("#swagger-ui").textContent();
    for (const operation of ["/v1/dossiers/{code}/submit", "/v1/agency/dossiers/{code}/actions", "/v1/procedures", "/v1/stats/daily"]) {
      expect(text).toContain(operation);
    }
    expect(text).toContain("Create a draft dossier");
    // An operation opens, with its parameters and responses.
    await page.locator(".opblock-summary", { hasText: "/v1/dossiers/{code}/status" }).first().click();
    await expect.poll(() => page.locator(".opblock.is-open .responses-wrapper").count()).toBeGreaterThan(0);
    await screenshot(page, "api-reference");

    expect(external).toEqual([]);
    expect(loaded.filter((url) => !url.startsWith(e2e.portal.url) && !url.startsWith("data:"))).toEqual([]);
    expect(loaded.some((url) => /\/reference\/[^/]+\/swagger-ui-bundle\.js$/.test(url))).toBe(true);
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
