import { useEffect, useState } from "preact/hooks";
import { api, ApiError, path } from "../api";
import type { PageProps } from "../app";
import { agencyName, loadAgencies, loadProcedure } from "../catalogue";
import { CitizenActions } from "../components/citizen-actions";
import { loadStatus, PaymentReturn, paymentStateLabel } from "../components/payment";
import { announce, Checkbox, ErrorNotice, Loading, Notice, PageHeading, TextField, useAsync } from "../components/ui";
import { dateTime } from "../format";
import { t } from "../i18n";
import { actionLabel, deliveryLabel, resolutionLabel, statusLabel } from "../labels";
import { href, navigate } from "../router";
import { forgetToken, getToken, isRemembered, keepToken } from "../session";
import type { Agency, FullDossier, Procedure, PublicStatus } from "../types";

/** `?payment=` on the return from the gateway: pending|paid|failed for a dossier, invalid|unknown otherwise. */
function paymentParam(): string | null {
  return new URLSearchParams(location.search).get("payment");
}
const RETURN_STATES = ["pending", "paid", "failed"];

/** Track a dossier by its code (public status, no personal data); with the access token, the whole dossier. */
export function TrackPage({ route }: PageProps) {
  const code = route.params.code;
  const [value, setValue] = useState(code ?? "");
  const [error, setError] = useState<string>();
  const [payment] = useState(paymentParam);
  const submit = (event: Event) => {
    event.preventDefault();
    const normalized = value.trim().toUpperCase();
    if (!normalized) {
      setError(t("track.code_required"));
      document.getElementById("code")?.focus();
      return;
    }
    setError(undefined);
    navigate(href(`/track/${encodeURIComponent(normalized)}`));
  };
  return (
    <>
      <PageHeading title={code ? t("track.title_code", { code }) : t("track.title")} focus={!route.initial} />
      <form class="track-form" noValidate onSubmit={submit} aria-label={t("track.form_label")}>
        <TextField
          id="code"
          label={t("track.code")}
          hint={t("track.code_hint")}
          value={value}
          onValue={setValue}
          error={error}
          autoComplete="off"
          spellcheck={false}
          maxLength={64}
          width="medium"
        />
        <button type="submit" class="button">
          {t("track.submit")}
        </button>
      </form>
      {payment === "invalid" || payment === "unknown" ? (
        <Notice kind="error" role="alert" title={t("payment.invalid_title")}>
          <p>{t(payment === "invalid" ? "payment.invalid" : "payment.unknown")}</p>
        </Notice>
      ) : null}
      {code ? <DossierView key={code} code={code} returning={payment !== null && RETURN_STATES.includes(payment)} /> : <p>{t("track.lead")}</p>}
    </>
  );
}

function DossierView({ code, returning }: { code: string; returning: boolean }) {
  const [token, setToken] = useState<string | undefined>(() => getToken(code));
  const status = useAsync<PublicStatus>((signal) => loadStatus(code, token, signal), [code, token]);
  const procedure = useAsync<Procedure | undefined>(
    () => (status.data ? loadProcedure(status.data.procedureCode).catch(() => undefined) : Promise.resolve(undefined)),
    [status.data?.procedureCode],
  );
  const agencies = useAsync<Agency[]>(() => loadAgencies().catch(() => []), []);
  const [wrongToken, setWrongToken] = useState(false);
  const [version, setVersion] = useState(0);

  const refresh = () => {
    status.reload();
    setVersion((n) => n + 1);
  };

  // The agencies' names come with the status (one request each, in parallel), not after it: a name in place of the
  // code can take two lines and push the rest of the card down.
  if ((status.loading && !status.data) || (agencies.loading && !agencies.data)) return <Loading />;
  if (status.error instanceof ApiError && status.error.status === 404) {
    return (
      <>
        <Notice kind="error" role="alert" title={t("track.not_found_title")}>
          <p>{t("track.not_found", { code })}</p>
        </Notice>
        {returning && !token ? (
          // A dossier whose fee is paid before submission is still a draft, seen only with its token.
          <section aria-labelledby="holder-title" class="holder">
            <h2 id="holder-title">{t("track.holder_title")}</h2>
            <TokenForm code={code} onToken={setToken} />
          </section>
        ) : null}
      </>
    );
  }
  if (status.error || !status.data) return <ErrorNotice error={status.error} onRetry={status.reload} />;
  const s = status.data;

  return (
    <>
      {returning ? <PaymentReturn code={code} token={token} procedure={procedure.data} onSettled={refresh} /> : null}
      <section aria-labelledby="status-title" class="status-card">
        <h2 id="status-title">{t("track.status_title")}</h2>
        <p class="status-line">
          <span class={`status status-${s.status}`} data-testid="dossier-status" data-status={s.status}>
            {statusLabel(s.status)}
          </span>
        </p>
        {s.overdue ? (
          <Notice kind="warning" title={t("track.overdue_title")}>
            <p>{t("track.overdue")}</p>
          </Notice>
        ) : null}
        {s.apology ? (
          <Notice kind="warning" title={t("track.apology_title")}>
            <p class="pre-line">{s.apology.text}</p>
            <p>
              {t("track.apology_new_date")}: <strong>{dateTime(s.apology.newDueAt)}</strong>
            </p>
          </Notice>
        ) : null}
        <dl class="facts">
          <Fact label={t("track.code")} value={s.code} />
          <Fact label={t("track.procedure")} value={`${s.procedureName} (${s.procedureCode})`} />
          <Fact label={t("track.agency")} value={agencyName(s.agencyCode, agencies.data)} />
          <Fact label={t("track.submitted_at")} value={s.submittedAt ? dateTime(s.submittedAt) : t("common.none")} />
          <Fact label={t("track.received_at")} value={s.receivedAt ? dateTime(s.receivedAt) : t("track.not_yet")} />
          <Fact
            label={t("track.due_at")}
            value={s.dueAt ? dateTime(s.dueAt) : t("track.due_not_started")}
            extra={s.clockPaused ? t("track.clock_paused") : undefined}
            testId="due-at"
          />
          {s.resolvedAt ? <Fact label={t("track.resolved_at")} value={dateTime(s.resolvedAt)} /> : null}
          {s.resolution ? (
            <Fact label={t("track.resolution")} value={resolutionLabel(s.resolution)} testId="resolution" />
          ) : null}
          {s.payment ? (
            <Fact
              label={t("payment.status")}
              value={paymentStateLabel(s.payment.status)}
              testId="payment-status"
            />
          ) : null}
        </dl>
        <p class="hint">{t("track.times_note")}</p>
        <h3>{t("track.timeline")}</h3>
        <ol class="timeline">
          {s.timeline.map((entry, i) => (
            <li key={i}>
              <span class="timeline-time">{dateTime(entry.at)}</span>{" "}
              <span class="timeline-action">{actionLabel(entry.action)}</span>
              {" — "}
              <span class="timeline-status">{statusLabel(entry.status)}</span>
            </li>
          ))}
        </ol>
        <button type="button" class="button button-secondary" onClick={refresh}>
          {t("track.refresh")}
        </button>
      </section>

      <section aria-labelledby="holder-title" class="holder">
        <h2 id="holder-title">{t("track.holder_title")}</h2>
        {token ? (
          <HolderView
            key={`${token}-${version}`}
            code={code}
            token={token}
            procedure={procedure.data}
            procedureLoading={procedure.loading}
            returning={returning}
            onWrongToken={() => {
              forgetToken(code);
              setWrongToken(true);
              setToken(undefined);
            }}
            onForget={() => {
              forgetToken(code);
              setToken(undefined);
              announce(t("track.forgotten"));
            }}
            onChanged={refresh}
          />
        ) : (
          <TokenForm
            code={code}
            wrong={wrongToken}
            onToken={(next) => {
              setWrongToken(false);
              setToken(next);
            }}
          />
        )}
      </section>
    </>
  );
}

