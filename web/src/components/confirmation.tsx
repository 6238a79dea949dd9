import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { dateTime } from "../format";
import { t } from "../i18n";
import { href } from "../router";
import type { Procedure } from "../types";
import { Notice, PageHeading } from "./ui";

/**
 * The receipt: the dossier code and the access token, shown once, with copy and save-as-text. With
 * `awaitingPayment` (a before_submit fee), it is shown before the citizen leaves for the payment gateway: the
 * dossier exists but is not submitted yet, and `children` holds the payment step.
 */
export function Confirmation(props: {
  procedure: Procedure;
  code: string;
  accessToken: string;
  submittedAt?: string;
  createdAt?: string;
  awaitingPayment?: boolean;
  children?: ComponentChildren;
}) {
  const [message, setMessage] = useState("");
  const trackUrl = `${location.origin}${href(`/track/${encodeURIComponent(props.code)}`)}`;
  const pending = Boolean(props.awaitingPayment);
  const timeLabel = pending ? t("payment.created_at") : t("receipt.submitted_at");
  const time = (pending ? props.createdAt : props.submittedAt) ?? "";
  const text = [
    pending ? t("payment.file_heading") : t("receipt.heading"),
    "",
    `${t("receipt.procedure")}: ${props.procedure.name} (${props.procedure.code})`,
    `${t("receipt.code")}: ${props.code}`,
    `${t("receipt.token")}: ${props.accessToken}`,
    `${timeLabel}: ${dateTime(time)} (${t("common.vietnam_time")})`,
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
      <PageHeading title={pending ? t("payment.created_title") : t("receipt.title")} focus />
      <Notice kind={pending ? "info" : "success"}>
        <p>{pending ? t("payment.created_lead", { name: props.procedure.name }) : t("receipt.lead", { name: props.procedure.name })}</p>
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
          <dt>{timeLabel}</dt>
          <dd>
            {dateTime(time)} <span class="hint">({t("common.vietnam_time")})</span>
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
      {props.children}
      {pending ? null : (
        <>
          <h2>{t("receipt.next_title")}</h2>
          <p>{t("receipt.next")}</p>
          <p>
            <a class="button button-secondary" href={href(`/track/${encodeURIComponent(props.code)}`)}>
              {t("receipt.track")}
            </a>
          </p>
        </>
      )}
    </>
  );
}
