import { notifications } from '@mantine/notifications';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { changedFrom, type FieldErrors, schemaFieldErrors, serverFieldErrors } from './fieldErrors';

type Options<V extends Record<string, unknown>, B, R> = {
  initial: V;
  /**
   * The server's own schema of the request body (server/modules/<domain>/inputs.ts): the form
   * refuses what the server would refuse, with the same rules.
   */
  schema: z.ZodType;
  /** The request body the values make (by default the values themselves). */
  toBody?(values: V): B;
  /** Rules only the form knows (say, two fields that must agree), by field. */
  check?(values: V): FieldErrors;
  /** Translated messages for the schema's own refinements, by field. */
  refinements?: Readonly<Record<string, string>>;
  /** Sends the body. */
  save(body: B): Promise<R>;
  /** Caches to refresh and the notice to show once saved. */
  invalidate?: QueryKey;
  savedNotice?: string;
  onSaved?(result: R): void;
  /** Closes the form: once saved, or at once when an edit changed nothing (nothing is sent). */
  close(): void;
  editing?: boolean;
};

/**
 * The state of one form modal: its values, whether they changed, its field errors (the server's
 * request schema checked in the browser, then the fields a refused request names), and the mutation
 * that saves it.
 */
export function useSchemaForm<V extends Record<string, unknown>, B = V, R = unknown>(options: Options<V, B, R>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<V>(options.initial);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const toBody = options.toBody ?? ((v: V) => v as unknown as B);
  const body = toBody(values);

  const parsed = options.schema.safeParse(body);
  const clientErrors: FieldErrors = {
    ...options.check?.(values),
    ...(parsed.success ? {} : schemaFieldErrors(t, parsed.error.issues, body, options.refinements)),
  };

  const mutation = useMutation({
    mutationFn: (payload: B) => options.save(payload),
    onSuccess: async (result) => {
      if (options.invalidate) await queryClient.invalidateQueries({ queryKey: options.invalidate });
      if (options.savedNotice) notifications.show({ color: 'green', message: options.savedNotice });
      options.onSaved?.(result);
      options.close();
    },
    onError: (error) => setServerErrors(serverFieldErrors(t, error, Object.keys(values))),
  });

  const set = <K extends keyof V>(field: K, value: V[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setServerErrors(({ [field as string]: _, ...rest }) => rest);
  };
  const dirty = changedFrom(options.initial, values);

  return {
    values,
    set,
    dirty,
    /** The message under a field: the client's once a submit was tried, else the server's. */
    error: (field: keyof V & string): string | undefined =>
      (submitted ? clientErrors[field] : undefined) ?? serverErrors[field],
    submit: (event: FormEvent) => {
      event.preventDefault();
      setSubmitted(true);
      if (Object.keys(clientErrors).length > 0) return;
      if (options.editing && !dirty) return options.close();
      mutation.mutate(body);
    },
    saving: mutation.isPending,
    saveError: mutation.isError ? mutation.error : null,
  };
}
