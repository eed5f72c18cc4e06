"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

// Lets the header's switcher name the organization being viewed even when the user is not one of
// its members (provider administrators): the organization layout reports it with <CurrentOrgBeacon>.

export type CurrentOrg = { id: string; name: string; isProvider: boolean; isActive: boolean };
const Ctx = createContext<{ org: CurrentOrg | null; set: (o: CurrentOrg | null) => void }>({ org: null, set: () => undefined });

export function CurrentOrgProvider({ children }: { children: ReactNode }) {
  const [org, set] = useState<CurrentOrg | null>(null);
  return <Ctx.Provider value={{ org, set }}>{children}</Ctx.Provider>;
}

export const useCurrentOrg = () => useContext(Ctx).org;

export function CurrentOrgBeacon({ org }: { org: CurrentOrg }) {
  const { set } = useContext(Ctx);
  const { id, name, isProvider, isActive } = org;
  useEffect(() => {
    set({ id, name, isProvider, isActive });
    return () => set(null);
  }, [set, id, name, isProvider, isActive]);
  return null;
}
