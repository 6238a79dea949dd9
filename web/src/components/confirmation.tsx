import { useState } from "preact/hooks";
import { dateTime } from "../format";
import { t } from "../i18n";
import { href } from "../router";
import type { Procedure } from "../types";
import { Notice, PageHeading } from "./ui";

/** The receipt: the dossier code and the access token, shown once, with copy and save-as-text. */
export function Confirmation(props: { procedure: Procedure; code: string; accessToken: string; submittedAt: string }) {
  const [message, setMessage] = useState("");
  const trackUrl = `${location.origin}${href(`/track/${encodeURIComponent(props.code)}`)}`;
  const text = [
    t("receipt.heading"),
    "",
    `${t("receipt.procedure")}: ${props.procedure.name} (${props.procedure.code})`,
    `${t("receipt.code")}: ${props.code}`,
    `${t("receipt.token")}: ${props.accessToken}`,
    `${t("receipt.submitted_at")}: ${dateTime(props.submittedAt)} (${t("common.vietnam_time")})`,
    `${t("receipt.track_at")}: ${trackUrl}`,
    "",
    t("receipt.warning"),
    "",
  ].join("\r\n");

  const copy = async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      // Older browsers, or no permission: copy through a hidden text area.
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      area.remove();
    }
    setMessage(ok ? t("receipt.copied") : t("receipt.copy_failed"));
  };

  const save = () => {
    const blob = new Blob(["\ufeff" + text], { type: "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = t("receipt.file_name", { code: props.code });
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    setMessage(t("receipt.saved"));
  };

  return (
    <>
      <PageHeading title={t("receipt.title")} focus />
      <Notice kind="success">
        <p>{t("receipt.lead", { name: props.procedure.name })}</p>
      </Notice>
      <dl class="receipt">
        <div>
          <dt>{t("receipt.code")}</dt>
          <dd>
            <strong class="dossier-code" data-testid="dossier-code">
              {props.code}
            </strong>
          </dd>
        </div>
        <div>
          <dt>{t("receipt.token")}</dt>
          <dd>
            <code class="token" data-testid="access-token">
              {props.accessToken}
            </code>
          </dd>
        </div>
        <div>
          <dt>{t("receipt.submitted_at")}</dt>
          <dd>
            {dateTime(props.submittedAt)} <span class="hint">({t("common.vietnam_time")})</span>
          </dd>
        </div>
      </dl>
      <Notice kind="warning" title={t("receipt.warning_title")}>
        <p>{t("receipt.warning")}</p>
      </Notice>
      <div class="actions">
        <button type="button" class="button" onClick={() => void copy()}>
          {t("receipt.copy")}
        </button>
        <button type="button" class="button button-secondary" onClick={save}>
          {t("receipt.save")}
        </button>
      </div>
      <p role="status" class="status-message">
        {message}
      </p>
      <h2>{t("receipt.next_title")}</h2>
      <p>{t("receipt.next")}</p>
      <p>
        <a class="button button-secondary" href={href(`/track/${encodeURIComponent(props.code)}`)}>
          {t("receipt.track")}
        </a>
      </p>
    </>
  );
}
