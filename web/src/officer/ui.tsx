import { useEffect, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { dateTimeIn } from "../datetime";
import { ApiError } from "./api";
import { locale, t, type OfficerKey } from "./i18n";

/** Small shared pieces of the back office (the citizens' ui.tsx carries its own message file). */

export function navigate(to: string, replace = false) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  dispatchEvent(new PopStateEvent("popstate"));
}

/** A link inside the back office: the router handles it without reloading. */
export function Link(props: { href: string; children: ComponentChildren; class?: string; "aria-current"?: "page" }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props["aria-current"]}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

export function Heading(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children}
    </h1>
  );
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t("o.error.network");
    if (err.status === 403) return t("o.forbidden");
    return err.problem?.detail ?? err.problem?.title ?? t("o.error.http", { status: err.status });
  }
  return err instanceof Error ? err.message : String(err);
}

export function Notice(props: { kind?: "error" | "success" | "warning"; role?: "alert" | "status"; children: ComponentChildren }) {
  return (
    <div class={`notice${props.kind ? ` notice-${props.kind}` : ""}`} role={props.role}>
      {props.children}
    </div>
  );
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1), set: (data: T) => setState({ data, loading: false }) };
}

/** A form field kept in sessionStorage as it is typed, so an expired session or a conflict loses nothing. */
export function useDraft<T>(key: string, initial: T): [T, (v: T) => void, () => void] {
  const storageKey = `dvc.officer.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = sessionStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as T) : initial;
    } catch {
      return initial;
    }
  });
  const set = (v: T) => {
    setValue(v);
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(v));
    } catch {
      /* storage full or off */
    }
  };
  const clear = () => {
    sessionStorage.removeItem(storageKey);
    setValue(initial);
  };
  return [value, set, clear];
}

/** 17:00 08/12/2026 (Vietnam time, the whole year, as the slips print it). */
export const dateTime = (iso: string | null | undefined): string => dateTimeIn(locale(), iso) || "—";

/** The working time left (the API's `workingMinutesLeft`; else wall-clock time to `dueAt`). */
export function timeLeft(dueAt: string | null | undefined, workingMinutes?: number | null): string {
  if (!dueAt) return t("o.left.none");
  const hours = typeof workingMinutes === "number" ? Math.round(workingMinutes / 60) : Math.round((Date.parse(dueAt) - Date.now()) / 3_600_000);
  // A working day has 8 working hours.
  if (typeof workingMinutes === "number") {
    if (hours >= 0) return hours >= 16 ? t("o.left.days", { n: Math.floor(hours / 8) }) : t("o.left.hours", { n: hours });
    return -hours >= 16 ? t("o.left.over_days", { n: Math.floor(-hours / 8) }) : t("o.left.over", { n: -hours });
  }
  if (hours >= 0) return hours >= 48 ? t("o.left.days", { n: Math.floor(hours / 24) }) : t("o.left.hours", { n: hours });
  return -hours >= 48 ? t("o.left.over_days", { n: Math.floor(-hours / 24) }) : t("o.left.over", { n: -hours });
}

export function statusLabel(status: string): string {
  return t(`o.status.${status}` as OfficerKey);
}

export function money(amount: number): string {
  return new Intl.NumberFormat(locale(), { style: "currency", currency: "VND" }).format(amount);
}
