import { describe, expect, it } from "vitest";
import { e2eSetup, newContext, screenshot, type Page } from "./support";

/** Keyboard only: no mouse click anywhere in this file. */

const e2e = e2eSetup();

/** What has the focus, and whether it shows (an outline or our focus shadow/background). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { tag: "", id: "", text: "", visible: false };
    const style = getComputedStyle(el);
    const visible =
      (style.outlineStyle !== "none" && style.outlineWidth !== "0px") ||
      style.boxShadow !== "none" ||
      el.tagName === "H1"; // a heading focused by the router is announced, not operated
    return { tag: el.tagName, id: el.id, text: (el.textContent ?? "").trim().slice(0, 80), visible };
  });
}

/**
 * Waits until the element with this id has the focus, then reads it. The page moves the focus in an effect after
 * it renders, so the content (a result count) can be there before the focus is: wait for the focus itself.
 */
async function focusOn(page: Page, id: string) {
  await page.waitForFunction((target) => document.activeElement?.id === target, id, { timeout: 10_000 });
  return focused(page);
}

/** Presses Tab until `match` has the focus (at most `limit` times); every stop must show its focus. */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 25) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    expect(f.visible, `focus not visible on ${f.tag}#${f.id} "${f.text}"`).toBe(true);
    if (match(f)) return f;
  }
  throw new Error("never reached the element with Tab");
}

describe("keyboard only", () => {
  it("goes from the skip link to a search, a procedure and the form's error summary", async () => {
    const { context, external, consoleErrors } = await newContext(e2e.browser);
    const page = await context.newPage();
    await page.goto(`${e2e.portal.url}/`);
    await page.locator("#q").waitFor();

    // The first Tab reaches the skip link; Enter jumps to the main content.
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Bỏ qua, đến nội dung chính");
    await screenshot(page, "kb-01-skip-link");
    await page.keyboard.press("Enter");
    expect((await focusOn(page, "main")).id).toBe("main");

    // Into the search box, type without diacritics, then on to the first result.
    await tabTo(page, (f) => f.id === "q");
    await page.keyboard.type("dang ky khai sinh");
    await expect.poll(() => page.locator(".result").count()).toBe(1);
    await tabTo(page, (f) => f.tag === "A" && f.text === "Đăng ký khai sinh");
    await screenshot(page, "kb-02-result-focused");
    await page.keyboard.press("Enter");

    // The procedure page: the router moves the focus to its heading.
    await expect.poll(async () => (await focused(page)).tag).toBe("H1");
    expect((await focused(page)).text).toBe("Đăng ký khai sinh");
    await tabTo(page, (f) => f.tag === "A" && f.text === "Nộp hồ sơ trực tuyến", 40);
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await focused(page)).text).toBe("Nộp hồ sơ: Đăng ký khai sinh");

    // The form: fill two fields, submit with Enter, land on the error summary, follow a link to its field.
    await tabTo(page, (f) => f.id === "fullName");
    await page.keyboard.type("Trần Thị Bình");
    await tabTo(page, (f) => f.id === "idType-cccd");
    await tabTo(page, (f) => f.id === "idNumber");
    await page.keyboard.type("12345");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"), undefined, { timeout: 10_000 });
    expect((await focused(page)).tag).toBe("DIV");
    await tabTo(page, (f) => f.tag === "A" && f.text.includes("12 chữ số"), 3);
    await page.keyboard.press("Enter");
    expect((await focusOn(page, "idNumber")).visible).toBe(true);
    await screenshot(page, "kb-03-error-field");

    // The browser's Back returns to the search with the query still there.
    await page.goBack();
    await page.goBack();
    await expect.poll(() => page.locator("#q").inputValue()).toBe("dang ky khai sinh");

    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("filters by level and pages through results with nextCursor, moving the focus to the first new result", async () => {
    const { context, external, consoleErrors } = await newContext(e2e.browser);
    const page = await context.newPage();
    await page.goto(`${e2e.portal.url}/`);
    await expect.poll(() => page.locator(".result").count()).toBe(20); // a page of the 27 procedures
    await tabTo(page, (f) => f.tag === "BUTTON" && f.text === "Xem thêm kết quả", 60);
    await page.keyboard.press("Enter");
    const firstNew = await focusOn(page, "result-20");
    expect(firstNew.visible).toBe(true);
    expect(await page.locator(".result").count()).toBe(27);
    expect(await page.getByRole("button", { name: "Xem thêm kết quả" }).count()).toBe(0);

    // The level filter, with arrow keys on the focused select: "Một phần (mức độ 3)" comes after "Toàn trình".
    await page.locator("#filter-level").focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => page.locator("#filter-level").inputValue()).toBe("partial");
    await expect.poll(() => page.locator(".badge-full").count()).toBe(0);
    expect(await page.locator(".badge-partial").count()).toBe(await page.locator(".result").count());
    expect(new URL(page.url()).searchParams.get("level")).toBe("partial");
    // Fields seen in results feed the field filter.
    const fields = await page.locator("#filter-field option").allTextContents();
    expect(fields).toContain("Hộ tịch");
    expect(fields).toContain("Đăng ký doanh nghiệp");

    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
