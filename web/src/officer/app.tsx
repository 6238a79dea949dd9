import { useEffect, useState } from "preact/hooks";
import { getInbox, getMe, takeExpiredFlag, TABS, type InboxItem, type Me, type Tab } from "./api";
import { accessToken, completeSignIn, signIn, signOut } from "./auth";
import { applyLanguage, lang, t, type OfficerKey } from "./i18n";
import { DossierPage, SlipPage } from "./dossier";
import { CounterPage } from "./counter";
import { BookPage } from "./book";
import { OfficersPage } from "./officers";
import { dateTime, errorMessage, Heading, Link, navigate, Notice, statusLabel, timeLeft, useLoad } from "./ui";

type Route =
  | { name: "inbox"; tab: Tab; q: string }
  | { name: "dossier"; code: string }
  | { name: "slip"; code: string; slip: string }
  | { name: "counter" }
  | { name: "book" }
  | { name: "officers" }
  | { name: "callback" }
  | { name: "notFound" };

function parse(): Route {
  const p = location.pathname.replace(/\/+$/, "") || "/officer";
  const q = new URLSearchParams(location.search);
  if (p === "/officer") {
    const tab = q.get("tab") as Tab;
    return { name: "inbox", tab: TABS.includes(tab) ? tab : "new", q: q.get("q") ?? "" };
  }
  if (p === "/officer/callback") return { name: "callback" };
  if (p === "/officer/counter") return { name: "counter" };
  if (p === "/officer/tracking-book") return { name: "book" };
  if (p === "/officer/officers") return { name: "officers" };
  let m = /^\/officer\/dossiers\/([^/]+)\/slips\/([a-z]+)$/.exec(p);
  if (m) return { name: "slip", code: decodeURIComponent(m[1]!), slip: m[2]! };
  m = /^\/officer\/dossiers\/([^/]+)$/.exec(p);
  if (m) return { name: "dossier", code: decodeURIComponent(m[1]!) };
  return { name: "notFound" };
}

/** A back-office URL keeping the language. */
export function ohref(path: string, query: Record<string, string | undefined> = {}): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) s.set(k, v);
  if (lang() === "en") s.set("lang", "en");
  const qs = s.toString();
  return path + (qs ? `?${qs}` : "");
}

