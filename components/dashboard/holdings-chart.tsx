"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Cost basis by asset. Values arrive as decimal strings; the chart library needs numbers only to draw bar heights. */
export function HoldingsChart({ data, currency }: { data: { asset: string; costBasis: string }[]; currency: string }) {
  const points = data.slice(0, 12).map((d) => ({ asset: d.asset, costBasis: Number.parseFloat(d.costBasis), label: d.costBasis }));
  return (
    <div className="h-64 w-full" data-testid="holdings-chart" role="img" aria-label={`Cost basis by asset: ${data.map((d) => `${d.asset} ${d.costBasis} ${currency}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="asset" tickLine={false} axisLine={false} />
          <YAxis tickLine={false} axisLine={false} width={80} tickFormatter={(v: number) => new Intl.NumberFormat("en-US", { notation: "compact" }).format(v)} />
          <Tooltip formatter={(_v, _n, item) => [`${(item.payload as { label: string }).label} ${currency}`, "Cost basis"]} />
          <Bar dataKey="costBasis" fill="#2f6fed" radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
