import { MultiSelect, SimpleGrid, TagsInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { referenceQuery } from '../../api/curriculum';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';

/** What an item is about, as a form holds it (resolutions as text, the pickers' values). */
export type SubjectValues = { pillars: string[]; resolutions: string[]; thematicAreas: string[]; states: string[] };
type SubjectField = keyof SubjectValues;

type Props = {
  values: SubjectValues;
  set(field: SubjectField, value: string[]): void;
  error(field: SubjectField): string | undefined;
  /** Shown under the states: what naming a state does for this item. */
  statesHint: string;
  /** More fields in the same grid (the item form's courses). */
  children?: ReactNode;
};

/**
 * What an item is about: strategy pillars, Security Council resolutions, thematic areas and the
 * states concerned. The item form and the publishing of a good practice both ask them.
 */
export function SubjectFields({ values, set, error, statesHint, children }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const reference = useQuery(referenceQuery());
  const states = useMemberStates();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <MultiSelect
        label={t('library.facets.pillar')}
        data={(reference.data?.pillars ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.titles[lang]}` }))}
        value={values.pillars}
        onChange={(v) => set('pillars', v)}
        error={error('pillars')}
        data-testid="library-subject-pillars"
      />
      <MultiSelect
        label={t('library.fields.resolutions')}
        data={(reference.data?.resolutions ?? []).map((r) => ({ value: String(r.number), label: `${r.number} (${r.year})` }))}
        value={values.resolutions}
        onChange={(v) => set('resolutions', v)}
        searchable
        error={error('resolutions')}
        data-testid="library-subject-resolutions"
      />
      <TagsInput
        label={t('library.fields.thematicAreas')}
        description={t('library.form.thematicAreasHint')}
        value={values.thematicAreas}
        onChange={(v) => set('thematicAreas', v)}
        maxTags={20}
        error={error('thematicAreas')}
        data-testid="library-subject-areas"
      />
      <MultiSelect
        label={t('library.facets.state')}
        description={statesHint}
        data={states.options}
        value={values.states}
        onChange={(v) => set('states', v)}
        searchable
        error={error('states')}
        data-testid="library-item-states"
      />
      {children}
    </SimpleGrid>
  );
}
