import { useEffect, useState } from 'react';
import { pageFromHash, type PageId } from '../lib/hashRoute';

/** The page named by `location.hash`, following back/forward navigation. */
export function useHashPage(): PageId {
  const [page, setPage] = useState<PageId>(() => pageFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return page;
}
