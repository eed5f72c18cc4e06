// Dates render on the server: a fixed locale and time zone keep server and browser output identical.
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

export const formatDate = (iso: string | Date) => DATE.format(new Date(iso));
export const formatDateTime = (iso: string | Date) => DATE_TIME.format(new Date(iso));

export function roleLabel(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
