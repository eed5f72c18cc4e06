import { describe, expect, test } from "vitest";
import { csvField, csvRecord } from "./csv";

describe("csv encoder", () => {
  test("plain values pass through; null and undefined are empty", () => {
    expect(csvRecord(["a", 1, true, null, undefined, ""])).toBe("a,1,true,,,\r\n");
  });

  test("commas, quotes and line breaks are quoted, inner quotes doubled", () => {
    expect(csvField("Acme, Inc.")).toBe('"Acme, Inc."');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField('{"name":"x","value":"a,b"}')).toBe('"{""name"":""x"",""value"":""a,b""}"');
  });

  test("cells a spreadsheet would run as a formula are defused", () => {
    expect(csvField("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("user@example.com")).toBe("user@example.com");
  });

  test("a record round-trips through a minimal RFC 4180 parser", () => {
    const values = ["x,y", 'q"q', "line\r\nbreak", "plain"];
    const line = csvRecord(values);
    const parsed: string[] = [];
    let i = 0;
    while (i < line.length - 2) {
      let cell = "";
      if (line[i] === '"') {
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') { cell += '"'; i += 2; }
          else if (line[i] === '"') { i++; break; }
          else cell += line[i++];
        }
      } else while (line[i] !== "," && !(line[i] === "\r" && i === line.length - 2)) cell += line[i++];
      parsed.push(cell);
      if (line[i] === ",") i++;
    }
    expect(parsed).toEqual(values);
  });
});
