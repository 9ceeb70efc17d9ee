import { useEffect, useRef, useState } from 'preact/hooks';
import { api, hasRefreshToken, logout, type Me, refresh, setSignedOutHandler } from './api';
import { Bias } from './pages/Bias';
import { Dashboard } from './pages/Dashboard';
import { GuardPolicy } from './pages/GuardPolicy';
import { Health } from './pages/Health';
import { Jobs } from './pages/Jobs';
import { Keys } from './pages/Keys';
import { Login } from './pages/Login';
import { Members } from './pages/Members';
import { Playground } from './pages/Playground';

const PAGES = [
  { id: 'playground', label: 'Playground' },
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'keys', label: 'API keys' },
  { id: 'members', label: 'Members' },
  { id: 'policy', label: 'Guard policy' },
  { id: 'bias', label: 'Bias policies' },
  { id: 'jobs', label: 'Dataset jobs' },
  { id: 'health', label: 'Health' },
] as const;
type PageId = (typeof PAGES)[number]['id'];

const pageOf = (hash: string): PageId => {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === id)?.id ?? 'playground';
};

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [booting, setBooting] = useState(hasRefreshToken());
  const [page, setPage] = useState<PageId>(pageOf(location.hash));
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    setSignedOutHandler(() => setMe(null));
    const onHash = () => setPage(pageOf(location.hash));
    window.addEventListener('hashchange', onHash);
    // A reload keeps the session: the refresh token is in this tab's sessionStorage.
    if (hasRefreshToken())
      void refresh()
        .then(async (ok) => (ok ? setMe(await api<Me>('GET', '/api/v1/auth/me')) : undefined))
        .catch(() => undefined)
        .finally(() => setBooting(false));
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Move focus to the new page's heading, so keyboard and screen-reader users land on it.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page, me]);

  if (booting)
    return (
      <p class="boot" aria-live="polite">
        Loading…
      </p>
    );
  if (!me) return <Login onSignedIn={setMe} />;

  const org = me.organizations.find((o) => o.id === me.organization_id);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">CodeGuardians Console</span>
        <nav aria-label="Console">
          <ul>
            {PAGES.map((p) => (
              <li key={p.id}>
                <a href={`#/${p.id}`} aria-current={page === p.id ? 'page' : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            {me.user.email}
            {org ? ` · ${org.name} (${me.role})` : ''}
          </span>
          <button type="button" class="secondary" onClick={() => void logout().finally(() => setMe(null))}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main}>
        {page === 'playground' && <Playground />}
        {page === 'dashboard' && <Dashboard />}
        {page === 'keys' && <Keys me={me} />}
        {page === 'members' && <Members me={me} />}
        {page === 'policy' && <GuardPolicy me={me} />}
        {page === 'bias' && <Bias me={me} />}
        {page === 'jobs' && <Jobs me={me} />}
        {page === 'health' && <Health />}
      </main>
    </>
  );
}
