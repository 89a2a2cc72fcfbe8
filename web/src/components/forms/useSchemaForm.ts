import { notifications } from '@mantine/notifications';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useState } from 'react';
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
  /** Rules only the form knows (say, two fields that must agree), by field; they win over the schema's. */
  check?(values: V): FieldErrors;
  /** The screen's own wording of a field's rule (shown unless the field is just empty). */
  messages?: Readonly<Record<string, string>>;
  /** Sends the body (the values give what the body leaves out, such as a file to upload). */
  save(body: B, values: V): Promise<R>;
  /** Caches to refresh (after a failure too: a save may be half done) and the notice once saved. */
  invalidate?: QueryKey[];
  savedNotice?: string | ((saved: R) => string);
  /** Closes the form: with the saved record, or at once when an edit changed nothing (nothing is sent). */
  close(saved?: R): void;
  editing?: boolean;
};

/** The fields of the values that hold a string. */
type StringField<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;
/** The fields of the values that hold a number as typed (a number, or the text of one being typed). */
type NumberField<V> = { [K in keyof V]: number | string extends V[K] ? K : never }[keyof V] & string;

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
  // The form's own rule words a field's problem more closely than the schema's generic message.
  const clientErrors: FieldErrors = {
    ...(parsed.success ? {} : schemaFieldErrors(t, parsed.error.issues, body, options.messages)),
    ...options.check?.(values),
  };

  const refresh = () => Promise.all((options.invalidate ?? []).map((queryKey) => queryClient.invalidateQueries({ queryKey })));

  const mutation = useMutation({
    mutationFn: (payload: B) => options.save(payload, values),
    onSuccess: async (saved) => {
      await refresh();
      const notice = typeof options.savedNotice === 'function' ? options.savedNotice(saved) : options.savedNotice;
      if (notice) notifications.show({ color: 'green', message: notice });
      options.close(saved);
    },
    onError: (error) => {
      void refresh();
      setServerErrors(serverFieldErrors(t, error, Object.keys({ ...values, ...body })));
    },
  });

  const set = <K extends keyof V>(field: K, value: V[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setServerErrors(({ [field as string]: _, ...rest }) => rest);
  };
  const dirty = changedFrom(options.initial, values);
  /** The message under a field: the client's once a submit was tried, else the server's. */
  const error = (field: (keyof V & string) | (keyof B & string)): string | undefined =>
    (submitted ? clientErrors[field] : undefined) ?? serverErrors[field];

  return {
    values,
    set,
    dirty,
    error,
    /** A text input's or text area's value, change and error, for a field that holds a string. */
    textField: (field: StringField<V>) => ({
      value: values[field] as string,
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        set(field, event.currentTarget.value as V[typeof field]),
      error: error(field),
    }),
    /** A number input's value, change and error. */
    numberField: (field: NumberField<V>) => ({
      value: values[field] as number | string,
      onChange: (value: number | string) => set(field, value as V[typeof field]),
      error: error(field),
    }),
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
