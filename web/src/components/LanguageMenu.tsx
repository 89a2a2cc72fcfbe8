import { Menu } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales } from '../../../contract/enums';
import { currentLanguage, languageNames } from '../i18n';

type LanguageMenuProps = {
  button: ReactNode;
  /** The current language's mark, drawn by the switch (an icon imported here would bring the signed-in pages' shared chunk). */
  checkMark: ReactNode;
  onChange: (locale: Locale) => void;
  defaultOpened: boolean;
};

/** The language switch's menu (components/LanguageSwitch.tsx fetches it after the page is drawn). */
export function LanguageMenu({ button, checkMark, onChange, defaultOpened }: LanguageMenuProps) {
  const { t } = useTranslation();
  const current = currentLanguage();
  return (
    <Menu position="bottom-end" withinPortal defaultOpened={defaultOpened}>
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {locales.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            dir={locale === 'ar' ? 'rtl' : 'ltr'}
            onClick={() => onChange(locale)}
            rightSection={locale === current ? checkMark : null}
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
