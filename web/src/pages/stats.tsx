import { useMemo, useState } from "preact/hooks";
import { api, API_BASE, ApiError } from "../api";
import type { PageProps } from "../app";
import { agencyName, loadAgencies } from "../catalogue";
import { BarPairChart, RateLineChart, ShareBar } from "../components/charts";
import { ErrorNotice, Loading, Notice, PageHeading, SelectField, TextField, useAsync } from "../components/ui";
import { addDays, day, decimal, integer, percent, vietnamToday } from "../format";
import { locale, t, type MessageKey } from "../i18n";
import { tierLabel } from "../labels";
import { replaceQuery } from "../router";
import type { Agency, StatsRow, StatsSummary, Tier } from "../types";

const TIERS: Tier[] = ["central", "province", "department", "commune", "district"];
const YMD = /^\d{4}-\d{2}-\d{2}$/;

interface Query {
  from: string;
  to: string;
  agency: string;
  tier: string;
}

/** The counts this page sums: the API row's own fields (web/src/types.ts), not a second copy of their names. */
const COUNT_KEYS = [
  "received",
  "receivedOnline",
  "resolved",
  "resolvedEarly",
  "resolvedOnTime",
  "resolvedLate",
  "withdrawn",
  "stopped",
] as const satisfies readonly (keyof StatsRow)[];
type Counts = Pick<StatsRow, (typeof COUNT_KEYS)[number]>;

const zero = (): Counts => Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as Counts;

function add(into: Counts, row: Partial<Counts>) {
  for (const key of COUNT_KEYS) into[key] += Number(row[key] ?? 0) || 0;
}

/** The formulas (docs/domain.md "Indicators"), stated on the page too. Null when the denominator is 0. */
export const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);
export const onTimeRate = (c: Counts) => ratio(c.resolvedEarly + c.resolvedOnTime, c.resolved);
export const earlyShare = (c: Counts) => ratio(c.resolvedEarly, c.resolved);
export const onlineUptake = (c: Counts) => ratio(c.receivedOnline, c.received);

/** What the summary adds (docs/api.md "Statistics"): the period-end snapshot, Decision 766, rows per agency and tier. */
type Summary = StatsSummary;
type Snapshot = Summary["snapshot"];
type Decision766 = Summary["decision766"];
type PeriodRow = Summary["byAgency"][number] | Summary["byTier"][number] | Summary["monthly"][number];

/** Daily rows are served for a year at most; a longer period is shown month by month from the summary. */
const MAX_DAILY_DAYS = 366;
const spanDays = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

type Loaded = { state: "none" } | { state: "data"; summary: Summary | null; rows: StatsRow[] };

async function loadStats(query: Query, signal: AbortSignal): Promise<Loaded> {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.agency) params.set("agency", query.agency);
  if (query.tier) params.set("tier", query.tier);
  const optional = async <T,>(request: Promise<T>): Promise<T | null> => {
    try {
      return await request;
    } catch (err) {
      // Not deployed yet, or nothing computed for this selection: the page says "no data yet".
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  };
  const long = spanDays(query.from, query.to) > MAX_DAILY_DAYS;
  const [summary, rows] = await Promise.all([
    optional(api<Summary>(`/v1/stats/summary?${params}`, { signal })),
    long ? Promise.resolve([] as StatsRow[]) : optional(loadDaily(params, signal)),
  ]);
  if (!summary && (!rows || rows.length === 0)) return { state: "none" };
  return { state: "data", summary, rows: rows ?? [] };
}

async function loadDaily(params: URLSearchParams, signal: AbortSignal): Promise<StatsRow[]> {
  const rows: StatsRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const query = new URLSearchParams(params);
    if (cursor) query.set("cursor", cursor);
    const body: unknown = await api<unknown>(`/v1/stats/daily?${query}`, { signal });
    if (Array.isArray(body)) return body as StatsRow[];
    const pageBody = (body ?? {}) as { items?: StatsRow[]; nextCursor?: string | null };
    rows.push(...(pageBody.items ?? []));
    cursor = pageBody.nextCursor ?? null;
    if (!cursor) break;
  }
  return rows;
}

