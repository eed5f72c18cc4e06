import next from "eslint-config-next";

export default [
  ...next,
  { ignores: ["lib/db/generated/**", ".next/**", ".next-*/**", "bench/results/**", "node_modules/**"] },
  {
    files: ["app/**", "components/**", "inngest/**", "lib/**"],
    ignores: ["lib/db/**"],
    rules: {
      // Tenant scoping lives in lib/db/repos: nothing else may reach the Prisma client.
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["@prisma/client", "@prisma/client/*"], message: "Use an org-scoped repository from lib/db/repos." },
          { group: ["@/lib/db/client", "@/lib/db/generated/*", "**/db/generated/**"], message: "Use an org-scoped repository from lib/db/repos.", allowTypeImports: true },
        ],
      }],
    },
  },
];
