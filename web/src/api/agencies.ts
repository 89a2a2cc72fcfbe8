import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { http } from './http';

/** A state's agencies: the registry lists them, and the pickers of other screens offer them. */
export const agenciesQuery = (filters: { stateIso2?: string }) =>
  queryOptions({
    queryKey: ['agencies', 'list', filters],
    queryFn: ({ signal }) => http.get('/agencies', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });
