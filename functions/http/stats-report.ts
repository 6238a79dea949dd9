import type { summary } from "../core/stats/service";

/**
 * The statistics as an Excel workbook (docs/api.md `GET /v1/stats/report.xlsx`): the same figures as the summary, per
 * agency and per tier, with the period-end snapshot and the Decision 766 table. `exceljs` is imported here on first
 * use only, so the statistics function's cold start does not load it (stats-app.ts imports this module lazily too).
 */

type Summary = Awaited<ReturnType<typeof summary>>;
type Row = Summary["byAgency"][number];

/** The columns of the agency and tier sheets: header (Vietnamese / English), the row's field, and its format. */
const COLUMNS: { header: string; value: (row: Row) => number | null; percent?: boolean }[] = [
  { header: "Tiếp nhận / Received", value: (r) => r.received },
  { header: "Trực tuyến / Online", value: (r) => r.receivedOnline },
  { header: "Trực tiếp / Counter", value: (r) => r.receivedCounter },
  { header: "Bưu chính / Post", value: (r) => r.receivedPost },
  { header: "Kỳ trước chuyển qua / Carried over", value: (r) => r.carriedOver },
  { header: "Đã giải quyết / Resolved", value: (r) => r.resolved },
  { header: "Trước hạn / Early", value: (r) => r.resolvedEarly },
  { header: "Đúng hạn / On time", value: (r) => r.resolvedOnTime },
  { header: "Quá hạn / Late", value: (r) => r.resolvedLate },
  { header: "Rút hồ sơ / Withdrawn", value: (r) => r.withdrawn },
  { header: "Dừng xử lý / Stopped", value: (r) => r.stopped },
  { header: "Đang giải quyết trong hạn / In progress within time", value: (r) => r.inProgress },
  { header: "Đang giải quyết quá hạn / In progress overdue", value: (r) => r.inProgressOverdue },
  { header: "Chờ bổ sung / Waiting for the citizen", value: (r) => r.waitingForCitizen },
  { header: "Tỷ lệ đúng hạn / On-time rate", value: (r) => r.onTimeRate, percent: true },
  { header: "Tiến độ (QĐ 766) / Progress (Decision 766)", value: (r) => r.progressRate, percent: true },
  { header: "Tỷ lệ trực tuyến / Online uptake", value: (r) => r.onlineUptakeRate, percent: true },
];

const TIER_NAMES: Record<string, string> = {
  central: "Trung ương / Central",
  province: "Tỉnh / Province",
  department: "Sở, ngành / Department",
  commune: "Xã, phường / Commune",
  district: "Huyện (trước 2025) / District (before 2025)",
  unknown: "Không rõ / Unknown",
};

/**
 * Renders the workbook. Throws nothing of its own (exceljs errors would be bugs here).
 */
export async function statsWorkbook(report: Summary): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "dichvucong";
  workbook.created = new Date();
  const period = `${report.from} – ${report.to}`;
  const sheet = (name: string, firstHeaders: string[], rows: { first: (string | null)[]; row: Row }[], total: Row | undefined) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: firstHeaders.length, ySplit: 3 }] });
    ws.addRow([`Thống kê giải quyết thủ tục hành chính / Statistics, ${period}`]).font = { bold: true, size: 13 };
    ws.addRow([`Tình hình đến hết ngày ${report.snapshotDate ?? "—"} / Snapshot at the end of ${report.snapshotDate ?? "—"}`]);
    const header = ws.addRow([...firstHeaders, ...COLUMNS.map((c) => c.header)]);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "top" };
    for (const { first, row } of rows) ws.addRow([...first, ...COLUMNS.map((c) => c.value(row))]);
    if (total) {
      const line = ws.addRow([...firstHeaders.map((_, i) => (i === 0 ? "Tổng / Total" : null)), ...COLUMNS.map((c) => c.value(total))]);
      line.font = { bold: true };
    }
    COLUMNS.forEach((column, i) => {
      const col = ws.getColumn(firstHeaders.length + i + 1);
      col.width = 14;
      if (column.percent) col.numFmt = "0.0%";
    });
    firstHeaders.forEach((_, i) => (ws.getColumn(i + 1).width = i === 0 ? 18 : 36));
  };

  const province = report as unknown as Row;
  sheet(
    "Theo cơ quan (agency)",
    ["Mã cơ quan / Agency code", "Tên / Name", "Cấp / Tier"],
    report.byAgency.map((row) => ({ first: [row.key, row.name, TIER_NAMES[row.tier ?? "unknown"] ?? row.tier], row })),
    report.agency ? undefined : province,
  );
  sheet(
    "Theo cấp (tier)",
    ["Cấp / Tier"],
    report.byTier.map((row) => ({ first: [TIER_NAMES[row.key] ?? row.key], row })),
    report.agency || report.tier ? undefined : province,
  );

  const ws = workbook.addWorksheet("Quyết định 766");
  ws.addRow([`Bộ chỉ số theo Quyết định 766/QĐ-TTg / Decision 766 index, ${period}`]).font = { bold: true, size: 13 };
  ws.addRow([`Điểm / Score: ${report.decision766.score.toFixed(2)} / ${report.decision766.computedWeight.toFixed(2)} tính được (computable) / 100`]);
  const header = ws.addRow(["Nhóm / Group", "Chỉ số / Indicator", "Công thức / Formula", "Trọng số / Weight", "Mục tiêu / Target", "Tỷ lệ / Rate", "Điểm / Score", "Tính được / Computed", "Ghi chú / Note"]);
  header.font = { bold: true };
  for (const group of report.decision766.groups) {
    for (const indicator of group.indicators) {
      ws.addRow([
        group.key,
        indicator.key,
        indicator.formula,
        indicator.weight,
        indicator.target,
        indicator.rate,
        indicator.score,
        indicator.computed ? "có / yes" : "không có dữ liệu / not available",
        indicator.note ?? "",
      ]);
    }
  }
  [16, 22, 60, 10, 10, 10, 10, 18, 60].forEach((width, i) => (ws.getColumn(i + 1).width = width));
  ws.getColumn(5).numFmt = "0%";
  ws.getColumn(6).numFmt = "0.0%";
  ws.getColumn(4).numFmt = "0.00";
  ws.getColumn(7).numFmt = "0.00";

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
