import { useSyncExternalStore } from 'react';

// Hash routes work the same under app:// in Electron and http:// in web mode.

export type Route =
  | { name: 'home' }
  | { name: 'customer'; id: number }
  | { name: 'edit'; id: number }
  /** `card`: the query is a scanned card number (the search said so), for the Card field. */
  | { name: 'new'; query: string; card?: boolean }
  | { name: 'settings' }
  | { name: 'program' }
  | { name: 'unprinted' }
  | { name: 'tags' }
  | { name: 'tag'; id: number }
  | { name: 'wishes' }
  /** Later sections own everything after their first path segment: `#/insights/top?period=…`. */
  | { name: SectionName; rest: string[]; params: Record<string, string> };

export const SECTIONS = ['backup', 'exchange', 'merge', 'insights', 'lists'] as const;
export type SectionName = (typeof SECTIONS)[number];

const isSection = (name: string | undefined): name is SectionName => (SECTIONS as readonly string[]).includes(name ?? '');

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean);
  const id = Number(parts[1]);
  if (parts[0] === 'customer' && Number.isInteger(id) && id > 0) {
    return parts[2] === 'edit' ? { name: 'edit', id } : { name: 'customer', id };
  }
  if (parts[0] === 'new') return params.has('card') ? { name: 'new', query: params.get('card') ?? '', card: true } : { name: 'new', query: params.get('q') ?? '' };
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'loyalty') return { name: 'program' };
  if (parts[0] === 'unprinted') return { name: 'unprinted' };
  if (parts[0] === 'tags') return Number.isInteger(id) && id > 0 ? { name: 'tag', id } : { name: 'tags' };
  if (parts[0] === 'wishes') return { name: 'wishes' };
  if (isSection(parts[0])) return { name: parts[0], rest: parts.slice(1), params: Object.fromEntries(params) };
  return { name: 'home' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'home': return '#/';
    case 'customer': return `#/customer/${route.id}`;
    case 'edit': return `#/customer/${route.id}/edit`;
    case 'new': return route.query ? `#/new?${route.card ? 'card' : 'q'}=${encodeURIComponent(route.query)}` : '#/new';
    case 'settings': return '#/settings';
    case 'program': return '#/loyalty';
    case 'unprinted': return '#/unprinted';
    case 'tags': return '#/tags';
    case 'tag': return `#/tags/${route.id}`;
    case 'wishes': return '#/wishes';
    default: {
      const path = ['', route.name, ...route.rest.map(encodeURIComponent)].join('/');
      const query = new URLSearchParams(route.params).toString();
      return `#${path}${query ? `?${query}` : ''}`;
    }
  }
}

/** A section's route, for links: `section('insights', ['top'], { period: '2026' })`. */
export function section(name: SectionName, rest: string[] = [], params: Record<string, string> = {}): Route {
  return { name, rest, params };
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
