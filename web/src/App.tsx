import { Suspense, useEffect } from 'react';
import { findRoute, notFoundScreen } from './routes';
import { navigate, useLocation } from './router';
import { useSession } from './session';
import { Layout, PublicLayout } from './ui/Layout';
import { Loading } from './ui/Loading';

/** Picks the screen for the address, and sends people who must sign in (or change a password) there first. */
export function App() {
  const { pathname, href } = useLocation();
  const { user } = useSession();
  const found = findRoute(pathname);
  const isPublic = found?.route.access === 'public';

  const redirect =
    user === null && !isPublic
      ? `/sign-in?next=${encodeURIComponent(href)}`
      : user?.mustChangePassword && pathname !== '/account/password'
        ? '/account/password'
        : null;
  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  if (user === undefined || redirect) return <Loading />;

  const Screen = found?.route.screen ?? notFoundScreen;
  const screen = (
    <Suspense fallback={<Loading />}>
      <Screen params={found?.params ?? {}} />
    </Suspense>
  );
  return isPublic || !user ? <PublicLayout>{screen}</PublicLayout> : <Layout>{screen}</Layout>;
}
