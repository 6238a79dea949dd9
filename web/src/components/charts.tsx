import type { ComponentChildren } from "preact";
import { integer, percent } from "../format";

/**
 * Inline SVG charts: no library, nothing fetched. Each chart is an image with a title and a description
 * for screen readers; the page also gives the same numbers as a table.
 */

const W = 640;
const H = 240;
const M = { top: 12, right: 12, bottom: 36, left: 44 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11 non-text contrast). */
export const COLORS = { a: "#0b4f9c", b: "#1e6b34", line: "#9b1c1c", rest: "#6b6b6b", grid: "#d0d0d0", text: "#1b1b1b" };

/** A round top for the y axis, so the four gridlines fall on round numbers (0, 10, 20, 30, 40). */
function niceMax(max: number): number {
  if (max <= 4) return 4;
  const rawStep = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rawStep) ?? rawStep;
  return step * 4;
}

function labelStep(n: number) {
  return Math.max(1, Math.ceil(n / 8));
}

function ChartFrame(props: { id: string; title: string; description: string; children: ComponentChildren; legend?: Array<{ color: string; name: string; line?: boolean }> }) {
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`} class="chart-title">
        {props.title}
      </figcaption>
      <svg
        id={props.id}
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-labelledby={`${props.id}-t ${props.id}-d`}
      >
        <title id={`${props.id}-t`}>{props.title}</title>
        <desc id={`${props.id}-d`}>{props.description}</desc>
        {props.children}
      </svg>
      {props.legend ? (
        <ul class="legend">
          {props.legend.map((item) => (
            <li key={item.name}>
              <span class={item.line ? "swatch swatch-line" : "swatch"} style={{ background: item.color }} aria-hidden="true" />
              {item.name}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}

function YAxis(props: { max: number; format: (v: number) => string }) {
  const ticks = [0, 1, 2, 3, 4].map((i) => (props.max * i) / 4);
  return (
    <g>
      {ticks.map((v) => {
        const y = M.top + PH - (v / props.max) * PH;
        return (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y} y2={y} stroke={COLORS.grid} stroke-width="1" />
            <text x={M.left - 6} y={y + 4} text-anchor="end" font-size="12" fill={COLORS.text}>
              {props.format(v)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function XLabels(props: { labels: string[] }) {
  const n = props.labels.length;
  const step = labelStep(n);
  const slot = PW / Math.max(1, n);
  return (
    <g>
      {props.labels.map((label, i) =>
        i % step === 0 ? (
          <text key={i} x={M.left + slot * i + slot / 2} y={H - M.bottom + 18} text-anchor="middle" font-size="12" fill={COLORS.text}>
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}

export function BarPairChart(props: {
  id: string;
  title: string;
  description: string;
  labels: string[];
  a: { name: string; values: number[] };
  b: { name: string; values: number[] };
}) {
  const n = props.labels.length;
  const max = niceMax(Math.max(1, ...props.a.values, ...props.b.values));
  const slot = PW / Math.max(1, n);
  const bar = Math.max(1, Math.min(24, slot * 0.38));
  const y = (v: number) => M.top + PH - (v / max) * PH;
  return (
    <ChartFrame
      id={props.id}
      title={props.title}
      description={props.description}
      legend={[
        { color: COLORS.a, name: props.a.name },
        { color: COLORS.b, name: props.b.name },
      ]}
    >
      <YAxis max={max} format={(v) => integer(v)} />
      {props.labels.map((_, i) => {
        const x = M.left + slot * i + slot / 2;
        const a = props.a.values[i] ?? 0;
        const b = props.b.values[i] ?? 0;
        return (
          <g key={i}>
            <rect x={x - bar} y={y(a)} width={bar} height={M.top + PH - y(a)} fill={COLORS.a} />
            <rect x={x} y={y(b)} width={bar} height={M.top + PH - y(b)} fill={COLORS.b} />
          </g>
        );
      })}
      <XLabels labels={props.labels} />
    </ChartFrame>
  );
}

export function RateLineChart(props: { id: string; title: string; description: string; labels: string[]; values: Array<number | null> }) {
  const n = props.labels.length;
  const slot = PW / Math.max(1, n);
  const x = (i: number) => M.left + slot * i + slot / 2;
  const y = (v: number) => M.top + PH - v * PH;
  // Days with nothing resolved have no rate: the line breaks there.
  const segments: string[] = [];
  let current: string[] = [];
  props.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current.length) segments.push(current.join(" "));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(" "));
  return (
    <ChartFrame id={props.id} title={props.title} description={props.description}>
      <YAxis max={1} format={(v) => percent(v).replace(/[.,]0(?=\s?%)/, "")} />
      {segments.map((points, i) => (
        <polyline key={i} points={points} fill="none" stroke={COLORS.line} stroke-width="2.5" />
      ))}
      {props.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : <circle key={i} cx={x(i)} cy={y(v)} r="3.5" fill={COLORS.line} />))}
      <XLabels labels={props.labels} />
    </ChartFrame>
  );
}

export function ShareBar(props: { id: string; title: string; part: { name: string; value: number }; rest: { name: string; value: number }; shareText: string }) {
  const total = props.part.value + props.rest.value;
  const share = total > 0 ? props.part.value / total : 0;
  const width = 600;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`} class="chart-title">
        {props.title}
      </figcaption>
      <svg id={props.id} viewBox={`0 0 ${width} 40`} width="100%" role="img" aria-labelledby={`${props.id}-t`}>
        <title id={`${props.id}-t`}>{`${props.title}: ${props.shareText}`}</title>
        <rect x="0" y="4" width={width} height="32" fill={COLORS.rest} />
        <rect x="0" y="4" width={Math.round(width * share)} height="32" fill={COLORS.a} />
      </svg>
      <ul class="legend">
        <li>
          <span class="swatch" style={{ background: COLORS.a }} aria-hidden="true" />
          {props.part.name}: {integer(props.part.value)} ({props.shareText})
        </li>
        <li>
          <span class="swatch" style={{ background: COLORS.rest }} aria-hidden="true" />
          {props.rest.name}: {integer(props.rest.value)}
        </li>
      </ul>
    </figure>
  );
}
