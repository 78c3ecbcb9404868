"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Shown while the worker recomputes: the page keeps the previous figures (or none yet) and
 * refreshes itself until the new result lands, without a reload or a blocked request.
 */
export function Recalculating({ computing = false, intervalMs = 1500 }: { computing?: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(id);
  }, [router, intervalMs]);
  return (
    <div role="status" aria-live="polite" className="mb-4 flex items-center gap-2 rounded-md bg-brand-50 px-3.5 py-2.5 text-sm text-brand-700 ring-1 ring-inset ring-brand-100" data-testid="recalculating">
      <span aria-hidden className="inline-block size-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" />
      {computing ? "Calculating your figures… this page fills in by itself when they are ready." : "Recalculating… the figures below are from before your last change and update by themselves."}
    </div>
  );
}
