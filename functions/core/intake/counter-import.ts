import { atVietnamTime, MAX_YEAR, MIN_YEAR, vietnamDate } from "../calendar";
import { PROCEDURE_CODE, type Agency, type Procedure } from "../catalogue/model";
import { CsvError, parseCsv } from "../csv";
import { CMND, isPlausibleCccd, VN_PHONE } from "../dossier/model";
import { describe, type Language } from "../messages";

/**
 * Reading a province's one-stop system export of counter (and post) dossiers for `dossiers import-counter
 * FILE.csv` (issue 19): every row validated, every problem reported with its row and column, nothing planned
 * unless the whole file is good. The rows are then created through the dossier decision path, each under the key
 * `counterImportKey` — the one-stop system's own dossier code — so importing the same file twice creates nothing
 * the second time.
 *
 * Columns (header row; English names or the Vietnamese ones a one-stop export uses; order free, `,` `;` or tab):
 *   externalCode (ma_ho_so)        the one-stop system's dossier code, unique per receiving unit (required)
 *   procedureCode (ma_thu_tuc)     national catalogue code, known to the portal (required)
 *   agencyCode (ma_don_vi)         receiving unit; default: the procedure's receiving unit, else its agency
 *   channel (kenh)                 counter | post (default counter; online dossiers come through the portal)
 *   fullName (ho_ten)              applicant (required)
 *   idNumber (so_giay_to)          12-digit CCCD or 9-digit CMND (required)
 *   phone (so_dien_thoai)          optional; Vietnamese mobile
 *   email, address (dia_chi)       optional
 *   delivery (hinh_thuc_tra)       online | post | in_person (default in_person)
 *   receivedAt (ngay_tiep_nhan)    ISO 8601 with offset, `YYYY-MM-DD HH:MM` or `DD/MM/YYYY HH:MM` in Vietnam time
 *   status (trang_thai)            received | approved | denied | returned | withdrawn | stopped (default received)
 *   resolvedAt (ngay_giai_quyet)   when approved or denied: required for approved, denied, returned
 *   endedAt (ngay_ket_thuc)        when returned, withdrawn or stopped: required for those
 */

export const COUNTER_COLUMNS = {
  externalCode: "ma_ho_so",
  procedureCode: "ma_thu_tuc",
  agencyCode: "ma_don_vi",
  channel: "kenh",
  fullName: "ho_ten",
  idNumber: "so_giay_to",
  phone: "so_dien_thoai",
  email: "email",
  address: "dia_chi",
  delivery: "hinh_thuc_tra",
  receivedAt: "ngay_tiep_nhan",
  status: "trang_thai",
  resolvedAt: "ngay_giai_quyet",
  endedAt: "ngay_ket_thuc",
} as const;
export type CounterColumn = keyof typeof COUNTER_COLUMNS;

const REQUIRED: CounterColumn[] = ["externalCode", "procedureCode", "fullName", "idNumber", "receivedAt"];
export const COUNTER_STATUSES = ["received", "approved", "denied", "returned", "withdrawn", "stopped"] as const;
export type CounterStatus = (typeof COUNTER_STATUSES)[number];

/** One valid row, ready for the decision path. */
export interface CounterDossierRow {
  row: number;
  externalCode: string;
  procedureCode: string;
  agencyCode: string;
  channel: "counter" | "post";
  applicant: { fullName: string; idType: "cccd" | "cmnd"; idNumber: string; phone?: string; email?: string; address?: string };
  delivery: "online" | "post" | "in_person";
  receivedAt: Date;
  status: CounterStatus;
  resolvedAt?: Date;
  endedAt?: Date;
}

export interface CounterImportProblem {
  /** The spreadsheet row (the header is row 1); absent for a problem of the whole file. */
  row?: number;
  column: string;
  message: string;
}

export interface CounterImportPlan {
  rows: CounterDossierRow[];
  problems: CounterImportProblem[];
}

