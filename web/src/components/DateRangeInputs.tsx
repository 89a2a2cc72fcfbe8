import { TextInput } from '@mantine/core';

type Props = {
  from?: string;
  to?: string;
  fromLabel: string;
  toLabel: string;
  /** Called with the changed bound only; an emptied field gives undefined. */
  onChange: (changes: { from?: string | undefined } | { to?: string | undefined }) => void;
};

/** Two day fields of a list's filter, each bounding the other. */
export function DateRangeInputs({ from, to, fromLabel, toLabel, onChange }: Props) {
  return (
    <>
      <TextInput
        label={fromLabel}
        type="date"
        value={from ?? ''}
        max={to}
        onChange={(event) => onChange({ from: event.currentTarget.value || undefined })}
      />
      <TextInput
        label={toLabel}
        type="date"
        value={to ?? ''}
        min={from}
        onChange={(event) => onChange({ to: event.currentTarget.value || undefined })}
      />
    </>
  );
}
