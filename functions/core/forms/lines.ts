import { ADMIN_UNITS } from "./admin-units";
import type { FormAnswers, FormDefinition, Text2 } from "./definition";
import { displayDate } from "./formats";
import { answerAt, isVisible } from "./validate";

/**
 * A dossier's answers as the form shows them: sections in order, each answer with its label, in one language.
 * The printable declaration is made from this; any reader (the officer's screen) can use it with the form version
 * the dossier records (`GET /v1/procedures/{code}/forms/{version}`).
 */
export interface AnswerLine {
  /** 0 for a top-level answer, 1 for a part of a person, an address or a group item… */
  depth: number;
  label: string;
  /** Empty for a heading line (a person, a group, an item). */
  value: string;
  path: string;
}
export interface AnswerSection {
  title: string;
  lines: AnswerLine[];
}

const YES = { vi: "Có", en: "Yes" };
const NO = { vi: "Không", en: "No" };

function addressText(value: Record<string, unknown>): string {
  const province = ADMIN_UNITS.provinces.find((p) => p.code === value.province);
  const commune = province?.communes.find((c) => c.code === value.commune);
  return [value.street, commune?.name ?? value.commune, province?.name ?? value.province].filter((x) => typeof x === "string" && x).join(", ");
}

export function answerSections(form: FormDefinition, answers: FormAnswers, language: "vi" | "en"): AnswerSection[] {
  const say = (t: Text2 | undefined, fallback: string) => t?.[language] ?? fallback;
  const uiOf = (path: string) => form.ui.fields[path] ?? form.ui.fields[path.replace(/\.\d+(?=\.|$)/g, ".*")];
  const lines: AnswerLine[] = [];
  const emit = (path: string, value: unknown, depth: number) => {
    const ui = uiOf(path);
    const label = say(ui?.label, path.split(".").at(-1) ?? path);
    if (value === undefined || value === null || value === "") return;
    if (ui?.widget === "address" && typeof value === "object" && !Array.isArray(value)) {
      lines.push({ depth, label, value: addressText(value as Record<string, unknown>), path });
    } else if (Array.isArray(value)) {
      lines.push({ depth, label, value: "", path });
      value.forEach((item, i) => {
        const itemLabel = say(ui?.itemLabel, "#{n}").replace("{n}", String(i + 1));
        lines.push({ depth: depth + 1, label: itemLabel, value: "", path: `${path}.${i}` });
        if (item && typeof item === "object") for (const [k, v] of Object.entries(item)) emit(`${path}.${i}.${k}`, v, depth + 2);
        else emit(`${path}.${i}`, item, depth + 2);
      });
    } else if (typeof value === "object") {
      lines.push({ depth, label, value: "", path });
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) emit(`${path}.${k}`, v, depth + 1);
    } else {
      let text = String(value);
      if (typeof value === "boolean") text = (value ? YES : NO)[language];
      else if (ui?.widget === "date") text = displayDate(text);
      else if (ui?.widget === "money" && typeof value === "number") text = `${value.toLocaleString("vi-VN")} đ`;
      else if (ui?.options?.[text]) text = ui.options[text]![language];
      lines.push({ depth, label, value: text, path });
    }
  };
  const sections: AnswerSection[] = [];
  for (const section of form.ui.sections) {
    if (!isVisible(section.visibleWhen, answers)) continue;
    lines.length = 0;
    for (const field of section.fields) emit(field, answerAt(answers, field), 0);
    if (lines.length) sections.push({ title: say(section.title, section.id), lines: [...lines] });
  }
  return sections;
}
