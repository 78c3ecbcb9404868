"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A page that failed to render: say so plainly, keep the navigation, offer a retry. The details are in the server log. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <Alert tone="error">
        <p className="font-medium">This page could not be shown.</p>
        <p className="mt-1">Nothing was changed. Try again; if it keeps failing, the server log has the details{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      </Alert>
      <Button type="button" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
