import type { ComponentProps } from "react";
import { SelectField } from "@/components/ui/form-field";
import type { RoleOption } from "./types";
import { roleLabel } from "./role-badge";

const GROUPS: { source: RoleOption["source"]; label: string }[] = [
  { source: "builtin", label: "Built-in" },
  { source: "org", label: "This organization" },
  { source: "global", label: "Global" },
];

/** Role picker grouped by where the role is defined. */
export function RoleSelectField({ roles, ...rest }: { roles: RoleOption[] } & Omit<ComponentProps<typeof SelectField>, "children">) {
  return (
    <SelectField {...rest}>
      {GROUPS.map((g) => {
        const items = roles.filter((r) => r.source === g.source);
        return items.length ? (
          <optgroup key={g.source} label={g.label}>
            {items.map((r) => (
              <option key={r.name} value={r.name}>
                {roleLabel(r.name)}
                {r.description ? ` — ${r.description}` : ""}
              </option>
            ))}
          </optgroup>
        ) : null;
      })}
    </SelectField>
  );
}
