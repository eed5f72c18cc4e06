"use client";

import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

// A small accessible dropdown (button + role="menu"): Escape and outside clicks close it, arrow keys
// move between items, focus returns to the button. Enough for the header menus; no portal needed.

const MenuCtx = createContext<{ close: () => void } | null>(null);

export function Menu({ button, buttonLabel, buttonClassName, align = "end", className, children }: {
  /** Contents of the trigger button. */
  button: ReactNode;
  /** Accessible name of the trigger when its contents are not text. */
  buttonLabel?: string;
  buttonClassName?: string;
  align?: "start" | "end";
  className?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const id = useId();

  const close = useCallback((focusTrigger = true) => {
    setOpen(false);
    if (focusTrigger) trigger.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    const first = list.current?.querySelector<HTMLElement>('[role="menuitem"], input');
    first?.focus();
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    if (!items.length) return;
    e.preventDefault();
    const i = items.indexOf(document.activeElement as HTMLElement);
    const next = e.key === "ArrowDown" ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
    items[next]?.focus();
  }

  return (
    <div ref={root} className={cn("relative", className)} onKeyDown={open ? onKeyDown : undefined}>
      <button
        ref={trigger}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={buttonLabel}
        onClick={() => setOpen((o) => !o)}
        className={buttonClassName}
      >
        {button}
      </button>
      {open ? (
        <div
          ref={list}
          id={id}
          role="menu"
          aria-label={buttonLabel}
          className={cn(
            "absolute z-30 mt-2 min-w-56 origin-top rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-900/10 focus:outline-none",
            align === "end" ? "right-0" : "left-0",
          )}
        >
          <MenuCtx.Provider value={{ close: () => close(false) }}>{children}</MenuCtx.Provider>
        </div>
      ) : null}
    </div>
  );
}

const ITEM = "flex w-full items-center gap-2 px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus:bg-slate-100 focus:outline-none";

export function MenuLink({ href, className, children, ...rest }: ComponentProps<typeof Link>) {
  const ctx = useContext(MenuCtx);
  return (
    <Link role="menuitem" href={href} className={cn(ITEM, className)} onClick={() => ctx?.close()} {...rest}>
      {children}
    </Link>
  );
}

export function MenuButton({ className, onClick, children, ...rest }: ComponentProps<"button">) {
  const ctx = useContext(MenuCtx);
  return (
    <button
      role="menuitem"
      type="button"
      className={cn(ITEM, className)}
      onClick={(e) => {
        onClick?.(e);
        if (!e.defaultPrevented && rest.type !== "submit") ctx?.close();
      }}
      {...rest}
    >
      {children}
    </button>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 h-px bg-slate-100" />;
}

export function MenuLabel({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("px-3 pt-2 pb-1 text-xs font-medium text-slate-500", className)}>{children}</div>;
}
