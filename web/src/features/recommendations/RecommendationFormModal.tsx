import { MultiSelect, NumberInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createRecommendationSchema, updateRecommendationSchema } from '../../../../server/modules/recommendations/inputs';
import { type LocalisedText, referenceQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { currentLanguage } from '../../i18n';
import { type RecommendationList, recommendationsKey } from './recommendations';

type Recommendation = RecommendationList['items'][number];
type Props = {
  /** The recommendation to edit, or null to record a new one at `editionId`. */
  recommendation: Recommendation | null;
  editionId: string;
  opened: boolean;
  onClose(): void;
};

export function RecommendationFormModal({ recommendation, editionId, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        recommendation
          ? t('recommendations.form.editTitle', { number: recommendation.number })
          : t('recommendations.form.createTitle')
      }
      formKey={recommendation?.id ?? 'new'}
    >
      <RecommendationForm recommendation={recommendation} editionId={editionId} onClose={onClose} />
    </FormModal>
  );
}

function RecommendationForm({ recommendation, editionId, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const reference = useQuery(referenceQuery());
  const form = useSchemaForm({
    initial: {
      number: (recommendation?.number ?? '') as number | string,
      text: (recommendation?.text.values ?? {}) as LocalisedText,
      pillars: recommendation?.pillars ?? [],
      resolutions: recommendation?.resolutions.map(String) ?? [],
    },
    schema: recommendation ? updateRecommendationSchema : createRecommendationSchema,
    toBody: ({ number, text, pillars, resolutions }) => ({
      ...(typeof number === 'number' ? { number } : {}),
      text,
      pillars,
      resolutions: resolutions.map(Number),
      ...(recommendation ? {} : { editionId }),
    }),
    messages: { text: t('curriculum.form.oneLanguage') },
    save: (body) =>
      recommendation ? http.patch(`/recommendations/${recommendation.id}`, body) : http.post('/recommendations', body),
    invalidate: [recommendationsKey],
    savedNotice: t('recommendations.form.saved'),
    close: onClose,
    editing: recommendation !== null,
  });
  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="recommendation-save">
      <NumberInput
        label={t('recommendations.fields.number')}
        description={recommendation ? undefined : t('recommendations.form.numberHint')}
        {...form.numberField('number')}
        min={1}
        max={999}
        allowDecimal={false}
        w={200}
        data-testid="recommendation-number"
      />
      <LocalisedInput
        label={t('recommendations.fields.text')}
        value={form.values.text}
        onChange={(v) => form.set('text', v)}
        multiline
        required
        error={form.error('text')}
        testId="recommendation-text"
      />
      <MultiSelect
        label={t('recommendations.fields.pillars')}
        data={(reference.data?.pillars ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.titles[lang]}` }))}
        value={form.values.pillars}
        onChange={(v) => form.set('pillars', v)}
        error={form.error('pillars')}
        data-testid="recommendation-pillars"
      />
      <MultiSelect
        label={t('recommendations.fields.resolutions')}
        data={(reference.data?.resolutions ?? []).map((r) => ({ value: String(r.number), label: `${r.number} (${r.year})` }))}
        value={form.values.resolutions}
        onChange={(v) => form.set('resolutions', v)}
        error={form.error('resolutions')}
        searchable
        data-testid="recommendation-resolutions"
      />
    </ModalForm>
  );
}
