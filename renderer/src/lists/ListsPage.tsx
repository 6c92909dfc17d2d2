import type { ListName } from '../../../main/api/contract';
import { ActListPage } from './ActListPage';
import { CustomersPage } from './CustomersPage';
import { LISTS, Overview } from './Overview';
import './lists.css';

export interface SectionProps {
  /** Path segments after `#/lists`. */
  rest: string[];
  params: Record<string, string>;
}

const isList = (name: string | undefined): name is ListName => (LISTS as readonly string[]).includes(name ?? '');

/** `#/lists` (overview), `#/lists/<list>` (a list to act on), `#/lists/customers?f=<saved id>` (the filtered customer list). */
export function ListsPage({ rest, params }: SectionProps) {
  const [first] = rest;
  if (first === 'customers') {
    const saved = Number(params.f);
    const savedId = Number.isInteger(saved) && saved > 0 ? saved : null;
    return <CustomersPage key={savedId ?? 'new'} savedId={savedId} />;
  }
  if (isList(first)) return <ActListPage key={first} list={first} params={params} />;
  return <Overview />;
}
