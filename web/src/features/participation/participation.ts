import { queryOptions } from '@tanstack/react-query';
import { type ApiResponse, http } from '../../api/http';

export type MyTraining = ApiResponse<'/api/participation/trainings'>['items'][number];
export type Cascade = MyTraining['cascade']['records'][number];

export const myTrainingsKey = ['participation', 'trainings'] as const;

export const myTrainingsQuery = queryOptions({
  queryKey: myTrainingsKey,
  queryFn: ({ signal }) => http.get('/participation/trainings', { signal }),
  // Asked even without network: the service worker answers from the copy it kept.
  networkMode: 'offlineFirst',
});
