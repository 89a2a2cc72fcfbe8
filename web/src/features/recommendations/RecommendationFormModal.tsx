import { Button, Group, Modal, MultiSelect, NumberInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { type LocalisedText, referenceQuery } from '../curriculum/curriculum';
import { LocalisedInput } from '../curriculum/LocalisedInput';
import { type RecommendationDetail, type RecommendationList, recommendationsKey } from './recommendations';

type Recommendation = RecommendationList['items'][number];
type Props = {
  /** The recommendation to edit, or null to record a new one at `editionId`. */
  recommendation: Recommendation | null;
  editionId: string;
  opened: boolean;
  onClose(): void;
};

const filled = (value: LocalisedText) => Object.values(value).some((v) => v && v.trim() !== '');

export function RecommendationFormModal({ recommendation, editionId, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        recommendation
          ? t('recommendations.form.editTitle', { number: recommendation.number })
          : t('recommendations.form.createTitle')
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && (
        <RecommendationForm
          key={recommendation?.id ?? 'new'}
          recommendation={recommendation}
          editionId={editionId}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function RecommendationForm({ recommendation, editionId, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const reference = useQuery(referenceQuery());
  const [number, setNumber] = useState<number | string>(recommendation?.number ?? '');
  const [text, setText] = useState<LocalisedText>(recommendation?.text.values ?? {});
  const [pillars, setPillars] = useState<string[]>(recommendation?.pillars ?? []);
  const [resolutions, setResolutions] = useState<string[]>(recommendation?.resolutions.map(String) ?? []);
  const [submitted, setSubmitted] = useState(false);
  const textError = filled(text) ? null : t('curriculum.form.oneLanguage');
  const save = useMutation({
    mutationFn: () => {
      const body = {
        ...(typeof number === 'number' ? { number } : {}),
        text,
        pillars,
        resolutions: resolutions.map(Number),
      };
      return recommendation
        ? api.patch<RecommendationDetail>(`/recommendations/${recommendation.id}`, body)
        : api.post<RecommendationDetail>('/recommendations', { ...body, editionId });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: recommendationsKey });
      notifications.show({ color: 'green', message: t('recommendations.form.saved') });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (textError === null) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <NumberInput
          label={t('recommendations.fields.number')}
          description={recommendation ? undefined : t('recommendations.form.numberHint')}
          value={number}
          onChange={setNumber}
          min={1}
          max={999}
          allowDecimal={false}
          w={200}
          data-testid="recommendation-number"
        />
        <LocalisedInput
          label={t('recommendations.fields.text')}
          value={text}
          onChange={setText}
          multiline
          required
          error={submitted ? textError : null}
          testId="recommendation-text"
        />
        <MultiSelect
          label={t('recommendations.fields.pillars')}
          data={(reference.data?.pillars ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.titles[lang]}` }))}
          value={pillars}
          onChange={setPillars}
          data-testid="recommendation-pillars"
        />
        <MultiSelect
          label={t('recommendations.fields.resolutions')}
          data={(reference.data?.resolutions ?? []).map((r) => ({ value: String(r.number), label: `${r.number} (${r.year})` }))}
          value={resolutions}
          onChange={setResolutions}
          searchable
          data-testid="recommendation-resolutions"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="recommendation-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
