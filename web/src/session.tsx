import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionLost, unwrap, type Permission, type User } from './api/client';
import { isLanguage, storedLanguage, useI18n, type Language } from './i18n/i18n';

export interface Session {
  /** undefined while the app asks the server who this browser is. */
  user: User | null | undefined;
  signedIn(user: User): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
  /** Whether to offer an action; the server checks the same rule again. */
  can(permission: Permission, organisationId?: string): boolean;
  /** Saves the reader's language on their account, so their other devices follow. */
  rememberLanguage(language: Language): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLanguage } = useI18n();
  const [user, setUser] = useState<User | null | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      setUser(await unwrap(api.GET('/api/me')));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setUser(null);
      else throw error;
    }
  }, []);

  useEffect(() => onSessionLost(() => setUser(null)), []);
  useEffect(() => {
    load().catch(() => setUser(null));
  }, [load]);

  const value = useMemo<Session>(() => {
    const rememberLanguage = async (language: Language) => {
      if (user && user.preferredLanguage !== language) {
        setUser(await unwrap(api.PATCH('/api/me', { body: { preferredLanguage: language } })));
      }
    };
    return {
      user,
      refresh: load,
      async signedIn(next) {
        setUser(next);
        // A choice made on this device wins; a new device takes the language saved on the account.
        const chosen = storedLanguage();
        if (chosen && chosen !== next.preferredLanguage) {
          setUser(await unwrap(api.PATCH('/api/me', { body: { preferredLanguage: chosen } })));
        } else if (!chosen && isLanguage(next.preferredLanguage)) {
          await setLanguage(next.preferredLanguage);
        }
      },
      async signOut() {
        await unwrap(api.POST('/api/auth/sign-out'));
        setUser(null);
      },
      can(permission, organisationId) {
        if (!user) return false;
        if (user.isInstanceAdmin) return true;
        return user.memberships.some(
          (m) => (organisationId === undefined || m.organisationId === organisationId) && m.permissions.includes(permission),
        );
      },
      rememberLanguage,
    };
  }, [user, load, setLanguage]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** For screens behind sign-in, where the user is known. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser on a screen that does not require sign-in');
  return user;
}
