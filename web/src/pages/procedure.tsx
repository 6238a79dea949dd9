import type { PageProps } from "../app";
import { agencyName, loadAgencies, loadProcedure } from "../catalogue";
import { FeeDetails } from "../components/fee";
import { ErrorNotice, Loading, Notice, PageHeading, useAsync } from "../components/ui";
import { typeNames } from "../files";
import { t, tn } from "../i18n";
import { deliveryLabel, levelLabel, levelOldLabel } from "../labels";
import { href } from "../router";
import { ApiError } from "../api";
import type { Agency, Procedure } from "../types";
import { NotFoundPage } from "./not-found";

/** Everything a citizen needs before applying: documents, fee, time, level, delivery, legal basis. */
export function ProcedurePage({ route }: PageProps) {
  const code = route.params.code!;
  const procedure = useAsync<Procedure>(() => loadProcedure(code), [code]);
  const agencies = useAsync<Agency[]>(() => loadAgencies().catch(() => []), []);

  if (procedure.loading && !procedure.data) return <Loading />;
  if (procedure.error instanceof ApiError && procedure.error.status === 404) return <NotFoundPage route={route} what="procedure" />;
  if (procedure.error || !procedure.data) {
    return (
      <>
        <PageHeading title={t("procedure.title_error")} focus={!route.initial} />
        <ErrorNotice error={procedure.error} onRetry={procedure.reload} />
      </>
    );
  }
  const p = procedure.data;
  const list = agencies.data;
  return (
    <>
      <p class="breadcrumb">
        <a href={href("/")}>{t("procedure.back_to_search")}</a>
      </p>
      <PageHeading title={p.name} focus={!route.initial} />
      <dl class="facts">
        <div>
          <dt>{t("procedure.code")}</dt>
          <dd>{p.code}</dd>
        </div>
        <div>
          <dt>{t("procedure.field")}</dt>
          <dd>{p.field}</dd>
        </div>
        <div>
          <dt>{t("procedure.agency")}</dt>
          <dd>{agencyName(p.agencyCode, list)}</dd>
        </div>
        {p.receivingAgencyCode && p.receivingAgencyCode !== p.agencyCode ? (
          <div>
            <dt>{t("procedure.receiving_agency")}</dt>
            <dd>{agencyName(p.receivingAgencyCode, list)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("procedure.level")}</dt>
          <dd>
            <span class={`badge badge-${p.level}`}>{levelLabel(p.level)}</span> <span class="old-level">({levelOldLabel(p.level)})</span>
            <span class="hint level-hint">{t(`level.${p.level}.explain`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("procedure.processing_time")}</dt>
          <dd>
            {p.clockUnit === "calendar_days" ? tn("procedure.calendar_days", p.processingDays) : tn("procedure.working_days", p.processingDays)}
          </dd>
        </div>
        <div>
          <dt>{t("procedure.fee")}</dt>
          <dd class="fee-details">
            <FeeDetails procedure={p} />
          </dd>
        </div>
        <div>
          <dt>{t("procedure.delivery")}</dt>
          <dd>
            <ul class="plain">
              {p.resultDelivery.map((d) => (
                <li key={d}>{deliveryLabel(d)}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">{t("procedure.documents")}</h2>
        {p.documents.length === 0 ? (
          <p>{t("procedure.no_documents")}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{t("procedure.documents_caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("procedure.document_name")}</th>
                  <th scope="col">{t("procedure.document_required")}</th>
                  <th scope="col">{t("procedure.document_types")}</th>
                  <th scope="col">{t("procedure.document_max")}</th>
                </tr>
              </thead>
              <tbody>
                {p.documents.map((d) => (
                  <tr key={d.key}>
                    <th scope="row">{d.name}</th>
                    <td>{d.required ? t("common.required") : t("common.optional")}</td>
                    <td>{typeNames(d.mediaTypes)}</td>
                    <td>{t("unit.mb", { n: d.maxSizeMB })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="legal-title">
        <h2 id="legal-title">{t("procedure.legal_basis")}</h2>
        <p class="pre-line">{p.legalBasis?.trim() || t("procedure.no_legal_basis")}</p>
      </section>

      <section aria-labelledby="apply-title" class="apply-box">
        <h2 id="apply-title">{t("procedure.apply_title")}</h2>
        {p.level === "info" ? (
          <Notice kind="info">
            <p>{t("procedure.info_only")}</p>
          </Notice>
        ) : (
          <>
            <p>{p.level === "full" ? t("procedure.apply_full") : t("procedure.apply_partial")}</p>
            <a class="button" href={href(`/procedures/${encodeURIComponent(p.code)}/apply`)}>
              {t("procedure.apply")}
            </a>
          </>
        )}
      </section>
    </>
  );
}
