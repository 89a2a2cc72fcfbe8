import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type LocalisedField, pick } from '../api/curriculum';
import { currentLanguage, languageNames } from '../i18n';

/** Content text in the reader's language, or in the fallback language, marked as such. */
export function LocalisedTextView({ field, empty }: { field: LocalisedField; empty?: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const shown = pick(field, lang);
  if (!shown.lang) return <span>{empty ?? '—'}</span>;
  return (
    <Group gap={6} component="span" wrap="nowrap" style={{ display: 'inline-flex' }}>
      <span lang={shown.lang} dir={shown.lang === 'ar' ? 'rtl' : 'ltr'} style={{ whiteSpace: 'pre-wrap' }}>
        {shown.text}
      </span>
      {shown.lang !== lang && (
        <Badge
          size="xs"
          variant="outline"
          color="gray"
          title={t('curriculum.otherLanguage', { language: languageNames[shown.lang] })}
        >
          {shown.lang.toUpperCase()}
        </Badge>
      )}
    </Group>
  );
}
