import { signOutAction } from "@/app/(app)/actions";

export function UserMenu({ email, name }: { email: string; name: string | null }) {
  return (
    <div className="space-y-2">
      <div className="min-w-0">
        {name && <p className="truncate text-sm font-medium text-slate-900">{name}</p>}
        <p className="truncate text-xs text-slate-500" data-testid="signed-in-email">
          {email}
        </p>
      </div>
      <form action={signOutAction}>
        <button type="submit" className="text-sm font-medium text-slate-600 hover:text-slate-900">
          Sign out
        </button>
      </form>
    </div>
  );
}
