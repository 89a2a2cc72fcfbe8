import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type AccountEmailInputProps = {
  value: string;
  onValueChange: (email: string) => void;
  /** Shown as "required" once the reader has tried to send the form empty. */
  missing: boolean;
  testId: string;
};

/** The account's e-mail on the sign-in and forgot-password forms: offered by the browser's saved sign-ins, left to right in every language. */
export function AccountEmailInput({ value, onValueChange, missing, testId }: AccountEmailInputProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('auth.email')}
      type="email"
      autoComplete="username"
      value={value}
      onChange={(event) => onValueChange(event.currentTarget.value)}
      required
      error={missing && t('common.required')}
      dir="ltr"
      data-testid={testId}
    />
  );
}
