import { MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type LibraryAudience, type LibraryItemType, libraryAudiences, libraryItemTypes } from '../../../../contract/enums';
import { createItemSchema, updateItemSchema } from '../../../../server/modules/library/schemas';
import { type LocalisedText, pick, programmesQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { currentLanguage } from '../../i18n';
import type { LibraryItem } from './library';
import { SubjectFields } from './SubjectFields';

type Props = { item: LibraryItem | null; opened: boolean; onClose(saved?: LibraryItem): void };

/** The office adds an item or changes one: what it is, who may see it, and what it is about. */
export function ItemFormModal({ item, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={() => onClose()}
      size="xl"
      title={item ? t('library.form.editTitle') : t('library.form.createTitle')}
      formKey={item?.id ?? 'new'}
    >
      <ItemForm item={item} onClose={onClose} />
    </FormModal>
  );
}

function ItemForm({ item, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const programmes = useQuery(programmesQuery());
  const form = useSchemaForm({
    initial: {
      type: (item?.type ?? null) as LibraryItemType | null,
      audience: (item?.audience ?? null) as LibraryAudience | null,
      title: (item?.title.values ?? {}) as LocalisedText,
      summary: (item?.summary.values ?? {}) as LocalisedText,
      publishedOn: item?.publishedOn ?? '',
      author: item?.author ?? '',
      linkUrl: item?.linkUrl ?? '',
      pillars: item?.pillars ?? [],
      resolutions: (item?.resolutions ?? []).map(String),
      thematicAreas: item?.thematicAreas ?? [],
      states: item?.states ?? [],
      courseIds: item?.courseIds ?? [],
    },
    schema: item ? updateItemSchema : createItemSchema,
    toBody: (v) => ({
      ...v,
      publishedOn: v.publishedOn || null,
      author: v.author.trim() || null,
      linkUrl: v.linkUrl.trim() || null,
      resolutions: v.resolutions.map(Number),
    }),
    save: (body) => (item ? http.patch(`/library/items/${item.id}`, body) : http.post('/library/items', body)),
    invalidate: [['library']],
    savedNotice: t('library.form.saved'),
    close: onClose,
    editing: item !== null,
  });
  const courses = (programmes.data?.items ?? []).flatMap((p) =>
    p.courses.map((c) => ({ value: c.id, label: `${c.code} — ${pick(c.title, lang).text}` })),
  );
  return (
    <ModalForm form={form} onCancel={() => onClose()} saveTestId="library-item-save">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('library.facets.type')}
          data={libraryItemTypes.map((v) => ({ value: v, label: t(`library.types.${v}`) }))}
          value={form.values.type}
          onChange={(v) => form.set('type', v as LibraryItemType | null)}
          required
          error={form.error('type')}
          data-testid="library-item-type"
        />
        <Select
          label={t('library.fields.audience')}
          description={t('library.form.audienceHint')}
          data={libraryAudiences.map((v) => ({ value: v, label: t(`library.audiences.${v}`) }))}
          value={form.values.audience}
          onChange={(v) => form.set('audience', v as LibraryAudience | null)}
          required
          error={form.error('audience')}
          data-testid="library-item-audience-input"
        />
      </SimpleGrid>
      <LocalisedInput
        label={t('library.fields.title')}
        value={form.values.title}
        onChange={(v) => form.set('title', v)}
        required
        error={form.error('title')}
        testId="library-item-title-input"
      />
      <LocalisedInput
        label={t('library.fields.summary')}
        value={form.values.summary}
        onChange={(v) => form.set('summary', v)}
        multiline
        error={form.error('summary')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput type="date" label={t('library.fields.publishedOn')} {...form.textField('publishedOn')} />
        <TextInput label={t('library.fields.author')} {...form.textField('author')} />
      </SimpleGrid>
      <TextInput label={t('library.fields.linkUrl')} placeholder="https://" {...form.textField('linkUrl')} dir="ltr" />
      <SubjectFields
        values={form.values}
        set={(field, value) => form.set(field, value)}
        error={form.error}
        statesHint={t('library.form.statesHint')}
      >
        <MultiSelect
          label={t('library.fields.courses')}
          description={t('library.form.coursesHint')}
          data={courses}
          value={form.values.courseIds}
          onChange={(v) => form.set('courseIds', v)}
          searchable
          error={form.error('courseIds')}
        />
      </SubjectFields>
    </ModalForm>
  );
}
