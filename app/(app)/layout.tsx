import { requireUser } from "@/lib/auth/session";
import { AppNav } from "@/components/shell/app-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { pageSnapshot } from "@/lib/server/request-snapshot";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // The count is a nicety: a failing computation must not take every page down with it (the page itself reports it).
  const snapshot = await pageSnapshot(user.id).catch(() => null);
  const warnings = snapshot && snapshot.status !== "computing" ? snapshot.snapshot.result.warnings.length : undefined;
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:flex-col md:border-r md:border-b-0">
        <div className="flex items-center gap-2 px-5 py-4 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block size-6 rounded-md bg-brand-600" />
          Lotwise
        </div>
        <AppNav warnings={warnings} />
        <div className="mt-auto hidden border-t border-slate-100 p-4 md:block">
          <UserMenu email={user.email} name={user.name} />
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-8 md:px-10">
        <div className="mx-auto max-w-6xl">{children}</div>
        <div className="mt-10 border-t border-slate-200 pt-4 md:hidden">
          <UserMenu email={user.email} name={user.name} />
        </div>
      </main>
    </div>
  );
}
