import { buttonClasses } from "@/components/ui/button";
import { filterQuery, type AuditFilterValues } from "./audit-filters";

/** Downloads through the REST export route (session cookie), with the filters on screen. */
export function ExportButtons({ exportPath, values }: { exportPath: string; values: AuditFilterValues }) {
  const qs = filterQuery(values);
  const href = (format: "csv" | "jsonl") => `${exportPath}?format=${format}${qs ? `&${qs}` : ""}`;
  return (
    <div className="flex gap-2">
      <a href={href("csv")} download className={buttonClasses("secondary", "sm")}>Export CSV</a>
      <a href={href("jsonl")} download className={buttonClasses("secondary", "sm")}>Export JSON Lines</a>
    </div>
  );
}
