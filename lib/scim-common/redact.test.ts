import { expect, test } from "vitest";
import { REDACTED, redactBody } from "./redact";

test("passwords and credentials are redacted wherever they appear", () => {
  const body = {
    userName: "bob",
    password: "hunter2",
    "urn:x:ext": { apiToken: "t0k", department: "R&D" },
    Operations: [
      { op: "replace", path: "password", value: "p2" },
      { op: "replace", value: { password: "p3", active: false } },
      { op: "add", path: "title", value: "Eng" },
    ],
  };
  const out = JSON.stringify(redactBody(body));
  for (const secret of ["hunter2", "t0k", "p2", "p3"]) expect(out).not.toContain(secret);
  expect(out).toContain(REDACTED);
  expect(out).toContain("R&D");
  expect(out).toContain("Eng");
});

test("large bodies are cut down", () => {
  const out = redactBody({ members: Array.from({ length: 500 }, (_, i) => ({ value: String(i) })), title: "x".repeat(5000) }) as { members: unknown[]; title: string };
  expect(out.members).toHaveLength(51);
  expect(out.title.length).toBeLessThan(600);
});
