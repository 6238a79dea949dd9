import { describe, expect, it } from "vitest";
import { Agency, Procedure } from "../../functions/core/catalogue/model";
import { counterImportKey, planCounterImport } from "../../functions/core/intake/counter-import";

const commune = Agency.parse({ code: "000.00.31.H99", name: "UBND phường Thử Nghiệm", tier: "commune", parentCode: null });
const procedure = Procedure.parse({
  code: "1.001193",
  name: "Đăng ký khai sinh",
  field: "Hộ tịch",
  agencyCode: commune.code,
  level: "partial",
  processingDays: 3,
  fee: { amount: 0, currency: "VND", serviceFee: 0, charge: 0 },
  documents: [],
  resultDelivery: ["in_person"],
});
const catalogue = { agencies: [commune], procedures: [procedure] };
const now = new Date("2026-12-01T03:00:00Z");

describe("reading a one-stop system's counter dossiers (dossiers import-counter FILE.csv)", () => {
  it("reads Vietnamese headers, a semicolon file, Vietnam-time dates, and defaults channel, delivery and agency", () => {
    const csv = [
      "ma_ho_so;ma_thu_tuc;ho_ten;so_giay_to;so_dien_thoai;ngay_tiep_nhan;trang_thai;ngay_giai_quyet;ngay_ket_thuc;kenh",
      "MC-0001;1.001193;Nguyễn Văn An;001090012345;0912 345 678;02/11/2026 09:00;;;;",
      "MC-0002;1.001193;Trần Thị Bình;123456789;;2026-11-02 10:30;returned;2026-11-04 15:00;05/11/2026 08:00;post",
    ].join("\r\n");
    const plan = planCounterImport(csv, catalogue, { now });
    expect(plan.problems).toEqual([]);
    expect(plan.rows).toEqual([
      {
        row: 2,
        externalCode: "MC-0001",
        procedureCode: "1.001193",
        agencyCode: commune.code,
        channel: "counter",
        applicant: { fullName: "Nguyễn Văn An", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
        delivery: "in_person",
        receivedAt: new Date("2026-11-02T09:00:00+07:00"),
        status: "received",
      },
      {
        row: 3,
        externalCode: "MC-0002",
        procedureCode: "1.001193",
        agencyCode: commune.code,
        channel: "post",
        applicant: { fullName: "Trần Thị Bình", idType: "cmnd", idNumber: "123456789" },
        delivery: "in_person",
        receivedAt: new Date("2026-11-02T10:30:00+07:00"),
        status: "returned",
        resolvedAt: new Date("2026-11-04T15:00:00+07:00"),
        endedAt: new Date("2026-11-05T08:00:00+07:00"),
      },
    ]);
    expect(counterImportKey(plan.rows[0]!)).toBe(`counter-import:${commune.code}:MC-0001`);
  });

  it("reports every problem with its row and column, and plans nothing when there is one", () => {
    const csv = [
      "externalCode,procedureCode,agencyCode,fullName,idNumber,phone,receivedAt,status,resolvedAt,channel",
      "A1,1.001193,,Nguyễn Văn An,001090012345,,2026-11-02T09:00:00+07:00,,,counter", // good
      "A2,9.999999,000.00.99.H99,B,12345,0123,2026-13-02 09:00,approved,,online", // many problems
      "A1,1.001193,,Lê Văn Cường,001090012345,,2027-01-05 09:00,withdrawn,2026-11-03 09:00,", // duplicate, future, resolvedAt not for withdrawn, endedAt missing
      "A4,1.001193,,Phạm Thị Dung,001090012345,,2026-11-05 09:00,approved,2026-11-04 09:00,", // resolved before received
    ].join("\n");
    const plan = planCounterImport(csv, catalogue, { now });
    expect(plan.rows).toEqual([]);
    expect(plan.problems.map((p) => [p.row, p.column])).toEqual([
      [3, "procedureCode"],
      [3, "agencyCode"],
      [3, "channel"],
      [3, "fullName"],
      [3, "idNumber"],
      [3, "phone"],
      [3, "receivedAt"],
      [3, "resolvedAt"],
      [4, "receivedAt"],
      [4, "resolvedAt"],
      [4, "endedAt"],
      [4, "resolvedAt"], // before the (future) receipt
      [4, "externalCode"],
      [5, "resolvedAt"],
    ]);
    expect(plan.problems.find((p) => p.row === 4 && p.column === "externalCode")?.message).toBe("The same dossier code as row 2");
    expect(plan.problems.find((p) => p.row === 3 && p.column === "procedureCode")?.message).toBe("No procedure 9.999999 in the catalogue");
  });

  it("names unknown and missing columns, in Vietnamese when asked", () => {
    const plan = planCounterImport("ma_ho_so,ho_ten,mau_sac\nX,Y,Z", catalogue, { now, language: "vi" });
    expect(plan.problems).toEqual([
      { row: 1, column: "mau_sac", message: "Cột không được hỗ trợ: mau_sac" },
      { row: 1, column: "procedureCode", message: "Thiếu cột bắt buộc procedureCode" },
      { row: 1, column: "idNumber", message: "Thiếu cột bắt buộc idNumber" },
      { row: 1, column: "receivedAt", message: "Thiếu cột bắt buộc receivedAt" },
    ]);
    expect(planCounterImport("", catalogue, { now }).problems[0]!.column).toBe("file");
    expect(planCounterImport('ma_ho_so\n"open', catalogue, { now }).problems[0]!.message).toMatch(/never closed/);
  });
});
