import { describe, expect, it } from "vitest";
import { submittedDossier } from "../support/portal";
import { e2eSetup, newContext, type Page } from "./support";

/**
 * Cumulative layout shift while the apply and track pages load their data (Lighthouse's target: CLS < 0.1). In a
 * phone-sized Chromium with a 150 ms round trip (Lighthouse's mobile RTT, through the DevTools protocol) so the
 * loading state is painted before the data arrives; the shifts are read with a buffered PerformanceObserver once
 * the page's own content is on screen and the network is quiet.
 */

const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };
const CLS_LIMIT = 0.1;

const e2e = e2eSetup();

interface Shift {
  value: number;
  at: number;
  sources: string[];
}

/** Every layout shift of the page so far (those right after an input excluded, as CLS does). */
function layoutShifts(page: Page): Promise<Shift[]> {
  return page.evaluate(
    () =>
      new Promise<Shift[]>((resolve) => {
        const shifts: Shift[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node?: Node | null }> }>) {
            if (entry.hadRecentInput) continue;
            const sources = (entry.sources ?? []).map((s) => {
              const node = s.node;
              if (!(node instanceof Element)) return node?.nodeName ?? "?";
              return node.tagName.toLowerCase() + (node.id ? `#${node.id}` : "") + (node.className ? `.${String(node.className).split(" ").join(".")}` : "");
            });
            shifts.push({ value: entry.value, at: Math.round(entry.startTime), sources });
          }
        });
        observer.observe({ type: "layout-shift", buffered: true });
        // The buffered entries are delivered in the observer's first callback: two frames later they are in.
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            setTimeout(() => {
              observer.disconnect();
              resolve(shifts);
            }, 50),
          ),
        );
      }),
  );
}

/** Opens `path` on a phone over a 150 ms round trip, waits for `ready` and a quiet network, returns the shifts. */
async function loadAndMeasure(path: string, ready: string, init?: (page: Page) => Promise<void>) {
  const { context, consoleErrors, external } = await newContext(e2e.browser, PHONE);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await init?.(page);
    await page.goto(e2e.portal.url + path);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState("networkidle");
    const shifts = await layoutShifts(page);
    expect(consoleErrors).toEqual([]);
    expect(external).toEqual([]);
    return { cls: shifts.reduce((sum, s) => sum + s.value, 0), shifts };
  } finally {
    await context.close();
  }
}

describe("layout stability while data loads", () => {
  it("apply page: the form replaces the loading state without moving anything on screen", async () => {
    const { cls, shifts } = await loadAndMeasure("/procedures/1.001193/apply", "#fullName");
    expect(cls, `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThan(CLS_LIMIT);
  });

  it("track page: the dossier's status comes in below the form without moving anything on screen", async () => {
    const { code } = await submittedDossier(e2e.portal);
    const { cls, shifts } = await loadAndMeasure(`/track/${code}`, "[data-testid=dossier-status]");
    expect(cls, `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThan(CLS_LIMIT);
  });

  it("track page with a remembered token: the holder's view loads without moving anything on screen", async () => {
    const { code, accessToken } = await submittedDossier(e2e.portal);
    const { cls, shifts } = await loadAndMeasure(`/track/${code}`, "#remember-now", async (page) => {
      // "Remember on this device" as the citizen would have ticked it (web/src/session.ts keeps it in localStorage).
      await page.addInitScript(([key, token]) => window.localStorage.setItem(key!, token!), [`dvc.token.${code}`, accessToken]);
    });
    expect(cls, `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThan(CLS_LIMIT);
  });
});