/** The idempotency key of an imported row: the receiving unit and the one-stop system's code. Throws nothing. */
export function counterImportKey(row: Pick<CounterDossierRow, "agencyCode" | "externalCode">): string {
  return `counter-import:${row.agencyCode}:${row.externalCode}`;
}

const ALIASES = new Map<string, CounterColumn>(
  (Object.entries(COUNTER_COLUMNS) as [CounterColumn, string][]).flatMap(([name, vietnamese]) => [
    [name.toLowerCase(), name],
    [vietnamese, name],
  ]),
);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
const LOCAL_VN = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/;

/** An instant from the accepted forms, or undefined. Throws nothing. */
export function parseInstant(text: string): Date | undefined {
  let date: Date | undefined;
  try {
    if (ISO.test(text)) date = new Date(text);
    else {
      const iso = LOCAL_ISO.exec(text);
      const vn = LOCAL_VN.exec(text);
      if (iso) date = atVietnamTime(`${iso[1]}-${iso[2]}-${iso[3]}`, `${iso[4]}:${iso[5]}`);
      else if (vn) date = atVietnamTime(`${vn[3]}-${vn[2]}-${vn[1]}`, `${vn[4]}:${vn[5]}`);
    }
    if (!date || Number.isNaN(date.getTime())) return undefined;
    const year = Number(vietnamDate(date).slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR ? date : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates a counter-dossier CSV against the catalogue: every problem, with its row and column, in
 * `language`. Rows are returned only when there is no problem at all. Pure; throws nothing.
 */
export function planCounterImport(
  text: string,
  catalogue: { agencies: readonly Agency[]; procedures: readonly Procedure[] },
  options: { now: Date; language?: Language },
): CounterImportPlan {
  const language = options.language ?? "en";
  const say = (code: string, params: Record<string, string | number> = {}) => describe(code, language, params).title;
  const problems: CounterImportProblem[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    return { rows: [], problems: [{ column: "file", message: say("import.csv_unclosed_quote", { line: err instanceof CsvError ? err.line : 0 }) }] };
  }
  const [header, ...data] = records;
  if (!header || data.length === 0) return { rows: [], problems: [{ column: "file", message: say("import.no_rows") }] };
  const columns = header.cells.map((cell) => ALIASES.get(cell.trim().toLowerCase()));
  header.cells.forEach((cell, i) => {
    if (!columns[i]) problems.push({ row: 1, column: cell, message: say("import.unknown_column", { column: cell }) });
  });
  for (const required of REQUIRED) {
    if (!columns.includes(required)) problems.push({ row: 1, column: required, message: say("import.missing_column", { column: required }) });
  }
  if (problems.length) return { rows: [], problems };

  const procedures = new Map(catalogue.procedures.map((p) => [p.code, p]));
  const agencies = new Set(catalogue.agencies.map((a) => a.code));
  const seen = new Map<string, number>();
  const rows: CounterDossierRow[] = [];
  for (const record of data) {
    if (record.cells.every((cell) => !cell.trim())) continue; // a blank line a spreadsheet left
    const value = (name: CounterColumn) => {
      const i = columns.indexOf(name);
      return i >= 0 ? (record.cells[i] ?? "").trim() : "";
    };
    const before = problems.length;
    const problem = (column: CounterColumn, code: string, params: Record<string, string | number> = {}) =>
      problems.push({ row: record.row, column, message: say(code, params) });
    for (const name of REQUIRED) if (!value(name)) problem(name, "import.required");

    const externalCode = value("externalCode");
    if (externalCode.length > 60) problem("externalCode", "import.too_long", { max: 60 });
    const procedureCode = value("procedureCode");
    const procedure = procedures.get(procedureCode);
    if (procedureCode && !PROCEDURE_CODE.test(procedureCode)) problem("procedureCode", "catalogue.procedure_code_format");
    else if (procedureCode && !procedure) problem("procedureCode", "import.unknown_procedure", { code: procedureCode });
    const agencyCode = value("agencyCode") || procedure?.receivingAgencyCode || procedure?.agencyCode || "";
    if (value("agencyCode") && !agencies.has(agencyCode)) problem("agencyCode", "import.unknown_agency", { code: agencyCode });

    const channel = (value("channel") || "counter").toLowerCase();
    if (channel !== "counter" && channel !== "post") problem("channel", "import.one_of", { values: "counter, post" });
    const delivery = (value("delivery") || "in_person").toLowerCase();
    if (!["online", "post", "in_person"].includes(delivery)) problem("delivery", "import.one_of", { values: "online, post, in_person" });
    const status = (value("status") || "received").toLowerCase() as CounterStatus;
    if (!COUNTER_STATUSES.includes(status)) problem("status", "import.one_of", { values: COUNTER_STATUSES.join(", ") });

    const fullName = value("fullName");
    if (fullName && (fullName.length < 2 || fullName.length > 200)) problem("fullName", "applicant.full_name");
    const idNumber = value("idNumber").replace(/\s/g, "");
    const idType = idNumber.length === 9 ? "cmnd" : "cccd";
    if (idNumber && !(idType === "cmnd" ? CMND.test(idNumber) : isPlausibleCccd(idNumber, options.now))) {
      problem("idNumber", idType === "cmnd" ? "applicant.id_number_cmnd" : "applicant.id_number_cccd");
    }
    const phone = value("phone").replace(/[\s.-]/g, "");
    if (phone && !VN_PHONE.test(phone)) problem("phone", "applicant.phone");
    const email = value("email");
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problem("email", "applicant.email");

    const instant = (name: "receivedAt" | "resolvedAt" | "endedAt") => {
      const text = value(name);
      if (!text) return undefined;
      const at = parseInstant(text);
      if (!at) problem(name, "import.instant", { min: MIN_YEAR, max: MAX_YEAR });
      else if (at > options.now) problem(name, "import.in_future");
      return at;
    };
    const receivedAt = instant("receivedAt");
    const resolvedAt = instant("resolvedAt");
    const endedAt = instant("endedAt");
    const decided = status === "approved" || status === "denied" || status === "returned";
    const ended = status === "returned" || status === "withdrawn" || status === "stopped";
    if (decided && !value("resolvedAt")) problem("resolvedAt", "import.required_for", { status });
    if (!decided && value("resolvedAt")) problem("resolvedAt", "import.not_for", { status });
    if (ended && !value("endedAt")) problem("endedAt", "import.required_for", { status });
    if (!ended && value("endedAt")) problem("endedAt", "import.not_for", { status });
    if (receivedAt && resolvedAt && resolvedAt < receivedAt) problem("resolvedAt", "import.before", { other: "receivedAt" });
    if ((resolvedAt ?? receivedAt) && endedAt && endedAt < (resolvedAt ?? receivedAt)!) {
      problem("endedAt", "import.before", { other: resolvedAt ? "resolvedAt" : "receivedAt" });
    }

    const key = `${agencyCode}#${externalCode}`;
    if (externalCode && seen.has(key)) problem("externalCode", "import.duplicate", { row: seen.get(key)! });
    else if (externalCode) seen.set(key, record.row);

    if (problems.length > before) continue;
    rows.push({
      row: record.row,
      externalCode,
      procedureCode,
      agencyCode,
      channel: channel as "counter" | "post",
      applicant: {
        fullName,
        idType,
        idNumber,
        ...(phone ? { phone } : {}),
        ...(email ? { email } : {}),
        ...(value("address") ? { address: value("address") } : {}),
      },
      delivery: delivery as CounterDossierRow["delivery"],
      receivedAt: receivedAt!,
      status,
      ...(resolvedAt ? { resolvedAt } : {}),
      ...(endedAt ? { endedAt } : {}),
    });
  }
  return problems.length ? { rows: [], problems } : { rows, problems };
}
