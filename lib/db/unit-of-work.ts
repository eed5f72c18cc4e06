import { transaction as run, type Tx } from "@/lib/db/client";

declare const txBrand: unique symbol;
/**
 * An open transaction as services see it: opaque, so a service can hand it to repositories and the
 * audit writer but cannot query through it.
 */
export type TxHandle = { readonly [txBrand]: true };

export const transaction = <T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> => run((tx) => fn(tx as unknown as TxHandle));

/** Repositories only. */
export const unwrap = (h: TxHandle | undefined): Tx | undefined => h as unknown as Tx | undefined;
