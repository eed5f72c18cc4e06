import { expect, test } from "vitest";
import { GET } from "./route";

test("GET /api/v1/openapi.json serves the document, publicly cacheable", async () => {
  const res = GET();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("cache-control")).toMatch(/public/);
  const doc = await res.json();
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect(doc.paths["/organizations"].get.operationId).toBe("getOrganizations");
  expect(doc.paths["/organizations/{id}/members/{userId}/role"].patch.requestBody.content["application/json"].schema.required).toEqual(["role"]);
});
