import { TextInput, type TextInputProps } from '@mantine/core';

type AuthenticatorCodeInputProps = Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onValueChange: (code: string) => void;
};

/** The six digits an authenticator app shows: numeric keypad on phones, the browser's one-time-code autofill, left to right in every language. */
export function AuthenticatorCodeInput({ value, onValueChange, ...props }: AuthenticatorCodeInputProps) {
  return (
    <TextInput
      value={value}
      onChange={(event) => onValueChange(event.currentTarget.value)}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      dir="ltr"
      {...props}
    />
  );
}
