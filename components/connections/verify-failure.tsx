import type { VerifyResultDto } from "@/app/(app)/connections/actions";

export function VerifyFailure({ result }: { result: Extract<VerifyResultDto, { ok: false }> }) {
  return (
    <div role="alert" data-testid="verify-failure" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200">
      <p className="font-semibold">{result.title}</p>
      <p className="mt-1">{result.message}</p>
      {result.reasons && result.reasons.length > 0 && (
        <ul className="mt-2 list-disc pl-5">
          {result.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {result.fix && (
        <p className="mt-2">
          <span className="font-medium">How to fix it:</span> {result.fix}
        </p>
      )}
    </div>
  );
}
