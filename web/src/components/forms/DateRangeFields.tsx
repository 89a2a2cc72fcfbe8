import { TextInput, type TextInputProps } from '@mantine/core';

/** One day field of a period: its label and the form's `textField` (plus required, description, test id). */
type DayField = Omit<TextInputProps, 'type'> & { 'data-testid'?: string };

/** A period's first and last days side by side, in the form's grid or group. */
export function DateRangeFields({ start, end }: { start: DayField; end: DayField }) {
  return (
    <>
      <TextInput type="date" {...start} />
      <TextInput type="date" {...end} />
    </>
  );
}
