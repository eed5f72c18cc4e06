import { rawTransaction as runRaw, transaction as run, type RawClient, type Tx } from "@/lib/db/client";

declare const rawBrand: unique symbol;
declare const txBrand: unique symbol;
/**
 * An open transaction through which repositories may only send SQL (rawTransaction: node-postgres
 * directly, no ORM). Opaque: a service hands it to repositories and the audit writer but cannot query.
 */
export type RawTxHandle = { readonly [rawBrand]: true };
/** An open transaction with the ORM as well; accepted wherever a RawTxHandle is. */
export type TxHandle = RawTxHandle & { readonly [txBrand]: true };

export const transaction = <T>(fn: (tx: TxHandle) => Promise<T>): Promise<T> => run((tx) => fn(tx as unknown as TxHandle));

/**
 * A transaction for the hot SCIM paths: the type system keeps ORM-only repositories out of it (they
 * take a TxHandle, which a RawTxHandle is not).
 */
export const rawTransaction = <T>(fn: (tx: RawTxHandle) => Promise<T>): Promise<T> => runRaw((tx) => fn(tx as unknown as RawTxHandle));

/** Repositories only. */
export const unwrap = (h: TxHandle | undefined): Tx | undefined => h as unknown as Tx | undefined;
/** Repositories only: SQL through either kind of transaction. */
export const unwrapRaw = (h: RawTxHandle | undefined): RawClient | undefined => h as unknown as RawClient | undefined;
