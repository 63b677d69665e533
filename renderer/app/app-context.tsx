import { createContext, useContext } from 'react';

import type { HomingClient } from '../api/client';
import type { HomingDb } from '../store/db';

export interface AppServices {
  client: HomingClient;
  db: HomingDb;
}

export const AppContext = createContext<AppServices | null>(null);

export const useServices = (): AppServices => {
  const services = useContext(AppContext);
  if (!services) throw new Error('useServices outside <AppContext.Provider>');
  return services;
};
