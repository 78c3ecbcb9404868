"use client";

import { useState, type ReactNode } from "react";

/**
 * A <details> whose content is rendered only once opened: a 50-row table with a price form and an
 * edit form per row would otherwise send every form in the page's HTML.
 */
export function LazyDetails({ summary, className = "", children }: { summary: ReactNode; className?: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer text-xs font-medium text-slate-500 hover:text-slate-900">{summary}</summary>
      {open && children()}
    </details>
  );
}
