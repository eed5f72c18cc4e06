// RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted and inner quotes doubled; records end in CRLF.

// OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula. Actor and
// target labels come from user input, so such cells get a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRecord(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(",") + "\r\n";
}
