import { describe, expect, test } from "vitest";
import { CSV_COLUMNS, csvEventRecord, encodeEvents, toByteStream } from "./export";
import type { AuditEventDto } from "./dto";

const event = (over: Partial<AuditEventDto> = {}): AuditEventDto => ({
  id: "e1", orgId: "o1", orgName: "Acme, Inc.", actor: { type: "user", id: "u1", label: "ann@acme.test" },
  action: "config.updated", target: { type: "config", id: "c1", label: "billing.plan" },
  before: { value: "pro" }, after: { value: 'say "hi"' }, ip: "10.0.0.1", userAgent: "curl/8", createdAt: "2024-05-01T10:00:00.000Z",
  ...over,
});

async function* from<T>(items: T[]) {
  for (const i of items) yield i;
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe("audit export encoding", () => {
  test("a CSV record has the twelve columns, JSON before/after, quoted where needed", () => {
    expect(CSV_COLUMNS).toHaveLength(12);
    expect(csvEventRecord(event())).toBe(
      '2024-05-01T10:00:00.000Z,"Acme, Inc.",user,ann@acme.test,config.updated,config,c1,billing.plan,10.0.0.1,curl/8,' +
      '"{""value"":""pro""}","{""value"":""say \\""hi\\""""}"\r\n',
    );
    expect(csvEventRecord(event({ orgName: null, before: null, actor: { type: "system", id: null, label: null } }))).toMatch(/^[^,]+,o1,system,,/);
  });

  test("CSV starts with the header; JSON Lines has one DTO per line", async () => {
    const csv = await readAll(toByteStream(encodeEvents(from([event(), event({ id: "e2" })]), "csv")));
    expect(csv.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(csv.split("\r\n")).toHaveLength(4);
    const jsonl = await readAll(toByteStream(encodeEvents(from([event(), event({ id: "e2" })]), "jsonl")));
    expect(jsonl.trimEnd().split("\n").map((l) => JSON.parse(l).id)).toEqual(["e1", "e2"]);
    expect(await readAll(toByteStream(encodeEvents(from([]), "jsonl")))).toBe("");
  });

  test("the stream pulls lazily in chunks and stops the source when cancelled", async () => {
    let produced = 0;
    let finished = false;
    async function* source() {
      try {
        for (let i = 0; i < 10_000; i++) {
          produced++;
          yield `line ${i}\n`;
        }
      } finally {
        finished = true;
      }
    }
    const reader = toByteStream(source(), 100).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^line 0\n/);
    expect(produced).toBeLessThan(100);
    await reader.cancel();
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(100);
  });
});
