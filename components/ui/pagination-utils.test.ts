import { describe, expect, test } from "vitest";
import { pageRange, pageWindow, withParams } from "./pagination-utils";

describe("pageWindow", () => {
  test("small totals list every page", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });
  test("large totals collapse with gaps around the current page", () => {
    expect(pageWindow(10, 20)).toEqual([1, null, 9, 10, 11, null, 20]);
    expect(pageWindow(1, 20)).toEqual([1, 2, null, 20]);
    expect(pageWindow(20, 20)).toEqual([1, null, 19, 20]);
  });
  test("a one-page gap shows the page instead of an ellipsis", () => {
    expect(pageWindow(4, 10)).toEqual([1, 2, 3, 4, 5, null, 10]);
  });
  test("out-of-range pages are clamped", () => {
    expect(pageWindow(99, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(0, 0)).toEqual([1]);
  });
});

describe("withParams", () => {
  test("sets, replaces and removes parameters, keeping the others", () => {
    expect(withParams("/orgs", "search=acme&page=3", { page: 4 })).toBe("/orgs?search=acme&page=4");
    expect(withParams("/orgs", "search=acme&page=3", { search: "glo", page: null })).toBe("/orgs?search=glo");
    expect(withParams("/orgs", "search=acme", { search: "" })).toBe("/orgs");
  });
  test("page 1 is implicit", () => {
    expect(withParams("/orgs", "page=2&search=x", { page: 1 })).toBe("/orgs?search=x");
  });
});

describe("pageRange", () => {
  test("bounds of a page", () => {
    expect(pageRange(1, 50, 240)).toEqual({ from: 1, to: 50 });
    expect(pageRange(5, 50, 240)).toEqual({ from: 201, to: 240 });
    expect(pageRange(1, 50, 0)).toEqual({ from: 0, to: 0 });
    expect(pageRange(9, 20, 24)).toEqual({ from: 0, to: 0 });
  });
});
