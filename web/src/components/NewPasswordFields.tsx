import { PasswordInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** The server's rule (docs/api.md); checked here too so the user learns it before submitting. */
export const MIN_PASSWORD_LENGTH = 12;

export type NewPassword = { next: string; repeat: string };

/** What is wrong with a new password typed twice, before the server's own rules are asked. */
export const newPasswordErrors = (t: TFunction, value: NewPassword) => ({
  next: value.next.length < MIN_PASSWORD_LENGTH ? t('account.password.tooShort', { min: MIN_PASSWORD_LENGTH }) : null,
  repeat: value.repeat !== value.next ? t('account.password.mismatch') : null,
});

type Props = {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  /** Show the errors (once the form was submitted). */
  showErrors: boolean;
  testIdPrefix?: string;
};

/** A new password and its repetition, the password rule shown under the first. */
export function NewPasswordFields({ value, onChange, showErrors, testIdPrefix = 'new-password' }: Props) {
  const { t } = useTranslation();
  const errors = newPasswordErrors(t, value);
  return (
    <>
      <PasswordInput
        label={t('account.password.new')}
        description={t('account.password.rule', { min: MIN_PASSWORD_LENGTH })}
        autoComplete="new-password"
        value={value.next}
        onChange={(event) => onChange({ ...value, next: event.currentTarget.value })}
        error={showErrors && errors.next}
        required
        visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
        data-testid={`${testIdPrefix}-next`}
      />
      <PasswordInput
        label={t('account.password.repeat')}
        autoComplete="new-password"
        value={value.repeat}
        onChange={(event) => onChange({ ...value, repeat: event.currentTarget.value })}
        error={showErrors && errors.repeat}
        required
        visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
        data-testid={`${testIdPrefix}-repeat`}
      />
    </>
  );
}
