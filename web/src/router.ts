import { lang } from "./i18n";

/**
 * History routing. Every path outside /v1 is answered with index.html by the local server and by the
 * CloudFront distribution, so real paths work on reload and when shared.
 */

export type RouteName = "search" | "procedure" | "apply" | "track" | "stats" | "notFound";

export interface Route {
  name: RouteName;
  params: Record<string, string>;
  query: URLSearchParams;
  /** True for the first page shown, false after a navigation (focus moves to the new page's heading). */
  initial: boolean;
}

const patterns: Array<[RouteName, RegExp, string[]]> = [
  ["search", /^\/$/, []],
  ["procedure", /^\/procedures\/([^/]+)\/?$/, ["code"]],
  ["apply", /^\/procedures\/([^/]+)\/apply\/?$/, ["code"]],
  ["track", /^\/track\/?$/, []],
  ["track", /^\/track\/([^/]+)\/?$/, ["code"]],
  ["stats", /^\/stats\/?$/, []],
];

let initial = true;

export function parseLocation(loc: Pick<Location, "pathname" | "search"> = location): Route {
  const query = new URLSearchParams(loc.search);
  for (const [name, pattern, keys] of patterns) {
    const match = pattern.exec(loc.pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    keys.forEach((key, i) => {
      try {
        params[key] = decodeURIComponent(match[i + 1]!);
      } catch {
        params[key] = match[i + 1]!;
      }
    });
    return { name, params, query, initial };
  }
  return { name: "notFound", params: {}, query, initial };
}

/** An in-app address: the path, the given query, and `lang=en` when the page is in English. */
export function href(path: string, query: Record<string, string | undefined | null> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  if (lang() !== "vi") search.set("lang", lang());
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}

type Listener = () => void;
const listeners = new Set<Listener>();

export function onNavigate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  for (const listener of listeners) listener();
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  initial = false;
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.scrollTo(0, 0);
  notify();
}

/** Changes the query of the current address without a navigation (search terms, filters). */
export function replaceQuery(query: Record<string, string | undefined | null>): void {
  const next = href(location.pathname, query);
  if (next !== location.pathname + location.search) history.replaceState(history.state, "", next);
}

/** Follows in-app links without reloading; lets the browser handle modified clicks, downloads and other origins. */
export function installRouter(): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.("a");
    if (!anchor || anchor.hasAttribute("download") || (anchor.target && anchor.target !== "_self")) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/v1")) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return; // in-page anchor
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener("popstate", () => {
    initial = false;
    notify();
  });
}
