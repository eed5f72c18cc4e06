import { clsx, type ClassValue } from "clsx";

/** Joins class names; later classes are appended, so pass overrides last. */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
