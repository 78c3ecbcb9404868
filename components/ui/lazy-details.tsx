"use client";

import { useState, type ReactNode } from "react";

/**
 * A <details> whose content is rendered only once opened: a 50-row table with a price form and an
 * edit form per row would otherwise send every form in the page's HTML.
 */
/** `summaryClassName: ""` leaves the summary unstyled, for a container that styles many at once. */
export function LazyDetails({ summary, className = "", summaryClassName = "cursor-pointer text-xs font-medium text-slate-500 hover:text-slate-900", children }: { summary: ReactNode; className?: string; summaryClassName?: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary className={summaryClassName || undefined}>{summary}</summary>
      {open && children()}
    </details>
  );
}
