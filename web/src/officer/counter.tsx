import { useRef, useState } from "preact/hooks";
import { api, path } from "../api";
import type { Procedure } from "../types";
import { officerApi, randomKey, type Me } from "./api";
import { ohref } from "./app";
import { t, type OfficerKey } from "./i18n";
import { PaperField, usePaperUploads } from "./papers";
import { errorMessage, Heading, Link, Notice, useDraft } from "./ui";

interface CounterCreated {
  dossier: { code: string; status: string };
  accessToken: string;
}

const FIELDS = ["fullName", "idNumber", "phone", "email", "address"] as const;
const LABELS: Record<(typeof FIELDS)[number], OfficerKey> = {
  fullName: "o.field.name",
  idNumber: "o.field.id",
  phone: "o.field.phone",
  email: "o.field.email",
  address: "o.field.address",
};
const REQUIRED = new Set(["fullName", "idNumber", "phone"]);

/**
 * A walk-in applicant's dossier, entered by an intake officer: channel `counter`, received at once; then each paper
 * chosen (a scanner's PDF, a photo) is uploaded to it and verified one by one. A failed paper is retried on its own:
 * the dossier and what was typed stay as they are.
 */
export function CounterPage(_props: { me: Me }) {
  const [procedureCode, setProcedureCode] = useDraft("counter.procedure", "");
  const [applicant, setApplicant, clearApplicant] = useDraft<Record<string, string>>("counter.applicant", {});
  const [delivery, setDelivery, clearDelivery] = useDraft("counter.delivery", "in_person");
  // Kept through a reload or an expired session: the dossier exists, its papers can still be attached.
  const [created, setCreated, clearCreated] = useDraft<{ code: string } | null>("counter.created", null);
  // The same, for the async steps (a paper whose hash is ready only after the dossier was made goes up then).
  const createdCode = useRef(created?.code);
  const [procedure, setProcedure] = useState<Procedure>();
  const { papers, current, choose, send, reset } = usePaperUploads(createdCode);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The Idempotency-Key of taking this applicant in: the same while the body is the same, so a retry after a lost
  // answer finds the dossier made instead of making another.
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);

  const load = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      setProcedure(await api<Procedure>(path`/v1/procedures/${procedureCode.trim()}`));
    } catch {
      setProcedure(undefined);
      setError(t("o.counter.unknown"));
    }
  };

  const sendAll = async (code: string) => {
    for (const doc of procedure?.documents ?? []) await send(code, doc.key);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!procedure || busy) return;
    setError(undefined);
    setBusy(true);
    try {
      if (created) return await sendAll(created.code);
      const missing = FIELDS.find((f) => REQUIRED.has(f) && !applicant[f]?.trim());
      if (missing) {
        setError(t("o.missing", { field: t(LABELS[missing]) }));
        document.getElementById(`counter-${missing}`)?.focus();
        return;
      }
      const unready = procedure.documents.find((doc) => (doc.required && !current.current[doc.key]) || current.current[doc.key]?.status === "failed");
      if (unready) {
        setError(current.current[unready.key] ? t("o.paper.fix", { name: unready.name }) : t("o.paper.required", { name: unready.name }));
        document.getElementById(`counter-file-${unready.key}`)?.focus();
        return;
      }
      const person = Object.fromEntries(Object.entries(applicant).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
      const body = { procedureCode: procedure.code, applicant: person, delivery };
      const json = JSON.stringify(body);
      if (attempt.current?.body !== json) attempt.current = { body: json, key: randomKey() };
      const made = await officerApi<CounterCreated>("/v1/officer/counter-dossiers", { method: "POST", idempotencyKey: attempt.current.key, body });
      createdCode.current = made.dossier.code;
      setCreated({ code: made.dossier.code });
      // The papers go on the dossier one by one (still hashing ones follow when ready, from `choose`).
      await sendAll(made.dossier.code);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  /** The next applicant: everything cleared, nothing of the dossier just taken in is lost (it is on the server). */
  const next = () => {
    clearApplicant();
    clearDelivery();
    clearCreated();
    createdCode.current = undefined;
    reset();
    attempt.current = undefined;
    setError(undefined);
    document.getElementById("counter-fullName")?.focus();
  };

  const docs = procedure?.documents ?? [];
  const pending = docs.some((doc) => papers[doc.key] && papers[doc.key]!.status !== "verified");
  return (
    <>
      <Heading>{t("o.counter.title")}</Heading>
      <p>{t("o.counter.lead")}</p>
      {created && (
        <Notice kind="success" role="status">
          {t("o.counter.done", { code: created.code })}{" "}
          <Link href={ohref(`/officer/dossiers/${encodeURIComponent(created.code)}`)}>{t("o.counter.open", { code: created.code })}</Link>
        </Notice>
      )}
      {error && (
        <Notice kind="error" role="alert">
          {error}
        </Notice>
      )}
      <form onSubmit={load} class="officer-row">
        <div class="field">
          <label for="counter-procedure">{t("o.counter.procedure")}</label>
          <input id="counter-procedure" class="input" value={procedureCode} readOnly={Boolean(created)} onInput={(e) => setProcedureCode(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button button-secondary">
          {t("o.counter.find")}
        </button>
      </form>
      {procedure && (
        <form onSubmit={submit} aria-labelledby="counter-form-title">
          <h2 id="counter-form-title">{procedure.name}</h2>
          {FIELDS.map((f) => (
            <div class="field" key={f}>
              <label for={`counter-${f}`}>
                {t(LABELS[f])} {REQUIRED.has(f) && <span class="optional">{t("o.required")}</span>}
              </label>
              <input
                id={`counter-${f}`}
                class="input"
                required={REQUIRED.has(f)}
                readOnly={Boolean(created)}
                value={applicant[f] ?? ""}
                onInput={(e) => setApplicant({ ...applicant, [f]: e.currentTarget.value })}
              />
            </div>
          ))}
          <fieldset class="field">
            <legend>{t("o.counter.delivery")}</legend>
            {(["in_person", "post", "online"] as const)
              .filter((x) => procedure.resultDelivery.includes(x))
              .map((x) => (
                <div class="radio" key={x}>
                  <input
                    type="radio"
                    id={`counter-delivery-${x}`}
                    name="delivery"
                    checked={delivery === x}
                    disabled={Boolean(created) && delivery !== x}
                    onChange={() => setDelivery(x)}
                  />
                  <label for={`counter-delivery-${x}`}>{t(`o.counter.delivery.${x}` as OfficerKey)}</label>
                </div>
              ))}
          </fieldset>
          <h3>{t("o.counter.papers")}</h3>
          <p class="hint">{t("o.counter.papers_lead")}</p>
          {docs.map((doc) => (
            <PaperField
              key={doc.key}
              doc={doc}
              paper={papers[doc.key]}
              created={Boolean(created)}
              idPrefix="counter-file-"
              onChoose={(file) => void choose(doc, file)}
              onRetry={() => created && void send(created.code, doc.key)}
            />
          ))}
          {!created && (
            <button type="submit" class="button" disabled={busy}>
              {t("o.counter.submit")}
            </button>
          )}
          {created && pending && (
            <button type="submit" class="button" disabled={busy}>
              {t("o.counter.send_papers")}
            </button>
          )}
          {created && (
            <button type="button" class="button button-secondary" onClick={next}>
              {t("o.counter.next")}
            </button>
          )}
        </form>
      )}
    </>
  );
}
