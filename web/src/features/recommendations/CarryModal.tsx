import { Alert, Button, Checkbox, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/forms/FormActions';
import { LocalisedTextView } from '../../components/LocalisedText';
import { OwnerText } from './ActionBadges';
import { recommendationQuery, recommendationsKey } from './recommendations';

type Props = { recommendationId: string | null; onClose(): void };

/** Carries a recommendation, or some of its open actions, to the next edition. */
export function CarryModal({ recommendationId, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={recommendationId !== null}
      onClose={onClose}
      size="lg"
      title={t('recommendations.carry.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {recommendationId && <CarryForm key={recommendationId} recommendationId={recommendationId} onClose={onClose} />}
    </Modal>
  );
}

function CarryForm({ recommendationId, onClose }: { recommendationId: string; onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const recommendation = useQuery(recommendationQuery(recommendationId));
  const open = (recommendation.data?.actions ?? []).filter(
    (a) => (a.status === 'planned' || a.status === 'in_progress') && a.carriedTo === null,
  );
  const [chosen, setChosen] = useState<string[] | null>(null);
  const selected = chosen ?? open.map((a) => a.id);
  const [dueDate, setDueDate] = useState('');
  const carry = useMutation({
    mutationFn: () =>
      http.post(`/recommendations/${recommendationId}/carry`, {
        ...(open.length > 0 && selected.length < open.length ? { actionIds: selected } : {}),
        ...(dueDate ? { dueDate } : {}),
      }),
    onSuccess: async (copy) => {
      await queryClient.invalidateQueries({ queryKey: recommendationsKey });
      notifications.show({ color: 'green', message: t('recommendations.carry.done', { number: copy.edition.number }) });
      onClose();
      void navigate({ to: '/recommendations/editions/$id', params: { id: copy.edition.id } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    carry.mutate();
  };
  if (recommendation.isPending) return <Loader aria-label={t('common.loading')} />;
  if (recommendation.isError) return <ErrorAlert error={recommendation.error} />;
  const data = recommendation.data;
  if (!data.can.carry || !data.nextEdition) {
    return (
      <Alert color="gray">
        {data.nextEdition ? t('recommendations.carry.nothing') : t('recommendations.carry.noNextEdition')}
      </Alert>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {carry.isError && <ErrorAlert error={carry.error} />}
        <Text>
          {t('recommendations.carry.intro', {
            number: data.number,
            next: data.nextEdition.number,
            city: data.nextEdition.city,
            year: data.nextEdition.year,
          })}
        </Text>
        {open.length > 0 ? (
          <Stack gap="xs">
            <Text fw={600}>{t('recommendations.carry.openActions')}</Text>
            {open.map((a) => (
              <Checkbox
                key={a.id}
                checked={selected.includes(a.id)}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  setChosen(checked ? [...selected, a.id] : selected.filter((id) => id !== a.id));
                }}
                label={
                  <span>
                    <LocalisedTextView field={a.description} /> — <OwnerText owner={a.owner} />
                  </span>
                }
                data-testid="carry-action"
              />
            ))}
          </Stack>
        ) : (
          <Text c="dimmed">{t('recommendations.carry.noActions')}</Text>
        )}
        <TextInput
          type="date"
          label={t('recommendations.fields.dueDate')}
          description={t('recommendations.carry.dueDateHint')}
          value={dueDate}
          onChange={(e) => setDueDate(e.currentTarget.value)}
          w={220}
        />
        <FormActions onCancel={onClose}>
          <Button
            type="submit"
            loading={carry.isPending}
            disabled={open.length > 0 && selected.length === 0}
            data-testid="carry-confirm"
          >
            {t('recommendations.carry.confirm', { number: data.nextEdition.number })}
          </Button>
        </FormActions>
      </Stack>
    </form>
  );
}
