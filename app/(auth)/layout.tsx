import Link from "next/link";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 flex items-center gap-2 text-xl font-semibold tracking-tight text-slate-900">
        <span aria-hidden className="inline-block size-7 rounded-md bg-brand-600" />
        Lotwise
      </Link>
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">{children}</div>
      <p className="mt-6 max-w-sm text-center text-xs text-slate-500">Self-hosted: your ledger and exchange keys stay in your own database.</p>
    </div>
  );
}
