import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { PageProps } from "../app";
import { agencyName, loadAgencies } from "../catalogue";
import { announce, ErrorNotice, PageHeading, SelectField, useAsync } from "../components/ui";
import { money } from "../format";
import { t, tn } from "../i18n";
import { levelFull } from "../labels";
import { href, replaceQuery } from "../router";
import type { Agency, Level, Page, ProcedureSummary } from "../types";

const DEBOUNCE_MS = 300;
const PAGE_SIZE = 20;
const LEVELS: Level[] = ["full", "partial", "info"];

interface Filters {
  q: string;
  agency: string;
  level: string;
  field: string;
}

function searchPath(filters: Filters, cursor?: string) {
  const query = new URLSearchParams();
  if (filters.q.trim()) query.set("q", filters.q.trim());
  if (filters.agency) query.set("agency", filters.agency);
  if (filters.level) query.set("level", filters.level);
  if (filters.field) query.set("field", filters.field);
  query.set("limit", String(PAGE_SIZE));
  if (cursor) query.set("cursor", cursor);
  return `/v1/procedures?${query}`;
}

/** Search as you type: the API's `q` matches words of names without regard to case or diacritics. */
export function SearchPage({ route }: PageProps) {
  const [filters, setFilters] = useState<Filters>(() => ({
    q: route.query.get("q") ?? "",
    agency: route.query.get("agency") ?? "",
    level: route.query.get("level") ?? "",
    field: route.query.get("field") ?? "",
  }));
  /** What is actually searched: the filters after the typing pause. */
  const [active, setActive] = useState(filters);
  const [items, setItems] = useState<ProcedureSummary[]>([]);
  const [total, setTotal] = useState<number | undefined>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  /** Fields seen in results, so the field filter offers them even once one is chosen. */
  const [fields, setFields] = useState<string[]>(() => (filters.field ? [filters.field] : []));
  const firstNew = useRef<number | null>(null);
  const agencies = useAsync<Agency[]>(() => loadAgencies(), []);

  // Typing waits for a pause; choosing a filter searches at once.
  useEffect(() => {
    if (filters.q === active.q) {
      setActive(filters);
      return;
    }
    const timer = window.setTimeout(() => setActive(filters), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [filters]);

  useEffect(() => {
    replaceQuery({ q: active.q.trim(), agency: active.agency, level: active.level, field: active.field });
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api<Page<ProcedureSummary>>(searchPath(active), { signal: controller.signal }).then(
      (page) => {
        if (controller.signal.aborted) return;
        setItems(page.items);
        setTotal(page.total);
        setNextCursor(page.nextCursor);
        setLoading(false);
        setFields((known) => mergeFields(known, page.items));
        announce(tn("search.count", page.total ?? page.items.length));
      },
      (err) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [active, attempt]);

  useEffect(() => {
    if (firstNew.current === null) return;
    document.getElementById(`result-${firstNew.current}`)?.focus();
    firstNew.current = null;
  }, [items]);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api<Page<ProcedureSummary>>(searchPath(active, nextCursor));
      firstNew.current = items.length;
      setItems([...items, ...page.items]);
      setNextCursor(page.nextCursor);
      setFields((known) => mergeFields(known, page.items));
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  const set = (key: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));
  const agencyOptions = useMemo(
    () => [
      { value: "", label: t("search.any_agency") },
      ...(agencies.data ?? [])
        .map((a) => ({ value: a.code, label: agencyName(a.code, agencies.data) }))
        .sort((a, b) => a.label.localeCompare(b.label, "vi")),
    ],
    [agencies.data, t("search.any_agency")],
  );

  return (
    <>
      <PageHeading title={t("search.title")} focus={!route.initial} />
      <p class="lead">{t("search.lead")}</p>
      <form
        class="search-form"
        role="search"
        aria-label={t("search.form_label")}
        onSubmit={(e) => {
          e.preventDefault();
          setActive(filters);
        }}
      >
        <div class="field search-field">
          <label for="q">{t("search.label")}</label>
          <p class="hint" id="q-hint">
            {t("search.hint")}
          </p>
          <div class="search-row">
            <input
              id="q"
              name="q"
              type="search"
              class="input"
              value={filters.q}
              autoComplete="off"
              spellcheck={false}
              aria-describedby="q-hint"
              aria-controls="results"
              onInput={(e) => set("q")(e.currentTarget.value)}
            />
            <button type="submit" class="button">
              {t("search.submit")}
            </button>
          </div>
        </div>
        <div class="filters">
          <SelectField id="filter-agency" label={t("search.agency")} value={filters.agency} onValue={set("agency")} options={agencyOptions} />
          <SelectField
            id="filter-level"
            label={t("search.level")}
            value={filters.level}
            onValue={set("level")}
            options={[{ value: "", label: t("search.any_level") }, ...LEVELS.map((l) => ({ value: l, label: levelFull(l) }))]}
          />
          <SelectField
            id="filter-field"
            label={t("search.field")}
            value={filters.field}
            onValue={set("field")}
            options={[{ value: "", label: t("search.any_field") }, ...fields.map((f) => ({ value: f, label: f }))]}
          />
        </div>
      </form>

      <section id="results" aria-labelledby="results-title" aria-busy={loading ? "true" : "false"}>
        <h2 id="results-title">{t("search.results")}</h2>
        {error ? <ErrorNotice error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
        <p class="result-count">
          {loading ? t("common.loading") : tn("search.count", total ?? items.length)}
        </p>
        {!loading && !error && items.length === 0 ? <p>{t("search.none")}</p> : null}
        <ol class="results">
          {items.map((p, i) => (
            <li class="result" key={p.code}>
              <h3 class="result-title">
                <a id={`result-${i}`} href={href(`/procedures/${encodeURIComponent(p.code)}`)}>
                  {p.name}
                </a>
              </h3>
              <dl class="result-meta">
                <div>
                  <dt>{t("procedure.code")}</dt>
                  <dd>{p.code}</dd>
                </div>
                <div>
                  <dt>{t("procedure.agency")}</dt>
                  <dd>{agencyName(p.agencyCode, agencies.data)}</dd>
                </div>
                <div>
                  <dt>{t("procedure.field")}</dt>
                  <dd>{p.field}</dd>
                </div>
                <div>
                  <dt>{t("procedure.level")}</dt>
                  <dd>
                    <span class={`badge badge-${p.level}`}>{levelFull(p.level)}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t("procedure.fee")}</dt>
                  <dd>{p.fee.amount === 0 ? t("procedure.free") : money(p.fee.amount)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
        {nextCursor ? (
          <button type="button" class="button button-secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t("common.loading") : t("search.more")}
          </button>
        ) : null}
      </section>
    </>
  );
}

function mergeFields(known: string[], items: ProcedureSummary[]): string[] {
  const all = new Set(known);
  for (const item of items) all.add(item.field);
  return [...all].sort((a, b) => a.localeCompare(b, "vi"));
}
