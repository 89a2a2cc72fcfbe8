import { Badge, Input, Tabs, Textarea, TextInput } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales } from '../../../../contract/enums';
import type { LocalisedText } from '../../api/curriculum';
import { currentLanguage, languageNames } from '../../i18n';

type LocalisedInputProps = {
  label: string;
  value: LocalisedText;
  onChange(value: LocalisedText): void;
  multiline?: boolean;
  required?: boolean;
  error?: string | null;
  testId?: string;
};

/** One content field, with a tab per language; a filled language is marked. */
export function LocalisedInput({ label, value, onChange, multiline, required, error, testId }: LocalisedInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const [tab, setTab] = useState<Locale>(() => {
    const own = currentLanguage();
    return value[own] ? own : (locales.find((l) => value[l]) ?? own);
  });
  const set = (lang: Locale, text: string) => onChange({ ...value, [lang]: text });

  return (
    <Input.Wrapper
      label={label}
      required={required}
      error={error}
      description={t('curriculum.form.languagesHint')}
      id={id}
      data-testid={testId}
    >
      <Tabs value={tab} onChange={(v) => v && setTab(v as Locale)} keepMounted={false} mt={4}>
        <Tabs.List>
          {locales.map((lang) => (
            <Tabs.Tab
              key={lang}
              value={lang}
              lang={lang}
              rightSection={
                value[lang]?.trim() ? (
                  <Badge size="xs" circle variant="filled" color="teal" aria-label={t('curriculum.form.filled')}>
                    ✓
                  </Badge>
                ) : null
              }
            >
              {languageNames[lang]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {locales.map((lang) => {
          const common = {
            value: value[lang] ?? '',
            onChange: (event: { currentTarget: { value: string } }) => set(lang, event.currentTarget.value),
            lang,
            dir: lang === 'ar' ? 'rtl' : 'ltr',
            'aria-label': `${label} (${languageNames[lang]})`,
            'data-testid': testId ? `${testId}-${lang}` : undefined,
            mt: 'xs',
          } as const;
          return (
            <Tabs.Panel key={lang} value={lang}>
              {multiline ? <Textarea {...common} autosize minRows={3} maxRows={10} /> : <TextInput {...common} />}
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </Input.Wrapper>
  );
}