export function App() {
  const [route, setRoute] = useState<Route>(parse);
  const [, setV] = useState(0);
  const [me, setMe] = useState<Me>();
  const [signInError, setSignInError] = useState<string>();
  const [expired] = useState(takeExpiredFlag);
  const signedIn = Boolean(accessToken());

  useEffect(() => {
    const on = () => setRoute(parse());
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  useEffect(() => {
    if (route.name !== "callback") return;
    completeSignIn().then(
      async (to) => {
        // The callback's own address carries no language: the page the officer left (`?lang=en`) does.
        const back = new URL(to, location.origin).searchParams.get("lang");
        if ((back === "en" || back === "vi") && back !== lang()) {
          await applyLanguage(back);
          document.title = `${t("o.app")} — dichvucong`;
        }
        navigate(to, true);
      },
      (err) => setSignInError(errorMessage(err)),
    );
  }, [route.name]);
  useEffect(() => {
    if (signedIn && !me && route.name !== "callback") getMe().then(setMe, (err) => setSignInError(errorMessage(err)));
  }, [signedIn, route.name]);

  const other = lang() === "vi" ? "en" : "vi";
  const switchLanguage = async (e: Event) => {
    e.preventDefault();
    await applyLanguage(other, true);
    const url = new URL(location.href);
    if (other === "vi") url.searchParams.delete("lang");
    else url.searchParams.set("lang", "en");
    history.replaceState(null, "", url.pathname + url.search);
    document.title = `${t("o.app")} — dichvucong`;
    setV((n) => n + 1);
  };
  const switchHref = (() => {
    const url = new URL(location.href);
    if (other === "vi") url.searchParams.delete("lang");
    else url.searchParams.set("lang", "en");
    return url.pathname + url.search;
  })();

  let body;
  if (route.name === "callback") body = signInError ? <SignIn error={signInError} /> : <p class="loading">{t("o.callback")}</p>;
  else if (!signedIn) body = <SignIn expired={expired} />;
  else if (!me) body = signInError ? <Notice kind="error" role="alert">{signInError}</Notice> : <p class="loading">{t("o.loading")}</p>;
  else if (route.name === "inbox") body = <InboxPage key={route.tab + route.q} tab={route.tab} q={route.q} />;
  else if (route.name === "dossier") body = <DossierPage key={route.code} code={route.code} me={me} />;
  else if (route.name === "slip") body = <SlipPage code={route.code} slip={route.slip} />;
  else if (route.name === "counter") body = <CounterPage me={me} />;
  else if (route.name === "book") body = <BookPage />;
  else if (route.name === "officers") body = <OfficersPage me={me} />;
  else body = <Heading>{t("o.notfound")}</Heading>;

  const nav: Array<[string, OfficerKey, Route["name"][]]> = [
    ["/officer/", "o.nav.inbox", ["inbox", "dossier", "slip"]],
    ["/officer/counter", "o.nav.counter", ["counter"]],
    ["/officer/tracking-book", "o.nav.book", ["book"]],
    // Only who may manage officers (an agency's admin, the operator) sees their page.
    ...(me?.permissions?.includes("manage_officers") ? [["/officer/officers", "o.nav.officers", ["officers"]] as [string, OfficerKey, Route["name"][]]] : []),
  ];
  return (
    <>
      <a class="skip-link" href="#main">
        {t("o.skip")}
      </a>
      <header class="site-header">
        <div class="container header-inner">
          <Link class="brand" href={ohref("/officer/")}>
            <span>{t("o.app")}</span>
          </Link>
          {me && (
            <p class="officer-me" id="officer-me">
              <span>{t("o.me", { name: me.name, agency: me.agencyName ?? me.agencyCode })}</span>{" "}
              <span>{t("o.roles", { roles: me.roles.map((r) => t(`o.role.${r}` as OfficerKey)).join(", ") })}</span>
            </p>
          )}
          <a class="lang-switch" href={switchHref} lang={other} hreflang={other} onClick={switchLanguage}>
            {t("o.other_language")}
          </a>
          {signedIn && (
            <button type="button" class="button button-secondary" onClick={() => void signOut()}>
              {t("o.signout")}
            </button>
          )}
        </div>
        {me && (
          <nav class="site-nav" aria-label={t("o.nav")}>
            <ul class="container">
              {nav.map(([p, label, names]) => (
                <li key={p}>
                  <Link href={ohref(p)} aria-current={names.includes(route.name) ? "page" : undefined}>
                    {t(label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" class="container" tabIndex={-1}>
        {body}
      </main>
    </>
  );
}

function SignIn(props: { error?: string; expired?: boolean }) {
  return (
    <>
      <Heading>{t("o.signin.title")}</Heading>
      {props.expired && (
        <Notice kind="warning" role="status">
          {t("o.signin.expired")}
        </Notice>
      )}
      {props.error && (
        <Notice kind="error" role="alert">
          {t("o.signin.failed", { reason: props.error })}
        </Notice>
      )}
      <p>{t("o.signin.lead")}</p>
      <button type="button" class="button" onClick={() => void signIn()}>
        {t("o.signin.button")}
      </button>
    </>
  );
}

export const applicantOf = (item: InboxItem) => item.applicantName ?? item.applicant?.fullName ?? "—";

function InboxPage(props: { tab: Tab; q: string }) {
  const [q, setQ] = useState(props.q);
  const [extra, setExtra] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const inbox = useLoad(() => getInbox(props.tab, props.q), [props.tab, props.q]);
  useEffect(() => {
    setCursor(inbox.data?.nextCursor ?? null);
    setExtra([]); // another tab or search: the pages read further belong to the last one
  }, [inbox.data]);
  // The server's order: by due time (finished ones newest first); further pages follow on.
  const items = [...(inbox.data?.items ?? []), ...extra];
  const more = async () => {
    const page = await getInbox(props.tab, props.q, cursor);
    setExtra((x) => [...x, ...page.items]);
    setCursor(page.nextCursor);
  };
  return (
    <>
      <Heading>{t("o.inbox.title")}</Heading>
      <form
        class="search-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(ohref("/officer/", { tab: props.tab, q: q.trim() || undefined }));
        }}
      >
        <label for="inbox-q">{t("o.search.label")}</label>
        <input id="inbox-q" class="input" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" class="button">
          {t("o.search.button")}
        </button>
      </form>
      <nav aria-label={t("o.inbox.tabs")}>
        <ul class="officer-tabs">
          {TABS.map((tab) => (
            <li key={tab}>
              <Link href={ohref("/officer/", { tab, q: props.q || undefined })} aria-current={tab === props.tab ? "page" : undefined}>
                {t(`o.tab.${tab}` as OfficerKey)}
                {inbox.data?.counts?.[tab] !== undefined && (
                  <span class="officer-count">
                    {" "}
                    ({inbox.data.counts[tab]}
                    {inbox.data.capped?.includes(tab) ? "+" : ""})
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{t(`o.tab.${props.tab}` as OfficerKey)}</h2>
      {inbox.loading && <p class="loading">{t("o.loading")}</p>}
      {inbox.error !== undefined && (
        <Notice kind="error" role="alert">
          {errorMessage(inbox.error)}{" "}
          <button type="button" class="button-link" onClick={inbox.reload}>
            {t("o.retry")}
          </button>
        </Notice>
      )}
      {inbox.data && items.length === 0 && <p>{t("o.inbox.empty")}</p>}
      {items.length > 0 && <DossierTable items={items} caption={t(`o.tab.${props.tab}` as OfficerKey)} />}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void more()}>
          {t("o.inbox.more")}
        </button>
      )}
    </>
  );
}

function DossierTable(props: { items: InboxItem[]; caption: string }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
      <table class="table officer-inbox">
        <thead>
          <tr>
            <th scope="col">{t("o.col.code")}</th>
            <th scope="col">{t("o.col.applicant")}</th>
            <th scope="col">{t("o.col.procedure")}</th>
            <th scope="col">{t("o.col.status")}</th>
            <th scope="col">{t("o.col.due")}</th>
            <th scope="col">{t("o.col.left")}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr key={item.code} data-code={item.code}>
              <td>
                <Link href={ohref(`/officer/dossiers/${encodeURIComponent(item.code)}`)}>{item.code}</Link>
              </td>
              <td>{applicantOf(item)}</td>
              <td>{item.procedureName ?? item.procedureCode ?? "—"}</td>
              <td>{statusLabel(item.status)}</td>
              <td>{dateTime(item.dueAt)}</td>
              <td>{item.resolvedAt ? "—" : timeLeft(item.dueAt, item.workingMinutesLeft)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
