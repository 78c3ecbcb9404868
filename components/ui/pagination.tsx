import Link from "next/link";
import { buttonClass } from "./button";

/** "Page n of m" with Previous/Next links; `href(p)` builds the URL of page p (filters stay in the URL). */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span>
        Page {page} of {pages}
      </span>
      <div className="flex gap-2">
        {page > 1 && (
          <Link className={buttonClass("secondary")} href={href(page - 1)}>
            Previous
          </Link>
        )}
        {page < pages && (
          <Link className={buttonClass("secondary")} href={href(page + 1)}>
            Next
          </Link>
        )}
      </div>
    </nav>
  );
}