function defaultQuery(search: URLSearchParams): Query {
  // The daily job computes finished days: the default period ends yesterday, as the API's does.
  const yesterday = addDays(vietnamToday(), -1);
  const to = YMD.test(search.get("to") ?? "") ? search.get("to")! : yesterday;
  const from = YMD.test(search.get("from") ?? "") ? search.get("from")! : addDays(to, -29);
  return { from, to, agency: search.get("agency") ?? "", tier: search.get("tier") ?? "" };
}

export function StatsPage({ route }: PageProps) {
  const [draft, setDraft] = useState<Query>(() => defaultQuery(route.query));
  const [query, setQuery] = useState<Query>(draft);
  const [dateError, setDateError] = useState<string>();
  const agencies = useAsync<Agency[]>(() => loadAgencies().catch(() => []), []);
  const stats = useAsync<Loaded>((signal) => loadStats(query, signal), [query.from, query.to, query.agency, query.tier]);

  const apply = (event: Event) => {
    event.preventDefault();
    if (!YMD.test(draft.from) || !YMD.test(draft.to) || draft.from > draft.to) {
      setDateError(t("stats.date_error"));
      document.getElementById("stats-from")?.focus();
      return;
    }
    setDateError(undefined);
    replaceQuery({ ...draft });
    setQuery(draft);
  };

  return (
    <>
      <PageHeading title={t("stats.title")} focus={!route.initial} />
      <p class="lead">{t("stats.lead")}</p>
      <form class="stats-filters" noValidate onSubmit={apply} aria-label={t("stats.filters")}>
        <TextField
          id="stats-from"
          label={t("stats.from")}
          type="date"
          value={draft.from}
          onValue={(from) => setDraft((d) => ({ ...d, from }))}
          error={dateError}
          width="medium"
        />
        <TextField id="stats-to" label={t("stats.to")} type="date" value={draft.to} onValue={(to) => setDraft((d) => ({ ...d, to }))} width="medium" />
        <SelectField
          id="stats-agency"
          label={t("stats.agency")}
          value={draft.agency}
          onValue={(agency) => setDraft((d) => ({ ...d, agency }))}
          options={[
            { value: "", label: t("stats.all_agencies") },
            ...(agencies.data ?? []).map((a) => ({ value: a.code, label: agencyName(a.code, agencies.data) })),
          ]}
        />
        <SelectField
          id="stats-tier"
          label={t("stats.tier")}
          value={draft.tier}
          onValue={(tier) => setDraft((d) => ({ ...d, tier }))}
          options={[{ value: "", label: t("stats.all_tiers") }, ...TIERS.map((tier) => ({ value: tier, label: tierLabel(tier) }))]}
        />
        <button type="submit" class="button">
          {t("stats.show")}
        </button>
      </form>

      {stats.loading && !stats.data ? <Loading /> : null}
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      {stats.data?.state === "none" ? (
        <Notice kind="info" title={t("stats.none_title")} id="stats-none">
          <p>{t("stats.none", { from: day(query.from), to: day(query.to) })}</p>
        </Notice>
      ) : null}
      {stats.data?.state === "data" ? <StatsView summary={stats.data.summary} rows={stats.data.rows} agencies={agencies.data ?? []} query={query} /> : null}
      <Formulas />
    </>
  );
}

/** `YYYY-MM` as a month label: 11/2026. */
const monthLabel = (ym: string) =>
  new Intl.DateTimeFormat(locale(), { month: "2-digit", year: "numeric", timeZone: "UTC" }).format(new Date(`${ym}-15T00:00:00Z`));

