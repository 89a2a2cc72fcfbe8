import { type ComboboxItem, Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Props<V extends string> = Omit<SelectProps, 'value' | 'onChange' | 'placeholder' | 'data' | 'w'> & {
  /** What no choice means ("any status"), shown while the filter is unset. */
  any: string;
  data: readonly (ComboboxItem & { value: V })[] | readonly V[];
  value: V | null | undefined;
  /** The chosen value, or undefined once cleared (the filter leaves the address). */
  onChange(value: V | undefined): void;
  /** Its width from small screens up (full width on a phone); without it, the width of its grid cell. */
  width?: number;
};

/** One filter of a list page: a select the reader may clear, which narrows the list to one value. */
export function FilterSelect<V extends string>({ any, data, value, onChange, width, searchable, ...rest }: Props<V>) {
  const { t } = useTranslation();
  return (
    <Select
      placeholder={any}
      data={data as SelectProps['data']}
      value={value ?? null}
      onChange={(v) => onChange((v as V | null) ?? undefined)}
      searchable={searchable}
      clearable
      clearButtonProps={{ 'aria-label': t('common.clear') }}
      nothingFoundMessage={searchable ? t('common.noMatch') : undefined}
      w={width === undefined ? undefined : { base: '100%', sm: width }}
      {...rest}
    />
  );
}

/** The years a list may be filtered by, newest first: two years ahead of this one back to 2020. */
export const filterYears = (thisYear = new Date().getFullYear()): string[] =>
  Array.from({ length: thisYear - 2020 + 3 }, (_, i) => String(thisYear + 2 - i));
