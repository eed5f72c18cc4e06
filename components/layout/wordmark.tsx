import Link from "next/link";
import { cn } from "@/components/ui/cn";

export function Wordmark({ href = "/orgs", className }: { href?: string; className?: string }) {
  return (
    <Link href={href} className={cn("flex items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600", className)} aria-label="Gatehouse home">
      <span className="flex size-7 items-center justify-center rounded-lg bg-indigo-600 text-white shadow-sm">
        <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M4 21V9l8-5 8 5v12" />
          <path d="M9 21v-6a3 3 0 016 0v6" />
        </svg>
      </span>
      <span className="text-[15px] font-semibold tracking-tight text-slate-900">Gatehouse</span>
    </Link>
  );
}
