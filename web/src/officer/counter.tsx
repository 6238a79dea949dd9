import { useState } from "preact/hooks";
import { api, path } from "../api";
import type { Procedure, UploadTicket } from "../types";
import { mediaTypeOfFile, officerApi, putFile, randomKey, sha256Hex, type Me } from "./api";
import { ohref } from "./app";
import { t, type OfficerKey } from "./i18n";
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

/** A walk-in applicant's dossier, entered by an intake officer: channel `counter`, received at once. */
export function CounterPage(_props: { me: Me }) {
  const [procedureCode, setProcedureCode] = useDraft("counter.procedure", "");
  const [applicant, setApplicant] = useDraft<Record<string, string>>("counter.applicant", {});
  const [delivery, setDelivery] = useDraft("counter.delivery", "in_person");
  const [procedure, setProcedure] = useState<Procedure>();
  const [files, setFiles] = useState<Record<string, File>>({});
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

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
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!procedure) return;
    setError(undefined);
    const missing = FIELDS.find((f) => REQUIRED.has(f) && !applicant[f]?.trim());
    if (missing) {
      setError(t("o.missing", { field: t(LABELS[missing]) }));
      document.getElementById(`counter-${missing}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const chosen = procedure.documents.filter((doc) => files[doc.key]).map((doc) => ({ doc, file: files[doc.key]! }));
      const attachments = await Promise.all(
        chosen.map(async ({ doc, file }) => ({
          documentKey: doc.key,
          fileName: file.name,
          mediaType: mediaTypeOfFile(file),
          size: file.size,
          sha256: await sha256Hex(file),
        })),
      );
      const person = Object.fromEntries(Object.entries(applicant).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
      const created = await officerApi<CounterCreated>("/v1/officer/counter-dossiers", {
        method: "POST",
        idempotencyKey: randomKey(),
        body: { procedureCode: procedure.code, applicant: person, delivery },
      });
      setDone(created.dossier.code);
      setApplicant({});
      // The papers scanned at the desk go on the dossier as the citizen's own uploads would (its access token).
      for (const [i, { doc, file }] of chosen.entries()) {
        const ticket = await api<UploadTicket>(path`/v1/dossiers/${created.dossier.code}/attachments`, {
          method: "POST",
          token: created.accessToken,
          idempotencyKey: randomKey(),
          body: attachments[i],
        });
        await putFile(ticket.upload, file, (r) => setProgress((p) => ({ ...p, [doc.key]: Math.round(r * 100) })));
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Heading>{t("o.counter.title")}</Heading>
      <p>{t("o.counter.lead")}</p>
      {done && (
        <Notice kind="success" role="status">
          {t("o.counter.done", { code: done })} <Link href={ohref(`/officer/dossiers/${encodeURIComponent(done)}`)}>{t("o.counter.open", { code: done })}</Link>
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
          <input id="counter-procedure" class="input" value={procedureCode} onInput={(e) => setProcedureCode(e.currentTarget.value)} />
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
                  <input type="radio" id={`counter-delivery-${x}`} name="delivery" checked={delivery === x} onChange={() => setDelivery(x)} />
                  <label for={`counter-delivery-${x}`}>{t(`o.counter.delivery.${x}` as OfficerKey)}</label>
                </div>
              ))}
          </fieldset>
          {procedure.documents.map((doc) => (
            <div class="field" key={doc.key}>
              <label for={`counter-file-${doc.key}`}>
                {doc.name} {doc.required && <span class="optional">{t("o.required")}</span>}
              </label>
              <input
                id={`counter-file-${doc.key}`}
                type="file"
                accept={doc.mediaTypes.join(",")}
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  setFiles((fs) => {
                    const next = { ...fs };
                    if (file) next[doc.key] = file;
                    else delete next[doc.key];
                    return next;
                  });
                }}
              />
              {progress[doc.key] !== undefined && <progress max={100} value={progress[doc.key]} aria-label={doc.name} />}
            </div>
          ))}
          <button type="submit" class="button" disabled={busy}>
            {t("o.counter.submit")}
          </button>
        </form>
      )}
    </>
  );
}
