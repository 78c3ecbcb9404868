"use client";

import { useMemo, useState } from "react";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/format/amounts";

export interface ValueChartPoint {
  day: string;
  value: string;
  unpricedAssets: number;
}

const RANGES = [
  { id: "1M", days: 31, label: "1 month" },
  { id: "1Y", days: 366, label: "1 year" },
  { id: "All", days: Number.POSITIVE_INFINITY, label: "All time" },
] as const;
type RangeId = (typeof RANGES)[number]["id"];
const MAX_POINTS = 800;

/**
 * The series column by column: a few hundred points as three arrays rather than as objects that
 * repeat their keys (the page's payload carries it, so this is most of the dashboard's bytes).
 */
export interface ValueChartSeries {
  days: string[];
  values: string[];
  unpriced: number[];
}

/**
 * Portfolio value at the end of each day. Values arrive as decimal strings: the tooltip and the
 * screen-reader summary show them as they are; the chart library needs numbers only to draw.
 */
export function ValueChart({ series, currency, locale }: { series: ValueChartSeries; currency: string; locale: string }) {
  const points = useMemo<ValueChartPoint[]>(() => series.days.map((day, i) => ({ day, value: series.values[i] ?? "0", unpricedAssets: series.unpriced[i] ?? 0 })), [series]);
  const [range, setRange] = useState<RangeId>(points.length > 400 ? "1Y" : "All");
  const shown = useMemo(() => {
    const def = RANGES.find((r) => r.id === range)!;
    const slice = Number.isFinite(def.days) ? points.slice(-def.days) : points;
    if (slice.length <= MAX_POINTS) return slice;
    const k = Math.ceil(slice.length / MAX_POINTS);
    const out = slice.filter((_, i) => (slice.length - 1 - i) % k === 0);
    return out;
  }, [points, range]);
  const data = shown.map((p) => ({ day: p.day, y: Number.parseFloat(p.value), label: p.value, unpriced: p.unpricedAssets }));
  const last = shown.at(-1);
  const first = shown[0];
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {first && last ? `${first.day} to ${last.day}: ${formatMoney(first.value, currency, locale)} → ${formatMoney(last.value, currency, locale)}` : "No history yet."}
        </p>
        <div role="group" aria-label="Chart range" className="inline-flex rounded-md shadow-sm ring-1 ring-slate-300">
          {RANGES.map((r) => (
            <button
              key={r.id}
              type="button"
              aria-pressed={range === r.id}
              aria-label={r.label}
              onClick={() => setRange(r.id)}
              className={`px-3 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md focus-visible:outline-2 focus-visible:outline-brand-500 ${range === r.id ? "bg-brand-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50"}`}
            >
              {r.id}
            </button>
          ))}
        </div>
      </div>
      <div className="h-64 w-full" data-testid="value-chart" data-points={data.length} role="img" aria-label={`Portfolio value over time, ${data.length} days${last ? `, latest ${formatMoney(last.value, currency, locale)} on ${last.day}` : ""}`}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <defs>
              <linearGradient id="valueFill" x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="#2f6fed" stopOpacity={0.3} />
                <stop offset="100%" stopColor="#2f6fed" stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickLine={false} axisLine={false} minTickGap={40} />
            <YAxis tickLine={false} axisLine={false} width={80} tickFormatter={(v: number) => new Intl.NumberFormat(locale, { notation: "compact" }).format(v)} />
            <Tooltip formatter={(_v, _n, item) => {
              const p = item.payload as { label: string; unpriced: number };
              return [`${formatMoney(p.label, currency, locale)}${p.unpriced ? ` (${p.unpriced} unpriced)` : ""}`, "Value"];
            }} />
            <Area type="monotone" dataKey="y" stroke="#2f6fed" fill="url(#valueFill)" strokeWidth={2} isAnimationActive={false} dot={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
