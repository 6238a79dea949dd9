import { useState } from "preact/hooks";
import { changeOfficer, getAgencyOfficers, type Me, type OfficerSummary } from "./api";
import { t, type OfficerKey } from "./i18n";
import { errorMessage, Heading, Notice, useLoad } from "./ui";

/** The roles an agency's admin grants (the province-wide operator role is the operator's to give). */
const AGENCY_ROLES = ["intake", "specialist", "leader", "admin"] as const;

/**
 * The agency's officers as its admin manages them: roles and disabling (`POST /v1/officer/officers/{id}`). A disabled
 * officer is refused from their next request. New officers are added with the CLI (`officers add`), which also
 * creates their account at the identity provider.
 */
export function OfficersPage(props: { me: Me }) {
  const list = useLoad(getAgencyOfficers, []);
  const [done, setDone] = useState<string>();
  return (
    <>
      <Heading>{t("o.officers.title")}</Heading>
      <p>{t("o.officers.lead")}</p>
      {done && (
        <Notice kind="success" role="status">
          {done}
        </Notice>
      )}
      {list.loading && <p class="loading">{t("o.loading")}</p>}
      {list.error !== undefined && (
        <Notice kind="error" role="alert">
          {errorMessage(list.error)}
        </Notice>
      )}
      {list.data?.items.map((officer) => (
        <OfficerForm key={officer.officerId + officer.roles.join() + String(officer.disabled)} officer={officer} self={officer.officerId === props.me.officerId} onDone={(message) => (setDone(message), list.reload())} />
      ))}
    </>
  );
}

function OfficerForm(props: { officer: OfficerSummary; self: boolean; onDone: (message: string) => void }) {
  const { officer } = props;
  const [roles, setRoles] = useState<string[]>(officer.roles);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `officer-${officer.username}`;
  const send = async (body: { roles?: string[]; disabled?: boolean }, message: OfficerKey) => {
    setBusy(true);
    setError(undefined);
    try {
      const changed = await changeOfficer(officer.officerId, body);
      props.onDone(t(message, { name: changed.name }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="officer-manage"
      aria-labelledby={`${id}-name`}
      data-username={officer.username}
      onSubmit={(e) => {
        e.preventDefault();
        void send({ roles }, "o.officers.saved");
      }}
    >
      <h2 id={`${id}-name`}>
        {officer.name} <span class="officer-username">({officer.username})</span>
        {officer.disabled && <span class="badge badge-info">{t("o.officers.disabled")}</span>}
      </h2>
      <fieldset>
        <legend>{t("o.officers.roles")}</legend>
        {AGENCY_ROLES.map((role) => (
          <label key={role} class="checkbox">
            <input
              type="checkbox"
              name="roles"
              value={role}
              checked={roles.includes(role)}
              disabled={busy}
              onChange={(e) => setRoles(e.currentTarget.checked ? [...roles, role] : roles.filter((r) => r !== role))}
            />{" "}
            {t(`o.role.${role}` as OfficerKey)}
          </label>
        ))}
        {officer.roles.includes("operator") && <p>{t("o.officers.operator")}</p>}
      </fieldset>
      {error && (
        <Notice kind="error" role="alert">
          {error}
        </Notice>
      )}
      <div class="actions">
        <button type="submit" class="button" disabled={busy || roles.length === 0}>
          {t("o.officers.save")}
        </button>
        {!props.self && (
          <button
            type="button"
            class="button button-secondary"
            disabled={busy}
            onClick={() => void send({ disabled: !officer.disabled }, officer.disabled ? "o.officers.enabled" : "o.officers.disabled_done")}
          >
            {officer.disabled ? t("o.officers.enable") : t("o.officers.disable")}
          </button>
        )}
      </div>
    </form>
  );
}
