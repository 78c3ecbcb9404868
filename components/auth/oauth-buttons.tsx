import { signInWithProviderAction } from "@/app/(auth)/actions";
import { buttonClass } from "@/components/ui/button";

export function OAuthButtons({ providers }: { providers: { id: string; name: string }[] }) {
  if (providers.length === 0) return null;
  return (
    <div className="mt-6 space-y-2 border-t border-slate-100 pt-6">
      {providers.map((p) => (
        <form key={p.id} action={signInWithProviderAction}>
          <input type="hidden" name="provider" value={p.id} />
          <button type="submit" className={buttonClass("secondary", "w-full")}>
            Continue with {p.name}
          </button>
        </form>
      ))}
    </div>
  );
}
