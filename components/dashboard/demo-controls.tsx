"use client";

import { useActionState } from "react";
import { loadDemoAction, removeDemoAction, type DemoState } from "@/app/(app)/dashboard/actions";
import { buttonClass } from "@/components/ui/button";

export function LoadDemoButton() {
  const [state, action, pending] = useActionState<DemoState, FormData>(loadDemoAction, {});
  return (
    <form action={action} className="inline-flex flex-col items-center gap-1">
      <button type="submit" disabled={pending} className={buttonClass("secondary")}>
        {pending ? "Loading the demo…" : "Explore with a demo portfolio"}
      </button>
      {state.error && (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      )}
    </form>
  );
}

export function RemoveDemoBanner() {
  return (
    <form action={removeDemoAction} className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md bg-violet-50 px-3.5 py-2.5 text-sm text-violet-900 ring-1 ring-inset ring-violet-200" data-testid="demo-banner">
      <span>You are exploring the demo portfolio: two exchanges and a hardware wallet with made-up history and a few warnings to fix.</span>
      <button type="submit" className={buttonClass("secondary", "py-1")}>
        Remove the demo
      </button>
    </form>
  );
}
