"use client";

import { useFieldArray, useWatch, type Control, type FieldErrors, type UseFormRegister } from "react-hook-form";
import type { MappingSuggestions } from "@/lib/mappings/suggest";
import { Button } from "@/components/ui/button";
import { Select, Input } from "@/components/ui/form-field";
import { ChevronDownIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import type { SsoFormValues } from "./provider-fields";

// The mapping editor (issue #4): ordered role rules (first match wins, "*" last as the fallback, moved
// with the up/down buttons), and team and business-unit rules (all that match apply). Attribute names and
// values seen in recent sign-ins and SCIM pushes are offered as suggestions (datalists).

type Kind = "attributeRoleMappings" | "attributeTeamMappings" | "attributeBusinessUnitMappings";
const TARGET: Record<Kind, { key: "role" | "team" | "businessUnit"; label: string; noun: string; placeholder: string }> = {
  attributeRoleMappings: { key: "role", label: "Role", noun: "role rule", placeholder: "member" },
  attributeTeamMappings: { key: "team", label: "Team", noun: "team rule", placeholder: "Platform" },
  attributeBusinessUnitMappings: { key: "businessUnit", label: "Business unit", noun: "business-unit rule", placeholder: "R&D" },
};

export function suggestionLists(s: MappingSuggestions) {
  return {
    names: s.attributes.map((a) => a.name),
    valuesByName: new Map(s.attributes.map((a) => [a.name, a.values.map((v) => v.value)])),
    groups: s.groups.map((g) => g.value),
  };
}

export function SuggestionDatalists({ suggestions, roles }: { suggestions: MappingSuggestions; roles: string[] }) {
  const l = suggestionLists(suggestions);
  return (
    <>
      <datalist id="sso-attr-names">{l.names.map((n) => <option key={n} value={n} />)}</datalist>
      <datalist id="sso-groups">{l.groups.map((g) => <option key={g} value={g} />)}</datalist>
      <datalist id="sso-roles">{roles.map((r) => <option key={r} value={r} />)}</datalist>
      {[...l.valuesByName.entries()].map(([name, values], i) => (
        <datalist key={name} id={`sso-values-${i}`}>{["*", ...values].map((v) => <option key={v} value={v} />)}</datalist>
      ))}
    </>
  );
}

export function MappingRules({ kind, control, register, errors, readOnly, suggestions, description }: {
  kind: Kind;
  control: Control<SsoFormValues>;
  register: UseFormRegister<SsoFormValues>;
  errors: FieldErrors<SsoFormValues>;
  readOnly: boolean;
  suggestions: MappingSuggestions;
  description: string;
}) {
  const { fields, append, remove, move } = useFieldArray({ control, name: kind });
  const rows = useWatch({ control, name: kind }) as { attributeType: string; attributeName: string }[] | undefined;
  const t = TARGET[kind];
  const names = suggestions.attributes.map((a) => a.name);
  const listError = (errors[kind] as { message?: string; root?: { message?: string } } | undefined);
  const rowErrors = errors[kind] as unknown as Record<number, Record<string, { message?: string }>> | undefined;

  return (
    <fieldset className="space-y-3" aria-label={`${t.label} rules`}>
      <legend className="sr-only">{t.label} rules</legend>
      <p className="text-sm text-slate-500">{description}</p>
      {fields.length === 0 ? <p className="text-sm text-slate-400 italic">No {t.noun}s.</p> : null}
      <ol className="space-y-2">
        {fields.map((f, i) => {
          const type = rows?.[i]?.attributeType ?? "user";
          const nameIdx = names.indexOf(rows?.[i]?.attributeName ?? "");
          const e = rowErrors?.[i] ?? {};
          const label = `${t.label} rule ${i + 1}`;
          return (
            <li key={f.id} className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" aria-label={label}>
              <div className="grid gap-2 sm:grid-cols-[8rem_1fr_1fr_1fr_auto] sm:items-start">
                <Select aria-label={`${label}: match`} disabled={readOnly} {...register(`${kind}.${i}.attributeType` as const)}>
                  <option value="user">Claim</option>
                  <option value="group">Group</option>
                </Select>
                <div>
                  <Input
                    aria-label={`${label}: attribute name`}
                    placeholder={type === "group" ? "(group name or id)" : "department"}
                    list="sso-attr-names"
                    spellCheck={false}
                    disabled={readOnly || type === "group"}
                    invalid={!!e.attributeName}
                    className="font-mono"
                    {...register(`${kind}.${i}.attributeName` as const)}
                  />
                  {e.attributeName?.message ? <p className="mt-1 text-xs text-red-600">{e.attributeName.message}</p> : null}
                </div>
                <div>
                  <Input
                    aria-label={`${label}: value`}
                    placeholder={type === "group" ? "Engineering" : "value or *"}
                    list={type === "group" ? "sso-groups" : nameIdx >= 0 ? `sso-values-${nameIdx}` : undefined}
                    spellCheck={false}
                    disabled={readOnly}
                    invalid={!!e.attributeValue}
                    {...register(`${kind}.${i}.attributeValue` as const)}
                  />
                  {e.attributeValue?.message ? <p className="mt-1 text-xs text-red-600">{e.attributeValue.message}</p> : null}
                </div>
                <div>
                  <Input
                    aria-label={`${label}: ${t.label.toLowerCase()}`}
                    placeholder={t.placeholder}
                    list={t.key === "role" ? "sso-roles" : undefined}
                    spellCheck={false}
                    disabled={readOnly}
                    invalid={!!e[t.key]}
                    {...register(`${kind}.${i}.${t.key}` as never)}
                  />
                  {e[t.key]?.message ? <p className="mt-1 text-xs text-red-600">{e[t.key]!.message}</p> : null}
                </div>
                {readOnly ? null : (
                  <div className="flex items-center gap-1">
                    {kind === "attributeRoleMappings" ? (
                      <>
                        <Button variant="ghost" size="icon" aria-label={`Move ${label} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                          <ChevronDownIcon className="size-4 rotate-180" />
                        </Button>
                        <Button variant="ghost" size="icon" aria-label={`Move ${label} down`} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)}>
                          <ChevronDownIcon className="size-4" />
                        </Button>
                      </>
                    ) : null}
                    <Button variant="ghost" size="icon" aria-label={`Remove ${label}`} onClick={() => remove(i)}>
                      <TrashIcon className="size-4" />
                    </Button>
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {listError?.message || listError?.root?.message ? <p className="text-sm text-red-600">{listError.message ?? listError.root?.message}</p> : null}
      {readOnly ? null : (
        <Button variant="secondary" size="sm" onClick={() => append({ attributeType: "group", attributeName: "", attributeValue: "", [t.key]: "" } as never)}>
          <PlusIcon className="size-3.5" /> Add {t.noun}
        </Button>
      )}
    </fieldset>
  );
}
