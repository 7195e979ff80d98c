// The active role as React state (persisted by api/session, sent as X-Active-Role by api/client).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { getActiveRole, setActiveRole } from "../api/session";

interface RoleState {
  role: string | null;
  switchRole: (role: string) => void;
}

const RoleContext = createContext<RoleState>({ role: null, switchRole: () => {} });

export function RoleProvider({ children }: { children: ReactNode }) {
  const [role, setRole] = useState<string | null>(getActiveRole());
  const switchRole = useCallback((next: string) => {
    setActiveRole(next);
    setRole(next);
  }, []);
  const value = useMemo(() => ({ role, switchRole }), [role, switchRole]);
  return <RoleContext.Provider value={value}>{children}</RoleContext.Provider>;
}

export function useActiveRole(): RoleState {
  return useContext(RoleContext);
}
