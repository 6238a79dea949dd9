import { useState } from "preact/hooks";
import { ApiError, getInbox, officerApi, TABS, type InboxItem } from "./api";
import { applicantOf, ohref } from "./app";
import { t, type OfficerKey } from "./i18n";
import { dateTime, errorMessage, Heading, Link, Notice, statusLabel, useLoad } from "./ui";
import type { TrackingBookLine } from "../../../functions/core/officer/service";

/**
 * The tracking book (sổ theo dõi hồ sơ, form 06 of Circular 01/2018): every dossier of the agency, filterable, with a
 * CSV export. From `GET /v1/officer/tracking-book` where the API has it, else gathered from the inbox's tabs.
 */

const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

async function loadBook(from: string, to: string): Promise<InboxItem[]> {
  try {
    const book = await officerApi<{ items: TrackingBookLine[] }>(`/v1/officer/tracking-book?from=${from}&to=${to}`);
    return book.items.map((l) => ({
      code: l.code,
      procedureName: l.procedureName,
      applicantName: l.applicant,
      channel: l.channel,
      receivedAt: l.receivedAt || null,
      dueAt: l.dueAt || null,
      resolvedAt: l.endedAt || null,
      status: l.status,
    }));
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 405)) throw err;
  }
  const seen = new Map<string, InboxItem>();
  for (const tab of TABS) {
    let cursor: string | null | undefined;
    do {
      const page = await getInbox(tab, "", cursor);
      for (const item of page.items) seen.set(item.code, item);
      cursor = page.nextCursor;
    } while (cursor && seen.size < 2000);
  }
  return [...seen.values()].sort((a, b) => (a.receivedAt ?? a.submittedAt ?? "").localeCompare(b.receivedAt ?? b.submittedAt ?? ""));
}

const csvCell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function BookPage() {
  const today = vnDay(new Date());
  const [from, setFrom] = useState(today.slice(0, 8) + "01");
  const [to, setTo] = useState(today);
  const book = useLoad(() => loadBook(from, to), [from, to]);
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const needle = q.trim().toLowerCase();
  const rows = (book.data ?? []).filter(
    (i) =>
      (!status || i.status === status) &&
      (!needle || [i.code, applicantOf(i), i.procedureName ?? ""].some((x) => x.toLowerCase().includes(needle))),
  );
  const heads: OfficerKey[] = ["o.col.code", "o.col.applicant", "o.col.procedure", "o.col.channel", "o.col.received", "o.col.due", "o.col.resolved", "o.col.status", "o.col.assignee"];
  const cells = (i: InboxItem) => [
    i.code,
    applicantOf(i),
    i.procedureName ?? i.procedureCode ?? "",
    i.channel ? t(`o.channel.${i.channel}` as OfficerKey) : "",
    dateTime(i.receivedAt),
    dateTime(i.dueAt),
    dateTime(i.resolvedAt),
    statusLabel(i.status),
    i.assignee?.name ?? "",
  ];
  const download = () => {
    const text = "\ufeff" + [heads.map((h) => t(h)), ...rows.map(cells)].map((r) => r.map(csvCell).join(",")).join("\r\n");
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    a.download = "so-theo-doi-ho-so.csv";
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const statuses = [...new Set((book.data ?? []).map((i) => i.status))];
  return (
    <>
      <Heading>{t("o.book.title")}</Heading>
      {book.error !== undefined && (
        <Notice kind="error" role="alert">
          {errorMessage(book.error)}
        </Notice>
      )}
      {book.loading && <p class="loading">{t("o.loading")}</p>}
      <div class="officer-row">
        <div class="field">
          <label for="book-from">{t("o.book.from")}</label>
          <input id="book-from" class="input" type="date" value={from} onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="book-to">{t("o.book.to")}</label>
          <input id="book-to" class="input" type="date" value={to} onChange={(e) => e.currentTarget.value && setTo(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="book-q">{t("o.book.filter")}</label>
          <input id="book-q" class="input" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="book-status">{t("o.book.status")}</label>
          <select id="book-status" class="input" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t("o.book.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="button button-secondary" onClick={download}>
          {t("o.book.csv")}
        </button>
      </div>
      <p role="status">{t("o.book.count", { n: rows.length })}</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t("o.book.caption")}>
        <table class="table">
          <caption class="visually-hidden">{t("o.book.caption")}</caption>
          <thead>
            <tr>
              {heads.map((h) => (
                <th scope="col" key={h}>
                  {t(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.code}>
                {cells(i).map((c, n) =>
                  n === 0 ? (
                    <td key={n}>
                      <Link href={ohref(`/officer/dossiers/${encodeURIComponent(i.code)}`)}>{c}</Link>
                    </td>
                  ) : (
                    <td key={n}>{c}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
