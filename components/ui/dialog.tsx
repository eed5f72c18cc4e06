"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";
import { XIcon } from "./icons";

export const DialogRoot = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;
export const DialogClose = RadixDialog.Close;

const WIDTHS = { sm: "max-w-md", md: "max-w-lg", lg: "max-w-2xl" } as const;

export type DialogContentProps = Omit<ComponentProps<typeof RadixDialog.Content>, "title"> & {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons row at the bottom; usually a <DialogFooter>. Forms may render their own footer inside children. */
  footer?: ReactNode;
  size?: keyof typeof WIDTHS;
  /** Hides the top-right close button (e.g. while a request is in flight). */
  hideClose?: boolean;
};

/**
 * A centred modal with an overlay. Radix traps focus, closes on Escape and restores focus to the
 * trigger; `title` becomes the accessible name and `description` the accessible description.
 */
export function DialogContent({ title, description, footer, size = "md", hideClose, className, children, ...rest }: DialogContentProps) {
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px] data-[state=open]:animate-[gh-fade-in_120ms_ease-out]" />
      <RadixDialog.Content
        {...(description ? {} : { "aria-describedby": undefined })}
        className={cn(
          "fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2",
          "max-h-[calc(100vh-2rem)] overflow-y-auto rounded-xl bg-white shadow-xl ring-1 ring-slate-900/10",
          "focus:outline-none data-[state=open]:animate-[gh-pop-in_140ms_ease-out]",
          WIDTHS[size],
          className,
        )}
        {...rest}
      >
        <div className="px-6 pt-5 pb-1">
          <RadixDialog.Title className="pr-8 text-base font-semibold text-slate-900">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description> : null}
        </div>
        <div className="px-6 py-4">
          {children}
          {footer}
        </div>
        {hideClose ? null : (
          <RadixDialog.Close
            aria-label="Close"
            className="absolute top-4 right-4 rounded-md p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <XIcon className="size-4" />
          </RadixDialog.Close>
        )}
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}

/** Right-aligned action row at the dialog's bottom edge; inside a form, put it in the form so submit works. */
export function DialogFooter({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <div className={cn("-mx-6 -mb-4 mt-2 flex flex-col-reverse gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50 px-6 py-3 sm:flex-row sm:justify-end", className)}>
      {children}
    </div>
  );
}
