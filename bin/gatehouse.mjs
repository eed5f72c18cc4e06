#!/usr/bin/env node
// Launches the TypeScript CLI through tsx (a runtime dependency), resolving the project's `@/` paths.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = new URL("../", import.meta.url);
register({ tsconfig: fileURLToPath(new URL("tsconfig.json", root)) });
await import(new URL("lib/cli/main.ts", root).href);
