import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/endpoints';
import { toProblem } from '../api/problem';
import type { PipelineDefinition, ProblemDetails } from '../api/types';

/** `GET /pipelines`, loaded on mount, with a `reload` for after create/delete. */
export function usePipelineDefinitions() {
  const [definitions, setDefinitions] = useState<PipelineDefinition[]>([]);
  const [error, setError] = useState<ProblemDetails | null>(null);
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(async () => {
    try {
      setDefinitions(await api.pipelines());
      setError(null);
    } catch (e) {
      setError(toProblem(e));
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { definitions, error, loaded, reload };
}
