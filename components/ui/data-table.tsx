"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import Link from "next/link";
import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { cn } from "./cn";
import { Spinner } from "./button";
import { ChevronLeftIcon, ChevronRightIcon, SearchIcon, XIcon } from "./icons";
import { pageRange, pageWindow, withParams } from "./pagination-utils";

declare module "@tanstack/react-table" {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for this column's cells (th and td), e.g. "text-right w-24". */
    className?: string;
    /** Hide the column below the sm breakpoint. */
    hideOnMobile?: boolean;
  }
}

export type { ColumnDef } from "@tanstack/react-table";

export type DataTableProps<T> = {
  columns: ColumnDef<T, any>[];
  data: T[];
  getRowId?: (row: T) => string;
  /** Shown in place of the rows when `data` is empty. */
  empty?: ReactNode;
  /** Accessible table name (visually hidden). */
  caption?: string;
  className?: string;
};

/**
 * Column-defined table for server-paginated lists: the page passes one page of rows; paging and
 * search live in the URL (<SearchInput>, <Pagination>), so tanstack only renders.
 */
export function DataTable<T>({ columns, data, getRowId, empty, caption, className }: DataTableProps<T>) {
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualPagination: true, manualFiltering: true, getRowId });
  const rows = table.getRowModel().rows;
  const colClass = (meta?: { className?: string; hideOnMobile?: boolean }) => cn(meta?.className, meta?.hideOnMobile && "hidden sm:table-cell");
  return (
    <div className={cn("overflow-x-auto", className)}>
      <table className="min-w-full text-left text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="border-b border-slate-200 bg-slate-50/70">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th key={h.id} scope="col" className={cn("px-5 py-2.5 text-xs font-medium tracking-wide text-slate-500 uppercase", colClass(h.column.columnDef.meta))}>
                  {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={table.getAllLeafColumns().length}>{empty ?? <p className="px-5 py-10 text-center text-sm text-slate-500">Nothing here yet.</p>}</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50/70">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cn("px-5 py-3 align-middle text-slate-700", colClass(cell.column.columnDef.meta))}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Search box bound to `?<param>=` (default `search`): typing updates the URL after `delay` ms and
 * resets to page 1, so the server component re-renders with the filtered page.
 */
export function SearchInput({ label = "Search", placeholder = "Search…", param = "search", delay = 300, className }: { label?: string; placeholder?: string; param?: string; delay?: number; className?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlValue = searchParams.get(param) ?? "";
  const [value, setValue] = useState(urlValue);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastPushed = useRef(urlValue);

  // Follow the URL when it changes from outside (back button, a link), not while the user types.
  useEffect(() => {
    if (urlValue !== lastPushed.current) {
      lastPushed.current = urlValue;
      setValue(urlValue);
    }
  }, [urlValue]);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  function push(next: string) {
    const trimmed = next.trim();
    lastPushed.current = trimmed;
    startTransition(() => router.replace(withParams(pathname, searchParams, { [param]: trimmed || null, page: null }), { scroll: false }));
  }
  function onChange(next: string) {
    setValue(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => push(next), delay);
  }

  return (
    <div className={cn("relative w-full sm:max-w-xs", className)}>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
      <input
        type="search"
        role="searchbox"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            if (timer.current) clearTimeout(timer.current);
            push(value);
          }
        }}
        className="block h-9 w-full rounded-md border-0 bg-white pr-9 pl-9 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none [&::-webkit-search-cancel-button]:hidden"
      />
      <span className="absolute top-1/2 right-2.5 -translate-y-1/2">
        {pending ? (
          <Spinner className="text-slate-400" />
        ) : value ? (
          <button type="button" aria-label="Clear search" onClick={() => { setValue(""); push(""); }} className="rounded p-0.5 text-slate-400 hover:text-slate-600">
            <XIcon className="size-3.5" />
          </button>
        ) : null}
      </span>
    </div>
  );
}

const pageLink = "inline-flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-sm";

/** Page links that keep the other URL parameters. Renders the "Showing x–y of n" summary when `total` is given. */
export function Pagination({ page, totalPages, total, limit, className }: { page: number; totalPages: number; total?: number; limit?: number; className?: string }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const href = (p: number) => withParams(pathname, searchParams, { page: p });
  const summary = total !== undefined && limit ? pageRange(page, limit, total) : null;
  if (totalPages <= 1 && !summary) return null;
  return (
    <div className={cn("flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-sm text-slate-500", className)}>
      <p>
        {summary && total !== undefined ? (
          total === 0 ? "No results" : summary.from === 0 ? `${total} in total` : <>Showing <span className="font-medium text-slate-700">{summary.from}</span>–<span className="font-medium text-slate-700">{summary.to}</span> of <span className="font-medium text-slate-700">{total}</span></>
        ) : null}
      </p>
      {totalPages > 1 ? (
        <nav aria-label="Pagination" className="flex items-center gap-1">
          {page > 1 ? (
            <Link href={href(page - 1)} className={cn(pageLink, "text-slate-600 hover:bg-slate-100")} aria-label="Previous page" rel="prev">
              <ChevronLeftIcon />
            </Link>
          ) : (
            <span className={cn(pageLink, "text-slate-300")} aria-hidden="true"><ChevronLeftIcon /></span>
          )}
          {pageWindow(page, totalPages).map((p, i) =>
            p === null ? (
              <span key={`gap-${i}`} className={cn(pageLink, "text-slate-400")} aria-hidden="true">…</span>
            ) : p === page ? (
              <span key={p} aria-current="page" aria-label={`Page ${p}`} className={cn(pageLink, "bg-indigo-600 font-medium text-white")}>{p}</span>
            ) : (
              <Link key={p} href={href(p)} aria-label={`Page ${p}`} className={cn(pageLink, "text-slate-700 hover:bg-slate-100")}>{p}</Link>
            ),
          )}
          {page < totalPages ? (
            <Link href={href(page + 1)} className={cn(pageLink, "text-slate-600 hover:bg-slate-100")} aria-label="Next page" rel="next">
              <ChevronRightIcon />
            </Link>
          ) : (
            <span className={cn(pageLink, "text-slate-300")} aria-hidden="true"><ChevronRightIcon /></span>
          )}
        </nav>
      ) : null}
    </div>
  );
}
