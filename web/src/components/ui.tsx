import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api";
import { lang, t, type MessageKey } from "../i18n";

/**
 * Small building blocks shared by the pages. Every field renders its label, hint and error and ties them to
 * the control with `for` / `aria-describedby`, so screen readers read the error with the field.
 */

/** The page's h1. After an in-app navigation it takes the focus, so keyboard and screen-reader users start there. */
export function PageHeading(props: { title: string; focus: boolean; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} – ${t("app.name")}`;
  }, [props.title, lang()]);
  useEffect(() => {
    if (props.focus) ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children ?? props.title}
    </h1>
  );
}

export const describedBy = (...ids: Array<string | false | undefined>) => ids.filter(Boolean).join(" ") || undefined;

interface FieldBase {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
}

function FieldText(props: FieldBase) {
  return (
    <>
      <label for={props.id}>
        {props.label}
        {props.optional ? <span class="optional"> {t("form.optional")}</span> : null}
      </label>
      {props.hint ? (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
      <ErrorText id={`${props.id}-error`} message={props.error} />
    </>
  );
}

export function ErrorText(props: { id: string; message?: string }) {
  if (!props.message) return null;
  return (
    <p id={props.id} class="error-message">
      <span class="visually-hidden">{t("form.error_prefix")} </span>
      {props.message}
    </p>
  );
}

export function TextField(
  props: FieldBase & {
    value: string;
    onValue: (value: string) => void;
    type?: "text" | "email" | "tel" | "date" | "search" | "password";
    autoComplete?: string;
    inputMode?: "text" | "numeric" | "tel" | "email" | "search";
    maxLength?: number;
    spellcheck?: boolean;
    width?: "short" | "medium" | "full";
  },
) {
  return (
    <div class={`field${props.error ? " field-error" : ""}`}>
      <FieldText {...props} />
      <input
        id={props.id}
        name={props.id}
        class={`input input-${props.width ?? "full"}`}
        type={(props.type ?? "text") as "text"}
        value={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        spellcheck={props.spellcheck}
        aria-required={props.optional ? undefined : "true"}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props.hint && `${props.id}-hint`, props.error && `${props.id}-error`)}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </div>
  );
}

export function TextArea(props: FieldBase & { value: string; onValue: (value: string) => void; rows?: number; maxLength?: number }) {
  return (
    <div class={`field${props.error ? " field-error" : ""}`}>
      <FieldText {...props} />
      <textarea
        id={props.id}
        name={props.id}
        class="input"
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        value={props.value}
        aria-required={props.optional ? undefined : "true"}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props.hint && `${props.id}-hint`, props.error && `${props.id}-error`)}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </div>
  );
}

export function SelectField(
  props: FieldBase & { value: string; onValue: (value: string) => void; options: Array<{ value: string; label: string }> },
) {
  return (
    <div class="field">
      <FieldText {...props} />
      <select
        id={props.id}
        name={props.id}
        class="input"
        value={props.value}
        aria-describedby={describedBy(props.hint && `${props.id}-hint`, props.error && `${props.id}-error`)}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function RadioGroup(
  props: FieldBase & {
    name: string;
    value: string;
    onValue: (value: string) => void;
    options: Array<{ value: string; label: string; hint?: string }>;
    inline?: boolean;
  },
) {
  return (
    <fieldset
      class={`field${props.error ? " field-error" : ""}`}
      id={props.id}
      tabIndex={-1}
      aria-describedby={describedBy(props.hint && `${props.id}-hint`, props.error && `${props.id}-error`)}
    >
      <legend>{props.label}</legend>
      {props.hint ? (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
      <ErrorText id={`${props.id}-error`} message={props.error} />
      <div class={props.inline ? "radios radios-inline" : "radios"}>
        {props.options.map((o) => {
          const id = `${props.id}-${o.value}`;
          return (
            <div class="radio" key={o.value}>
              <input
                type="radio"
                id={id}
                name={props.name}
                value={o.value}
                checked={props.value === o.value}
                aria-describedby={o.hint ? `${id}-hint` : undefined}
                onChange={() => props.onValue(o.value)}
              />
              <label for={id}>{o.label}</label>
              {o.hint ? (
                <p class="hint radio-hint" id={`${id}-hint`}>
                  {o.hint}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function Checkbox(props: { id: string; label: string; hint?: string; checked: boolean; onValue: (checked: boolean) => void }) {
  return (
    <div class="checkbox">
      <input
        type="checkbox"
        id={props.id}
        checked={props.checked}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onChange={(e) => props.onValue(e.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint checkbox-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

export interface SummaryItem {
  /** id of the control to focus */
  target: string;
  message: string;
}

/** The list of errors at the top of a form; takes the focus when it appears; each item links to its field. */
export function ErrorSummary(props: { items: SummaryItem[]; focusKey: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.items.length) ref.current?.focus();
  }, [props.focusKey]);
  if (!props.items.length) return null;
  return (
    <div class="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t("form.error_summary")}</h2>
      <ul>
        {props.items.map((item) => (
          <li key={item.target + item.message}>
            <a
              href={`#${item.target}`}
              onClick={(e) => {
                e.preventDefault();
                focusControl(item.target);
              }}
            >
              {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Focuses a field by id: a radio group's first option, else the element itself. */
export function focusControl(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  const target = element.tagName === "FIELDSET" ? (element.querySelector("input:checked, input") as HTMLElement | null) ?? element : element;
  target.focus();
  target.scrollIntoView?.({ block: "center" });
}

export function Notice(props: { kind?: "info" | "warning" | "error" | "success"; title?: string; children?: ComponentChildren; role?: "alert" | "status" | "note"; id?: string }) {
  const kind = props.kind ?? "info";
  return (
    <div class={`notice notice-${kind}`} role={props.role} id={props.id}>
      {props.title ? <p class="notice-title">{props.title}</p> : null}
      {props.children}
    </div>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      {props.label ?? t("common.loading")}
    </p>
  );
}

/** The text for a failed call: the API's own (localised) problem title and detail, or a network message. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.reason === "timeout") return t("error.timeout");
    if (err.reason === "network") return t("error.network");
    if (err.problem) return [err.problem.title, err.problem.detail].filter(Boolean).join(". ");
    return t("error.http", { status: err.status });
  }
  return t("error.unexpected");
}

export function ErrorNotice(props: { error: unknown; onRetry?: () => void; title?: MessageKey }) {
  return (
    <Notice kind="error" role="alert" title={t(props.title ?? "error.title")}>
      <p>{errorText(props.error)}</p>
      {props.onRetry ? (
        <button type="button" class="button button-secondary" onClick={props.onRetry}>
          {t("common.retry")}
        </button>
      ) : null}
    </Notice>
  );
}

/** Loads something when `deps` change; the latest answer wins. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error) => !controller.signal.aborted && setState({ error, loading: false }),
    );
    return () => controller.abort();
  }, [...deps, attempt]);
  return { ...state, reload: () => setAttempt((n) => n + 1) };
}

/** Polite announcements for screen readers (results counts, copy confirmations). */
export function announce(message: string) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => (region.textContent = message), 50);
}
