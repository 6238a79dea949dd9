import fontkit from "@pdf-lib/fontkit";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { FormDefinition } from "../../core/forms/definition";
import { answerSections } from "../../core/forms/lines";
import type { Dossier } from "../../core/dossier/model";

/**
 * The printable declaration (tờ khai) made at submission: the filled form, in Vietnamese, with DejaVu Sans (every
 * Vietnamese glyph) embedded as a subset. pdf-lib writes it; nothing is rendered through a browser.
 */

let fontBytes: Uint8Array | undefined;
/** Deployed, the font is copied beside the function's code (stacks/Api.ts `copyFiles`); elsewhere, from node_modules. */
function font(): Uint8Array {
  // The bundle's entry and chunks sit in the asset's functions/, the copied font in its fonts/.
  const copied = [new URL("../fonts/DejaVuSans.ttf", import.meta.url), new URL("./fonts/DejaVuSans.ttf", import.meta.url)].map((u) => fileURLToPath(u)).find((f) => existsSync(f));
  fontBytes ??= readFileSync(copied ?? createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"));
  return fontBytes;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

export async function renderDeclarationPdf(dossier: Dossier, form: FormDefinition, at: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular: PDFFont = await doc.embedFont(font(), { subset: true });
  doc.setTitle(`${form.title.vi} — ${dossier.code}`);
  doc.setCreator("dichvucong");
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;

  const wrap = (text: string, size: number, indent: number): string[] => {
    const out: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (regular.widthOfTextAtSize(candidate, size) > width - indent && line) {
        out.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) out.push(line);
    return out;
  };
  const write = (text: string, size = 10, indent = 0, gap = 4) => {
    for (const line of wrap(text, size, indent)) {
      if (y < MARGIN + size) {
        page = doc.addPage(A4);
        y = A4[1] - MARGIN;
      }
      page.drawText(line, { x: MARGIN + indent, y: y - size, size, font: regular, color: rgb(0, 0, 0) });
      y -= size + gap;
    }
  };

  write("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, 120);
  write("Độc lập - Tự do - Hạnh phúc", 10, 160, 14);
  write(form.title.vi.toUpperCase(), 14, 0, 6);
  write(`Mẫu: ${form.source}`, 8, 0, 10);
  write(`Hồ sơ số ${dossier.code} — ${dossier.procedureName} — phiên bản tờ khai ${form.version}`, 9, 0, 10);
  write("Người nộp hồ sơ", 12, 0, 6);
  write(`Họ và tên: ${dossier.applicant.fullName}`, 10, 12);
  write(`Số định danh: ${dossier.applicant.idNumber}`, 10, 12);
  write(`Điện thoại: ${dossier.applicant.phone}`, 10, 12, 10);
  for (const section of answerSections(form, dossier.formData, "vi")) {
    write(section.title, 12, 0, 6);
    for (const line of section.lines) write(line.value ? `${line.label}: ${line.value}` : `${line.label}`, 10, 12 + line.depth * 12);
    y -= 6;
  }
  y -= 10;
  write(`Nộp trực tuyến lúc ${at.toISOString()}. Tôi cam đoan những nội dung khai trên đây là đúng sự thật.`, 9);
  return doc.save({ useObjectStreams: false });
}
