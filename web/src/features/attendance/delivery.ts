import { queryOptions } from '@tanstack/react-query';
import { type ApiResponse, http } from '../../api/http';

export type DeliverySheet = ApiResponse<'/api/sessions/{id}/delivery'>;
export type Participant = DeliverySheet['participants'][number];
export type Completion = Participant['completion'];
export type ImportResult = ApiResponse<'/api/sessions/{id}/scores/import', 'post'>;

export const deliveryKey = (sessionId: string) => ['delivery', sessionId] as const;

export const deliveryQuery = (sessionId: string) =>
  queryOptions({
    queryKey: deliveryKey(sessionId),
    queryFn: ({ signal }) => http.get(`/sessions/${sessionId}/delivery`, { signal }),
    // Asked even without network: the service worker answers from the copy it kept (offline at a venue).
    networkMode: 'offlineFirst',
  });
