/** The app's pages, in nav order; the id is the hash path and the `nav-<id>` test id. */
export const pages = [
  { id: 'live', label: 'Live windows', icon: '▦' },
  { id: 'late', label: 'Late events', icon: '◐' },
  { id: 'watermarks', label: 'Watermarks', icon: '≋' },
  { id: 'pipelines', label: 'Pipelines', icon: '≡' },
  { id: 'generator', label: 'Generator', icon: '▶' },
  { id: 'cluster', label: 'Cluster', icon: '◎' },
] as const;

export type PageId = (typeof pages)[number]['id'];

/** `#/late` → `late`; anything unknown → `live`. */
export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return pages.find((p) => p.id === id)?.id ?? 'live';
}

export function hashFor(page: PageId): string {
  return `#/${page}`;
}
