/**
 * Elderly mode (长辈模式) for the components that change behaviour with it: larger keys and fewer
 * candidates per page, a 1.5× idle timeout, voice prompts on. The app root owns the state and wraps
 * the tree: <ElderlyModeProvider elderly={elderly}>…</ElderlyModeProvider>. Without a provider it is off.
 * (Sizes alone also follow the `.kiosk--elderly` class on the root through CSS.)
 */
import { createContext, useContext, type ReactNode } from 'react';

const ElderlyModeContext = createContext(false);

export function ElderlyModeProvider({ elderly, children }: { elderly: boolean; children: ReactNode }) {
  return <ElderlyModeContext.Provider value={elderly}>{children}</ElderlyModeContext.Provider>;
}

export function useElderlyMode(): boolean {
  return useContext(ElderlyModeContext);
}
