import { notifications } from '@mantine/notifications';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';

/**
 * A settings card's save: the server's answer becomes the cached setting, then the card's form
 * (`onSaved`), and a notice says it is saved.
 */
export function useSettingSave<T>(options: {
  queryKey: QueryKey;
  send: () => Promise<T>;
  savedMessage: string;
  onSaved: (saved: T) => void | Promise<void>;
}) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: options.send,
    onSuccess: async (result) => {
      queryClient.setQueryData(options.queryKey, result);
      notifications.show({ color: 'green', message: options.savedMessage });
      await options.onSaved(result);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return { save, submit };
}