function StatsView({ summary, rows, agencies, query }: { summary: Summary | null; rows: StatsRow[]; agencies: Agency[]; query: Query }) {
  const { total, days, byAgency, byTier } = useMemo(() => {
    const total = zero();
    const days = new Map<string, Counts>();
    const byAgency = new Map<string, Counts>();
    const byTier = new Map<string, Counts>();
    for (const row of rows) {
      add(total, row);
      const dayCounts = days.get(row.date) ?? zero();
      add(dayCounts, row);
      days.set(row.date, dayCounts);
      if (row.agencyCode) {
        const agencyCounts = byAgency.get(row.agencyCode) ?? zero();
        add(agencyCounts, row);
        byAgency.set(row.agencyCode, agencyCounts);
      }
      const tier = row.tier ?? agencies.find((a) => a.code === row.agencyCode)?.tier ?? "";
      const tierCounts = byTier.get(tier) ?? zero();
      add(tierCounts, row);
      byTier.set(tier, tierCounts);
    }
    return { total, days, byAgency, byTier };
  }, [rows, agencies]);

  // Counts from the summary when there is one (it is the API's own sum), else summed here from the daily rows.
  const counts: Counts = summary && summary.received !== undefined ? { ...zero(), ...pick(summary) } : total;
  // Over a year, the series is the summary's months (daily rows are not served); otherwise days.
  const monthly = rows.length === 0 && (summary?.monthly?.length ?? 0) > 0;
  const dayList: [string, Counts][] = monthly
    ? summary!.monthly!.map((m) => [m.date, { ...zero(), ...pick(m as unknown as Summary) }])
    : [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
  const label = (d: string, short = false) => (monthly ? monthLabel(d) : day(d, short));
  const procedures = summary?.procedures ?? null;
  const fullOnline = summary?.proceduresFullOnline ?? null;
  const fullOnlineRate = procedures !== null && fullOnline !== null ? ratio(fullOnline, procedures) : (summary?.fullOnlineRate ?? null);

  const indicators: Array<{ label: MessageKey; value: string; formula?: MessageKey }> = [
    { label: "stats.received", value: integer(counts.received) },
    { label: "stats.received_online", value: integer(counts.receivedOnline) },
    ...(summary?.receivedCounter !== undefined
      ? [
          { label: "stats.received_counter" as const, value: integer(summary.receivedCounter) },
          { label: "stats.received_post" as const, value: integer(summary.receivedPost ?? 0) },
        ]
      : []),
    { label: "stats.resolved", value: integer(counts.resolved), formula: "stats.formula_resolved" },
    { label: "stats.early", value: integer(counts.resolvedEarly) },
    { label: "stats.on_time", value: integer(counts.resolvedOnTime) },
    { label: "stats.late", value: integer(counts.resolvedLate) },
    { label: "stats.withdrawn", value: integer(counts.withdrawn) },
    { label: "stats.stopped", value: integer(counts.stopped) },
    { label: "stats.on_time_rate", value: percent(onTimeRate(counts)), formula: "stats.formula_on_time" },
    ...(summary?.progressRate !== undefined
      ? [{ label: "stats.progress_rate" as const, value: percent(summary.progressRate), formula: "stats.formula_progress" as const }]
      : []),
    { label: "stats.early_share", value: percent(earlyShare(counts)), formula: "stats.formula_early" },
    { label: "stats.online_uptake", value: percent(onlineUptake(counts)), formula: "stats.formula_uptake" },
  ];
  if (procedures !== null) {
    indicators.push({ label: "stats.procedures", value: integer(procedures) });
    indicators.push({ label: "stats.procedures_full_online", value: integer(fullOnline ?? 0) });
    indicators.push({ label: "stats.full_online_rate", value: percent(fullOnlineRate), formula: "stats.formula_full_online" });
  }
  if (summary?.proceduresWithOnlineDossiers !== undefined) {
    const online = summary.proceduresOnline;
    indicators.push({
      label: "stats.services_with_dossiers",
      value:
        online !== undefined
          ? t("stats.part_of", { part: integer(summary.proceduresWithOnlineDossiers), whole: integer(online), rate: percent(ratio(summary.proceduresWithOnlineDossiers, online)) })
          : integer(summary.proceduresWithOnlineDossiers),
      formula: "stats.formula_services_with_dossiers",
    });
  }
  if (summary && "averageRating" in summary) {
    indicators.push({
      label: "stats.average_rating",
      value: summary.averageRating === null || summary.averageRating === undefined ? t("common.none") : `${decimal(summary.averageRating)}/5`,
      formula: "stats.formula_rating",
    });
  }

  const range = t("stats.range", { from: day(query.from), to: day(query.to) });
  /** Nothing received or decided in the period (or nothing computed yet): said plainly, not as a wall of zeros. */
  const quiet = rows.length === 0 && COUNT_KEYS.every((key) => counts[key] === 0);
  const cards: Array<{ label: MessageKey; value: string }> = [
    ...(quiet
      ? []
      : [
          { label: "stats.received" as const, value: integer(counts.received) },
          { label: "stats.resolved" as const, value: integer(counts.resolved) },
          { label: "stats.on_time_rate" as const, value: percent(onTimeRate(counts)) },
          { label: "stats.online_uptake" as const, value: percent(onlineUptake(counts)) },
        ]),
    ...(procedures !== null ? [{ label: "stats.full_online_rate" as const, value: percent(fullOnlineRate) }] : []),
  ];
  const CATALOGUE: MessageKey[] = ["stats.procedures", "stats.procedures_full_online", "stats.full_online_rate", "stats.services_with_dossiers"];
  const shownIndicators = quiet ? indicators.filter((i) => CATALOGUE.includes(i.label)) : indicators;
  const csv = new URLSearchParams({ from: query.from, to: query.to, format: "csv" });
  if (query.agency) csv.set("agency", query.agency);
  if (query.tier) csv.set("tier", query.tier);
  const xlsx = new URLSearchParams(csv);
  xlsx.delete("format");
  const summaryRow = (r: PeriodRow): Counts => ({ ...zero(), ...pick(r as unknown as Summary) });
  return (
    <>
      <section aria-labelledby="indicators-title">
        <h2 id="indicators-title">{t("stats.indicators")}</h2>
        <p class="hint">{range}</p>
        {quiet ? (
          <Notice kind="info" title={t("stats.none_title")} id="stats-none">
            <p>{t("stats.none", { from: day(query.from), to: day(query.to) })}</p>
          </Notice>
        ) : null}
        <div class="cards">
          {cards.map((card) => (
            <div class="card" key={card.label}>
              <p class="card-value">{card.value}</p>
              <p class="card-label">{t(card.label)}</p>
            </div>
          ))}
        </div>
        {shownIndicators.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="indicators-caption">
          <table class="table" id="indicators-table">
            <caption id="indicators-caption">{t("stats.indicators_caption", { range })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("stats.indicator")}</th>
                <th scope="col" class="num">
                  {t("stats.value")}
                </th>
                <th scope="col">{t("stats.formula")}</th>
              </tr>
            </thead>
            <tbody>
              {shownIndicators.map((i) => (
                <tr key={i.label}>
                  <th scope="row">{t(i.label)}</th>
                  <td class="num">{i.value}</td>
                  <td>{i.formula ? t(i.formula) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        ) : null}
      </section>

      {summary?.snapshot ? <SnapshotSection summary={summary} snapshot={summary.snapshot} /> : null}
      {summary?.decision766 ? <Decision766Section decision={summary.decision766} range={range} /> : null}

      {quiet ? null : (
      <section aria-labelledby="daily-title">
        <h2 id="daily-title">{t(monthly ? "stats.monthly" : "stats.daily")}</h2>
        <ul>
          {rows.length ? (
            <li>
              <a href={`${API_BASE}/v1/stats/daily?${csv}`} download>
                {t("stats.csv")}
              </a>
            </li>
          ) : null}
          <li>
            <a href={`${API_BASE}/v1/stats/report.xlsx?${xlsx}`} download>
              {t("stats.xlsx")}
            </a>
          </li>
        </ul>
        {dayList.length === 0 ? (
          <p>{t("stats.no_daily")}</p>
        ) : (
          <>
            <BarPairChart
              id="chart-flow"
              title={t(monthly ? "stats.chart_flow_monthly" : "stats.chart_flow")}
              description={t("stats.chart_flow_desc", { range })}
              labels={dayList.map(([d]) => label(d, true))}
              a={{ name: t("stats.received"), values: dayList.map(([, c]) => c.received) }}
              b={{ name: t("stats.resolved"), values: dayList.map(([, c]) => c.resolved) }}
            />
            <RateLineChart
              id="chart-rate"
              title={t(monthly ? "stats.chart_rate_monthly" : "stats.chart_rate")}
              description={t("stats.chart_rate_desc", { range })}
              labels={dayList.map(([d]) => label(d, true))}
              values={dayList.map(([, c]) => onTimeRate(c))}
            />
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="daily-caption">
              <table class="table" id={monthly ? "monthly-table" : "daily-table"}>
                <caption id="daily-caption">{t(monthly ? "stats.monthly_caption" : "stats.daily_caption", { range })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(monthly ? "stats.month" : "stats.date")}</th>
                    <th scope="col" class="num">{t("stats.received")}</th>
                    <th scope="col" class="num">{t("stats.received_online")}</th>
                    <th scope="col" class="num">{t("stats.resolved")}</th>
                    <th scope="col" class="num">{t("stats.early")}</th>
                    <th scope="col" class="num">{t("stats.on_time")}</th>
                    <th scope="col" class="num">{t("stats.late")}</th>
                    <th scope="col" class="num">{t("stats.on_time_rate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {dayList.map(([d, c]) => (
                    <tr key={d}>
                      <th scope="row">{label(d)}</th>
                      <td class="num">{integer(c.received)}</td>
                      <td class="num">{integer(c.receivedOnline)}</td>
                      <td class="num">{integer(c.resolved)}</td>
                      <td class="num">{integer(c.resolvedEarly)}</td>
                      <td class="num">{integer(c.resolvedOnTime)}</td>
                      <td class="num">{integer(c.resolvedLate)}</td>
                      <td class="num">{percent(onTimeRate(c))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      )}

      {procedures !== null ? (
        <section aria-labelledby="catalogue-title">
          <h2 id="catalogue-title">{t("stats.catalogue")}</h2>
          <ShareBar
            id="chart-full-online"
            title={t("stats.chart_full_online")}
            part={{ name: t("stats.procedures_full_online"), value: fullOnline ?? 0 }}
            rest={{ name: t("stats.procedures_other"), value: Math.max(0, procedures - (fullOnline ?? 0)) }}
            shareText={percent(fullOnlineRate)}
          />
        </section>
      ) : null}

      {summary?.byAgency?.length || byAgency.size ? (
        <GroupTable
          id="agency-table"
          title={t("stats.by_agency")}
          caption={t("stats.by_agency_caption", { range })}
          firstColumn={t("stats.agency")}
          rows={(summary?.byAgency?.length ? summary.byAgency.map((r) => [r.key ?? "", summaryRow(r), r] as const) : [...byAgency.entries()].map(([code, c]) => [code, c, undefined] as const)).map(
            ([code, c, snapshot]) => {
              const agency = agencies.find((a) => a.code === code);
              return { key: code, label: agencyName(code, agencies), extra: agency ? tierLabel(agency.tier) : t("common.none"), counts: c, snapshot };
            },
          )}
          extraColumn={t("stats.tier")}
        />
      ) : null}
      {summary?.byTier?.length || byTier.size ? (
        <GroupTable
          id="tier-table"
          title={t("stats.by_tier")}
          caption={t("stats.by_tier_caption", { range })}
          firstColumn={t("stats.tier")}
          rows={(summary?.byTier?.length ? summary.byTier.map((r) => [r.key ?? "", summaryRow(r), r] as const) : [...byTier.entries()].map(([tier, c]) => [tier, c, undefined] as const)).map(
            ([tier, c, snapshot]) => ({
              key: tier || "-",
              label: tier && tier !== "unknown" ? tierLabel(tier as Tier) : t("stats.tier_unknown"),
              counts: c,
              snapshot,
            }),
          )}
        />
      ) : null}
    </>
  );
}

function pick(summary: Summary): Partial<Counts> {
  const out: Partial<Counts> = {};
  for (const key of COUNT_KEYS) if (typeof summary[key] === "number") out[key] = summary[key] as number;
  return out;
}

function GroupTable(props: {
  id: string;
  title: string;
  caption: string;
  firstColumn: string;
  extraColumn?: string;
  rows: Array<{ key: string; label: string; extra?: string; counts: Counts; snapshot?: Partial<Snapshot> }>;
}) {
  const withSnapshot = props.rows.some((row) => row.snapshot?.inProgress !== undefined);
  const stock = (n: number | undefined) => (n === undefined ? t("common.none") : integer(n));
  const titleId = `${props.id}-title`;
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={`${props.id}-caption`}>
        <table class="table" id={props.id}>
          <caption id={`${props.id}-caption`}>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{props.firstColumn}</th>
              {props.extraColumn ? <th scope="col">{props.extraColumn}</th> : null}
              <th scope="col" class="num">{t("stats.received")}</th>
              <th scope="col" class="num">{t("stats.received_online")}</th>
              <th scope="col" class="num">{t("stats.resolved")}</th>
              <th scope="col" class="num">{t("stats.early")}</th>
              <th scope="col" class="num">{t("stats.on_time")}</th>
              <th scope="col" class="num">{t("stats.late")}</th>
              <th scope="col" class="num">{t("stats.withdrawn")}</th>
              <th scope="col" class="num">{t("stats.stopped")}</th>
              <th scope="col" class="num">{t("stats.on_time_rate")}</th>
              {withSnapshot ? (
                <>
                  <th scope="col" class="num">{t("stats.in_progress")}</th>
                  <th scope="col" class="num">{t("stats.in_progress_overdue")}</th>
                  <th scope="col" class="num">{t("stats.waiting_for_citizen")}</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {props.extraColumn ? <td>{row.extra}</td> : null}
                <td class="num">{integer(row.counts.received)}</td>
                <td class="num">{integer(row.counts.receivedOnline)}</td>
                <td class="num">{integer(row.counts.resolved)}</td>
                <td class="num">{integer(row.counts.resolvedEarly)}</td>
                <td class="num">{integer(row.counts.resolvedOnTime)}</td>
                <td class="num">{integer(row.counts.resolvedLate)}</td>
                <td class="num">{integer(row.counts.withdrawn)}</td>
                <td class="num">{integer(row.counts.stopped)}</td>
                <td class="num">{percent(onTimeRate(row.counts))}</td>
                {withSnapshot ? (
                  <>
                    <td class="num">{stock(row.snapshot?.inProgress)}</td>
                    <td class="num">{stock(row.snapshot?.inProgressOverdue)}</td>
                    <td class="num">{stock(row.snapshot?.waitingForCitizen)}</td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What stood at the end of the period: the count an on-time rate alone hides (docs/domain.md "Indicators"). */
function SnapshotSection({ summary, snapshot }: { summary: Summary; snapshot: Snapshot }) {
  const at = summary.snapshotDate ? day(summary.snapshotDate) : t("common.none");
  const items: Array<{ label: MessageKey; value: number; hint: MessageKey }> = [
    { label: "stats.in_progress", value: snapshot.inProgress, hint: "stats.in_progress_hint" },
    { label: "stats.in_progress_overdue", value: snapshot.inProgressOverdue, hint: "stats.in_progress_overdue_hint" },
    { label: "stats.waiting_for_citizen", value: snapshot.waitingForCitizen, hint: "stats.waiting_for_citizen_hint" },
    { label: "stats.carried_over", value: snapshot.carriedOver, hint: "stats.carried_over_hint" },
  ];
  return (
    <section aria-labelledby="snapshot-title">
      <h2 id="snapshot-title">{t("stats.snapshot")}</h2>
      <p class="hint">{t("stats.snapshot_lead", { date: at })}</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="snapshot-caption">
        <table class="table" id="snapshot-table">
          <caption id="snapshot-caption">{t("stats.snapshot_caption", { date: at })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stats.indicator")}</th>
              <th scope="col" class="num">{t("stats.value")}</th>
              <th scope="col">{t("stats.meaning")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.label}>
                <th scope="row">{t(item.label)}</th>
                <td class="num">{integer(item.value)}</td>
                <td>{t(item.hint)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Decision 766/QĐ-TTg: every group and indicator, each marked computed or not available here. */
function Decision766Section({ decision, range }: { decision: Decision766; range: string }) {
  const points = (n: number | null) => (n === null ? t("common.none") : decimal(n, 2));
  return (
    <section aria-labelledby="d766-title">
      <h2 id="d766-title">{t("stats.d766")}</h2>
      <p>{t("stats.d766_lead", { score: decimal(decision.score, 2), computable: decimal(decision.computedWeight, 2), max: integer(decision.maxScore) })}</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="d766-caption">
        <table class="table" id="d766-table">
          <caption id="d766-caption">{t("stats.d766_caption", { range })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stats.d766_group")}</th>
              <th scope="col">{t("stats.indicator")}</th>
              <th scope="col" class="num">{t("stats.d766_weight")}</th>
              <th scope="col" class="num">{t("stats.d766_target")}</th>
              <th scope="col" class="num">{t("stats.d766_rate")}</th>
              <th scope="col" class="num">{t("stats.d766_score")}</th>
              <th scope="col">{t("stats.d766_status")}</th>
            </tr>
          </thead>
          {decision.groups.map((group) => (
            <tbody key={group.key}>
              {group.indicators.map((indicator, i) => (
                <tr key={indicator.key}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={group.indicators.length}>
                      {t(`stats.d766.group.${group.key}` as MessageKey)}
                      <span class="hint"> {t("stats.d766_group_points", { score: points(group.score), weight: integer(group.weight) })}</span>
                    </th>
                  ) : null}
                  <th scope="row">{t(`stats.d766.${indicator.key}` as MessageKey)}</th>
                  <td class="num">{decimal(indicator.weight, 2)}</td>
                  <td class="num">{percent(indicator.target)}</td>
                  <td class="num">{percent(indicator.rate)}</td>
                  <td class="num">{points(indicator.score)}</td>
                  <td>{t(indicator.computed ? "stats.d766_computed" : "stats.d766_not_available")}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      <p class="hint">{t("stats.d766_note")}</p>
    </section>
  );
}

function Formulas() {
  const computed: MessageKey[] = [
    "stats.formula_resolved",
    "stats.formula_on_time",
    "stats.formula_progress",
    "stats.formula_snapshot",
    "stats.formula_early",
    "stats.formula_uptake",
    "stats.formula_full_online",
    "stats.formula_services_with_dossiers",
    "stats.formula_rating",
  ];
  return (
    <section aria-labelledby="formulas-title" class="formulas">
      <h2 id="formulas-title">{t("stats.formulas")}</h2>
      <ul>
        {computed.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <p>{t("stats.formula_classification")}</p>
      <p>{t("stats.not_computed")}</p>
    </section>
  );
}
