import { Button, Menu, Text } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales } from '../../../contract/enums';
import { currentLanguage, languageNames } from '../i18n';

type LanguageSwitchProps = { onChange: (locale: Locale) => void; loading?: boolean };

export function LanguageSwitch({ onChange, loading }: LanguageSwitchProps) {
  const { t } = useTranslation();
  const current = currentLanguage();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconLanguage size={18} aria-hidden />}
          aria-label={t('language.change', { language: languageNames[current] })}
          loading={loading}
          data-testid="language-switch"
        >
          {/* On a phone the header holds icons only; the button's label still names the language. */}
          <Text span visibleFrom="xs" inherit>
            {languageNames[current]}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {locales.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            dir={locale === 'ar' ? 'rtl' : 'ltr'}
            onClick={() => onChange(locale)}
            rightSection={locale === current ? <IconCheck size={16} aria-hidden /> : null}
            aria-current={locale === current ? 'true' : undefined}
            data-testid={`language-${locale}`}
          >
            {languageNames[locale]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