function Fact(props: { label: string; value: string; extra?: string; testId?: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>
        {props.value}
        {props.extra ? <span class="hint">{props.extra}</span> : null}
      </dd>
    </div>
  );
}

function TokenForm({ code, onToken, wrong }: { code: string; onToken: (token: string) => void; wrong?: boolean }) {
  const [value, setValue] = useState("");
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | undefined>(wrong ? t("track.token_wrong") : undefined);
  return (
    <form
      noValidate
      aria-label={t("track.token_form")}
      onSubmit={(e) => {
        e.preventDefault();
        const token = value.trim();
        if (!token) {
          setError(t("track.token_required"));
          document.getElementById("token")?.focus();
          return;
        }
        keepToken(code, token, remember);
        onToken(token);
      }}
    >
      <p>{t("track.holder_lead")}</p>
      <TextField
        id="token"
        label={t("track.token")}
        hint={t("track.token_hint")}
        value={value}
        onValue={setValue}
        error={error}
        autoComplete="off"
        spellcheck={false}
      />
      <Checkbox id="remember" label={t("track.remember")} hint={t("track.remember_hint")} checked={remember} onValue={setRemember} />
      <button type="submit" class="button">
        {t("track.open")}
      </button>
    </form>
  );
}

function HolderView(props: {
  code: string;
  token: string;
  procedure: Procedure | undefined;
  /** The procedure (its fee) is still on its way: the fee due would appear mid-view and push the rest down. */
  procedureLoading: boolean;
  returning: boolean;
  onWrongToken: () => void;
  onForget: () => void;
  onChanged: () => void;
}) {
  const { code, token } = props;
  const full = useAsync<FullDossier>((signal) => api<FullDossier>(path`/v1/dossiers/${code}`, { token, signal }), [code, token]);
  const [remember, setRemember] = useState(() => isRemembered(code));
  const wrong = full.error instanceof ApiError && full.error.status === 404;

  useEffect(() => {
    if (wrong) props.onWrongToken();
  }, [wrong]);

  if (wrong || (full.loading && !full.data) || (props.procedureLoading && !props.procedure)) return <Loading />;
  if (full.error || !full.data) return <ErrorNotice error={full.error} onRetry={full.reload} />;
  const d = full.data;
  const changed = () => {
    full.reload();
    props.onChanged();
  };

  return (
    <>
      <div class="holder-tools">
        <Checkbox
          id="remember-now"
          label={t("track.remember")}
          hint={t("track.remember_hint")}
          checked={remember}
          onValue={(checked) => {
            setRemember(checked);
            keepToken(code, token, checked);
            announce(checked ? t("track.remembered") : t("track.not_remembered"));
          }}
        />
        <button type="button" class="button button-secondary" onClick={props.onForget}>
          {t("track.forget")}
        </button>
      </div>

      <h3>{t("track.applicant")}</h3>
      <dl class="facts">
        <Fact label={t("field.full_name")} value={d.applicant.fullName} />
        <Fact label={t(d.applicant.idType === "cmnd" ? "field.id_number_cmnd" : "field.id_number_cccd")} value={d.applicant.idNumber} />
        <Fact label={t("field.phone")} value={d.applicant.phone} />
        <Fact label={t("field.email")} value={d.applicant.email || t("common.not_given")} />
        <Fact label={t("field.address")} value={d.applicant.address || t("common.not_given")} />
        <Fact label={t("procedure.delivery")} value={deliveryLabel(d.delivery)} />
      </dl>

      <CitizenActions dossier={d} token={token} procedure={props.procedure} returning={props.returning} onDone={changed} />
    </>
  );
}
