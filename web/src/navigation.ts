// Pages are hash routes, so that the server serves one index.html and the browser's back and
// forward buttons move between pages: #/screen (the default), #/alerts, #/alerts/<id>, #/jobs, #/audit. Each page
// names itself in the document's title.
import { useEffect, useState } from 'react';

export type Route = { page: 'screen' } | { page: 'alerts' } | { page: 'alert'; id: number } | { page: 'jobs' } | { page: 'audit' };

/** The largest alert id the server accepts in a path (a row id). */
const MAX_ALERT_ID = 2_147_483_647;

/** The page a location hash names; anything else is the Screen page. */
function routeOf(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/alerts') return { page: 'alerts' };
  if (path === '/jobs') return { page: 'jobs' };
  if (path === '/audit') return { page: 'audit' };
  const alert = /^\/alerts\/([1-9]\d{0,9})$/.exec(path);
  if (alert !== null) {
    const id = Number(alert[1]);
    if (id <= MAX_ALERT_ID) return { page: 'alert', id };
  }
  return { page: 'screen' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'screen':
      return '#/screen';
    case 'alerts':
      return '#/alerts';
    case 'alert':
      return `#/alerts/${route.id}`;
    case 'jobs':
      return '#/jobs';
    case 'audit':
      return '#/audit';
  }
}

export function alertHref(id: number): string {
  return hrefOf({ page: 'alert', id });
}

/** The page the location names now, following it as it changes (links, back, forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** Names the page in the window's title while it is shown ("Alerts — Vigil"). */
export function useDocumentTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} — Vigil`;
    return () => {
      document.title = 'Vigil';
    };
  }, [page]);
}
