import { StarIcon } from "@/components/ui/icons";
import { cn } from "@/components/ui/cn";

/** The provider organization's star; has an accessible name so tests and screen readers see it. */
export function ProviderStar({ className }: { className?: string }) {
  return <StarIcon title="Provider organization" className={cn("size-4 shrink-0 text-amber-500", className)} />;
}
