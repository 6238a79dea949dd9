import type { Agency, Procedure, ProcedureInput } from "../../functions/core/catalogue/model";
import { Agency as AgencySchema, Procedure as ProcedureSchema } from "../../functions/core/catalogue/model";

/**
 * Small catalogues for tests. Each call takes a `tag` so that tests running in parallel against one table use
 * their own codes (DESIGN.md "unique ids per test"): agency codes end in the tag's province letter + digits,
 * procedure codes use the tag as their first digits.
 */

/** A unique two-digit-ish number per call, for codes (procedure codes have 6 digits after the dot). */
let counter = Math.floor(Math.random() * 9000);
export function uniqueTag(): number {
  counter = (counter + 1) % 10_000;
  return counter;
}

export function agencyCode(tag: number, unit: number): string {
  return `000.${String(unit).padStart(2, "0")}.${String(tag % 100).padStart(2, "0")}.T${String(Math.floor(tag / 100)).padStart(2, "0")}`;
}

export function procedureCode(tag: number, n: number): string {
  return `${n % 10}.${String(tag).padStart(4, "0")}${String(Math.floor(n / 10)).padStart(2, "0")}`;
}

export function makeAgency(overrides: Partial<Agency> & { code: string }): Agency {
  return AgencySchema.parse({ name: `Cơ quan ${overrides.code}`, tier: "department", parentCode: null, ...overrides });
}

export function makeProcedure(overrides: Partial<ProcedureInput> & { code: string; name: string; agencyCode: string }): Procedure {
  return ProcedureSchema.parse({
    field: "Hộ tịch",
    level: "partial",
    processingDays: 5,
    fee: { amount: 0, serviceFee: 0, charge: 0 },
    documents: [{ key: "to-khai", name: "Tờ khai", required: true }],
    resultDelivery: ["online", "in_person"],
    ...overrides,
  } satisfies ProcedureInput);
}

export const SAMPLE_NAMES = [
  "Đăng ký khai sinh",
  "Đăng ký khai sinh có yếu tố nước ngoài",
  "Đăng ký kết hôn",
  "Đăng ký khai tử",
  "Đăng ký hộ kinh doanh",
  "Đăng ký hoạt động chi nhánh",
  "Đăng ký thành lập doanh nghiệp tư nhân",
  "Cấp giấy phép xây dựng nhà ở riêng lẻ",
  "Cấp giấy phép lái xe",
  "Cấp lại giấy chứng nhận quyền sử dụng đất",
  "Khai thác thông tin hộ tịch",
  "Cấp phiếu lý lịch tư pháp",
  "Thủ tục chứng thực bản sao từ bản chính",
  "Đăng ký thường trú",
  "Xác nhận tình trạng hôn nhân",
  "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm",
  "Đăng ký biến động đất đai",
  "Cấp đổi giấy phép lái xe",
  "Đăng ký kinh doanh dịch vụ lữ hành",
  "Hỗ trợ học tập đối với trẻ mẫu giáo",
] as const;

const FIELDS = ["Hộ tịch", "Đăng ký kinh doanh", "Xây dựng", "Đất đai", "Giao thông vận tải", "Tư pháp"];

/**
 * A catalogue of `size` procedures over three agencies: names cycle through SAMPLE_NAMES (suffixed after the
 * first round so they stay distinct), levels and fields rotate, every third procedure has a receiving unit.
 */
export function makeCatalogue(tag: number, size: number = SAMPLE_NAMES.length) {
  const province = makeAgency({ code: agencyCode(tag, 0), name: "UBND tỉnh Thử nghiệm", tier: "province" });
  const centre = makeAgency({
    code: agencyCode(tag, 1),
    name: "Trung tâm Phục vụ hành chính công",
    tier: "department",
    parentCode: province.code,
  });
  const justice = makeAgency({ code: agencyCode(tag, 2), name: "Sở Tư pháp", tier: "department", parentCode: province.code });
  const agencies = [province, centre, justice];
  const levels = ["full", "partial", "info"] as const;
  const procedures = Array.from({ length: size }, (_, i) => {
    const base = SAMPLE_NAMES[i % SAMPLE_NAMES.length]!;
    const round = Math.floor(i / SAMPLE_NAMES.length);
    return makeProcedure({
      code: procedureCode(tag, i),
      name: round === 0 ? base : `${base} lần ${round + 1}`,
      field: FIELDS[i % FIELDS.length]!,
      agencyCode: i % 2 === 0 ? justice.code : province.code,
      ...(i % 3 === 0 ? { receivingAgencyCode: centre.code } : {}),
      level: levels[i % levels.length]!,
      processingDays: i % 20,
      fee: { amount: (i % 4) * 10_000, serviceFee: (i % 4) * 10_000, charge: 0 },
    });
  });
  return { agencies, procedures };
}
