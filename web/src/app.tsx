import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Loading } from "./components/ui";
import { applyLanguage, lang, t } from "./i18n";
import { href, onNavigate, parseLocation, type Route, type RouteName } from "./router";
import { NotFoundPage } from "./pages/not-found";
import { ProcedurePage } from "./pages/procedure";
import { SearchPage } from "./pages/search";

export interface PageProps {
  route: Route;
}

type LazyName = "apply" | "track" | "stats";
const loaders: Record<LazyName, () => Promise<ComponentType<PageProps>>> = {
  apply: () => import("./pages/apply").then((m) => m.ApplyPage),
  track: () => import("./pages/track").then((m) => m.TrackPage),
  stats: () => import("./pages/stats").then((m) => m.StatsPage),
};
const loading = new Map<LazyName, Promise<ComponentType<PageProps>>>();

function loadPage(name: LazyName): Promise<ComponentType<PageProps>> {
  let promise = loading.get(name);
  if (!promise) {
    promise = loaders[name]();
    promise.catch(() => loading.delete(name));
    loading.set(name, promise);
  }
  return promise;
}

/** Starts fetching the code of the page being opened, alongside the language, before the first render. */
export function preloadPage(name: RouteName): void {
  if (name in loaders) void loadPage(name as LazyName).catch(() => {});
}

/** Pages other than search and detail load on demand, so the search page stays small on a slow phone. */
function lazy(name: LazyName): ComponentType<PageProps> {
  let loaded: ComponentType<PageProps> | undefined;
  return function LazyPage(props: PageProps) {
    const [Page, setPage] = useState<ComponentType<PageProps> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      loadPage(name).then(
        (component) => {
          loaded = component;
          setPage(() => component);
        },
        () => setFailed(true),
      );
    }, []);
    if (failed) return <p role="alert">{t("error.chunk")}</p>;
    return Page ? <Page {...props} /> : <Loading />;
  };
}

const pages: Record<RouteName, ComponentType<PageProps>> = {
  search: SearchPage,
  procedure: ProcedurePage,
  apply: lazy("apply"),
  track: lazy("track"),
  stats: lazy("stats"),
  notFound: NotFoundPage,
};

const NAV: Array<{ path: string; label: "nav.search" | "nav.track" | "nav.stats"; routes: RouteName[] }> = [
  { path: "/", label: "nav.search", routes: ["search", "procedure", "apply"] },
  { path: "/track", label: "nav.track", routes: ["track"] },
  { path: "/stats", label: "nav.stats", routes: ["stats"] },
];

export function App() {
  const [route, setRoute] = useState<Route>(() => parseLocation());
  const [, setLanguageVersion] = useState(0);
  useEffect(() => onNavigate(() => setRoute(parseLocation())), []);

  const other = lang() === "vi" ? "en" : "vi";
  const switchLanguage = async (event: Event) => {
    event.preventDefault();
    await applyLanguage(other, true);
    const url = new URL(location.href);
    if (other === "vi") url.searchParams.delete("lang");
    else url.searchParams.set("lang", other);
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    setLanguageVersion((n) => n + 1);
    setRoute(parseLocation());
  };
  const switchHref = (() => {
    const query = new URLSearchParams(location.search);
    if (other === "vi") query.delete("lang");
    else query.set("lang", other);
    const s = query.toString();
    return location.pathname + (s ? `?${s}` : "");
  })();

  const Page = pages[route.name];
  // A page keyed by its path remounts on navigation; a language switch keeps its state (a half-filled form).
  const pageKey = route.name + JSON.stringify(route.params);
  return (
    <>
      <a class="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header class="site-header">
        <div class="container header-inner">
          <a class="brand" href={href("/")}>
            <svg class="brand-mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
              <circle cx="16" cy="16" r="15" fill="#c8102e" stroke="#fff" stroke-width="2" />
              <path d="M16 6l2.6 7.4H26l-6 4.5 2.3 7.3L16 20.7l-6.3 4.5 2.3-7.3-6-4.5h7.4z" fill="#ffcd00" />
            </svg>
            <span>{t("app.name")}</span>
          </a>
          <a class="lang-switch" href={switchHref} lang={other} hreflang={other} onClick={switchLanguage}>
            {t("nav.other_language")}
          </a>
        </div>
        <nav class="site-nav" aria-label={t("nav.label")}>
          <ul class="container">
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} aria-current={item.routes.includes(route.name) ? "page" : undefined}>
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" class="container" tabIndex={-1}>
        <Page key={pageKey} route={route} />
        <div id="announcer" class="visually-hidden" role="status" aria-live="polite" />
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>{t("footer.about")}</p>
          <p>{t("footer.privacy")}</p>
        </div>
      </footer>
    </>
  );
}
