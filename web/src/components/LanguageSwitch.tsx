import { Button, Text } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../contract/enums';
import { currentLanguage, languageNames } from '../i18n';

type LanguageSwitchProps = { onChange: (locale: Locale) => void; loading?: boolean };

// A menu needs Mantine's positioning code (a quarter of the sign-in page's Mantine code): it comes
// once the page is drawn, not before the sign-in form on a slow link.
const LanguageMenu = lazy(() => import('./LanguageMenu').then((m) => ({ default: m.LanguageMenu })));

export function LanguageSwitch({ onChange, loading }: LanguageSwitchProps) {
  const { t } = useTranslation();
  const current = currentLanguage();
  // Pressed before the menu's code arrived: the menu opens when it does. Taken on the pointer's
  // press, not its click: when the code arrives between press and release, the button is replaced
  // under the pointer, the click goes to neither button and the menu would stay shut.
  const [pressedEarly, setPressedEarly] = useState(false);
  const pressEarly = () => setPressedEarly(true);
  const button = (early?: () => void) => (
    <Button
      variant="subtle"
      color="gray"
      leftSection={<IconLanguage size={18} aria-hidden />}
      aria-label={t('language.change', { language: languageNames[current] })}
      aria-haspopup="menu"
      loading={loading}
      onPointerDown={early}
      onClick={early}
      data-testid="language-switch"
    >
      {/* On a phone the header holds icons only; the button's label still names the language. */}
      <Text span visibleFrom="xs" inherit>
        {languageNames[current]}
      </Text>
    </Button>
  );
  return (
    <Suspense fallback={button(pressEarly)}>
      <LanguageMenu
        button={button()}
        checkMark={<IconCheck size={16} aria-hidden />}
        onChange={onChange}
        defaultOpened={pressedEarly}
      />
    </Suspense>
  );
}
