import { existsSync, readFileSync } from "node:fs";
import { Agency, Procedure, type ProcedureInput } from "../functions/core/catalogue/model";
import { SAMPLE_CATALOGUE_FILE } from "../functions/local/seed";
import { prng } from "../functions/core/prng";

/**
 * A province-sized catalogue (2,000 procedures) for benchmarks: from the sample catalogue when it exists,
 * else from real procedure names below. Names vary by combining a real name with a qualifier or an agency,
 * as real catalogues do ("… cấp tỉnh", "… tại UBND cấp xã"), so the vocabulary and name lengths stay realistic.
 */

const REAL_NAMES: [string, string][] = [
  ["Đăng ký khai sinh", "Hộ tịch"],
  ["Đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch"],
  ["Đăng ký kết hôn", "Hộ tịch"],
  ["Đăng ký khai tử", "Hộ tịch"],
  ["Đăng ký nhận cha, mẹ, con", "Hộ tịch"],
  ["Cấp bản sao trích lục hộ tịch", "Hộ tịch"],
  ["Xác nhận tình trạng hôn nhân", "Hộ tịch"],
  ["Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch"],
  ["Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực"],
  ["Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực"],
  ["Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", "Chứng thực"],
  ["Cấp phiếu lý lịch tư pháp cho công dân Việt Nam", "Lý lịch tư pháp"],
  ["Đăng ký thành lập hộ kinh doanh", "Đăng ký kinh doanh"],
  ["Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "Đăng ký kinh doanh"],
  ["Đăng ký thành lập doanh nghiệp tư nhân", "Đăng ký kinh doanh"],
  ["Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên", "Đăng ký kinh doanh"],
  ["Đăng ký hoạt động chi nhánh, văn phòng đại diện", "Đăng ký kinh doanh"],
  ["Tạm ngừng kinh doanh", "Đăng ký kinh doanh"],
  ["Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"],
  ["Cấp giấy phép xây dựng mới đối với công trình cấp III", "Xây dựng"],
  ["Điều chỉnh giấy phép xây dựng", "Xây dựng"],
  ["Cấp chứng chỉ hành nghề hoạt động xây dựng", "Xây dựng"],
  ["Đăng ký đất đai, tài sản gắn liền với đất lần đầu", "Đất đai"],
  ["Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "Đất đai"],
  ["Cấp đổi giấy chứng nhận quyền sử dụng đất", "Đất đai"],
  ["Cấp lại giấy chứng nhận quyền sử dụng đất do bị mất", "Đất đai"],
  ["Chuyển mục đích sử dụng đất", "Đất đai"],
  ["Cung cấp thông tin, dữ liệu đất đai", "Đất đai"],
  ["Đổi giấy phép lái xe do ngành giao thông vận tải cấp", "Đường bộ"],
  ["Cấp lại giấy phép lái xe", "Đường bộ"],
  ["Cấp giấy phép kinh doanh vận tải bằng xe ô tô", "Đường bộ"],
  ["Cấp phù hiệu xe ô tô kinh doanh vận tải", "Đường bộ"],
  ["Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm"],
  ["Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước"],
  ["Cấp giấy phép kinh doanh bán lẻ sản phẩm thuốc lá", "Lưu thông hàng hóa trong nước"],
  ["Cấp chứng chỉ hành nghề dược", "Dược phẩm"],
  ["Cấp giấy chứng nhận đủ điều kiện kinh doanh dược", "Dược phẩm"],
  ["Cấp giấy phép hoạt động đối với phòng khám đa khoa", "Khám bệnh, chữa bệnh"],
  ["Công nhận trường mầm non đạt chuẩn quốc gia", "Giáo dục và đào tạo"],
  ["Chuyển trường đối với học sinh trung học cơ sở", "Giáo dục và đào tạo"],
  ["Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Giáo dục và đào tạo"],
  ["Hỗ trợ chi phí học tập đối với trẻ mẫu giáo", "Giáo dục và đào tạo"],
  ["Giải quyết hưởng trợ cấp thất nghiệp", "Việc làm"],
  ["Cấp giấy phép lao động cho người lao động nước ngoài", "Việc làm"],
  ["Trợ cấp xã hội hằng tháng đối với người cao tuổi", "Bảo trợ xã hội"],
  ["Xác định mức độ khuyết tật và cấp giấy xác nhận khuyết tật", "Bảo trợ xã hội"],
  ["Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội"],
  ["Đăng ký thường trú", "Đăng ký, quản lý cư trú"],
  ["Đăng ký tạm trú", "Đăng ký, quản lý cư trú"],
  ["Cấp giấy phép khai thác, sử dụng nước mặt", "Tài nguyên nước"],
  ["Thẩm định báo cáo đánh giá tác động môi trường", "Môi trường"],
  ["Cấp giấy phép môi trường", "Môi trường"],
  ["Đăng ký công bố hợp quy sản phẩm", "Tiêu chuẩn đo lường chất lượng"],
  ["Cấp giấy phép tổ chức lễ hội", "Văn hóa"],
  ["Cấp giấy phép kinh doanh dịch vụ karaoke", "Văn hóa"],
  ["Công nhận hạng cơ sở lưu trú du lịch", "Du lịch"],
  ["Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa", "Du lịch"],
  ["Thủ tục giải quyết khiếu nại lần đầu", "Giải quyết khiếu nại"],
  ["Thủ tục tiếp công dân", "Tiếp công dân"],
  ["Cấp giấy chứng nhận đăng ký hợp tác xã", "Thành lập và hoạt động của hợp tác xã"],
];

const QUALIFIERS = [
  "cấp tỉnh",
  "cấp xã",
  "tại Trung tâm Phục vụ hành chính công",
  "thực hiện tại UBND cấp xã",
  "có yếu tố nước ngoài",
  "lần đầu",
  "trường hợp cấp lại",
  "trường hợp điều chỉnh",
  "gia hạn",
  "đối với tổ chức",
  "đối với cá nhân",
  "liên thông",
];

const LEVELS = ["full", "partial", "info"] as const;

interface Base {
  name: string;
  field: string;
  template?: Procedure;
}

function generatedAgencies(): Agency[] {
  const province = Agency.parse({ code: "000.00.00.H99", name: "UBND tỉnh Mẫu", tier: "province" });
  const departments = [
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Tài chính",
    "Sở Nông nghiệp và Môi trường",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Nội vụ",
    "Trung tâm Phục vụ hành chính công",
  ].map((name, i) => Agency.parse({ code: `000.${String(i + 1).padStart(2, "0")}.00.H99`, name, tier: "department", parentCode: province.code }));
  const communes = Array.from({ length: 30 }, (_, i) =>
    Agency.parse({ code: `000.00.${String(i + 1).padStart(2, "0")}.H99`, name: `UBND xã Mẫu ${i + 1}`, tier: "commune", parentCode: province.code }),
  );
  return [province, ...departments, ...communes];
}

/** 2,000 procedures (or `size`) with their agencies; `source` says where the names came from. */
export function benchCatalogue(size = 2_000): { agencies: Agency[]; procedures: Procedure[]; source: string } {
  let agencies: Agency[];
  let bases: Base[];
  let source: string;
  if (existsSync(SAMPLE_CATALOGUE_FILE)) {
    const file = JSON.parse(readFileSync(SAMPLE_CATALOGUE_FILE, "utf8")) as { agencies: unknown[]; procedures: unknown[] };
    agencies = file.agencies.map((a) => Agency.parse(a));
    bases = file.procedures.map((p) => {
      const template = Procedure.parse(p);
      return { name: template.name, field: template.field, template };
    });
    source = `the sample catalogue (${bases.length} procedures, ${agencies.length} agencies) varied to ${size}`;
  } else {
    agencies = generatedAgencies();
    bases = REAL_NAMES.map(([name, field]) => ({ name, field }));
    source = `a generator (${bases.length} real procedure names × qualifiers and ${agencies.length} agencies)`;
  }
  const random = prng(20_251_124);
  const procedures: Procedure[] = [];
  for (let i = 0; i < size; i++) {
    const base = bases[i % bases.length]!;
    const round = Math.floor(i / bases.length);
    const agency = agencies[Math.floor(random() * agencies.length)]!;
    const name =
      round === 0
        ? base.name
        : round % 3 === 0
          ? `${base.name} tại ${agency.name}`
          : `${base.name} ${QUALIFIERS[(round + i) % QUALIFIERS.length]}`;
    const level = LEVELS[Math.floor(random() * LEVELS.length)]!;
    const input: ProcedureInput = {
      ...(base.template ?? {
        fee: { amount: 0, serviceFee: 0, charge: 0 },
        documents: [{ key: "to-khai", name: "Tờ khai", required: true }],
        processingDays: 1 + Math.floor(random() * 20),
      }),
      code: `${(i % 9) + 1}.${String(500_000 + i)}`,
      name,
      field: base.field,
      agencyCode: base.template && round === 0 ? base.template.agencyCode : agency.code,
      level,
      resultDelivery: level === "full" ? ["online", "post"] : ["in_person", "online"],
    };
    procedures.push(Procedure.parse(input));
  }
  return { agencies, procedures, source };
}
