import type { PageProps } from "../app";
import { PageHeading } from "../components/ui";
import { t } from "../i18n";
import { href } from "../router";

export function NotFoundPage({ route, what }: PageProps & { what?: "procedure" | "page" }) {
  return (
    <>
      <PageHeading title={what === "procedure" ? t("notfound.procedure") : t("notfound.title")} focus={!route.initial} />
      <p>{what === "procedure" ? t("notfound.procedure_text", { code: route.params.code ?? "" }) : t("notfound.text")}</p>
      <p>
        <a href={href("/")}>{t("notfound.back")}</a>
      </p>
    </>
  );
}
