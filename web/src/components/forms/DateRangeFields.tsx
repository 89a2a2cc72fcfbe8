import { TextInput } from '@mantine/core';
import type { ChangeEvent } from 'react';

/** One day of a period: the form's field, its label, and what the screen adds. */
type Day<F extends string> = { field: F; label: string; description?: string; required?: boolean; testId?: string };

type Form<F extends string> = {
  textField(field: F): {
    value: string;
    onChange(event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>): void;
    error: string | undefined;
  };
};

/** A period's first and last days side by side, in the form's grid or group (values from useSchemaForm). */
export function DateRangeFields<F extends string>({ form, start, end }: { form: Form<F>; start: Day<F>; end: Day<F> }) {
  return (
    <>
      {[start, end].map((day) => (
        <TextInput
          key={day.field}
          type="date"
          label={day.label}
          description={day.description}
          required={day.required}
          {...form.textField(day.field)}
          data-testid={day.testId}
        />
      ))}
    </>
  );
}
