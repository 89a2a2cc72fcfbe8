import { ActionIcon, Button, Card, Chip, Group, Input, Modal, MultiSelect, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LocalisedText, referenceQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { currentLanguage } from '../../i18n';
import { type Engagement, nationalProgrammesKey } from './nationalProgrammes';
import { ProgrammeErrorAlert } from './ProgrammeErrorAlert';

type Props = { engagement: Engagement; opened: boolean; onClose(): void };
type PartRow = { title: LocalisedText; resolutions: string[]; pillars: string[] };

export function CoverageFormModal({ engagement, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={t('nationalProgrammes.coverage.editTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <CoverageForm engagement={engagement} onClose={onClose} />}
    </Modal>
  );
}

function CoverageForm({ engagement, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const reference = useQuery(referenceQuery());
  const [resolutions, setResolutions] = useState(engagement.coverage.resolutions.map(String));
  const [pillars, setPillars] = useState(engagement.coverage.pillars);
  const [parts, setParts] = useState<PartRow[]>(
    engagement.coverage.parts.map((p) => ({ title: p.title.values, resolutions: p.resolutions.map(String), pillars: p.pillars })),
  );
  const [submitted, setSubmitted] = useState(false);

  const resolutionOptions = (reference.data?.resolutions ?? []).map((r) => ({
    value: String(r.number),
    label: `S/RES/${r.number} (${r.year})`,
  }));
  const partsError = parts.every((p) => Object.values(p.title).some((v) => v?.trim()))
    ? null
    : t('nationalProgrammes.coverage.partTitleRequired');

  const save = useMutation({
    mutationFn: () =>
      http.put(`/national-programmes/engagements/${engagement.id}/coverage`, {
        resolutions: resolutions.map(Number),
        pillars,
        parts: parts.map((p) => ({ title: p.title, resolutions: p.resolutions.map(Number), pillars: p.pillars })),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: nationalProgrammesKey });
      notifications.show({ color: 'green', message: t('nationalProgrammes.coverage.saved') });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!partsError) save.mutate();
  };
  const setPart = (index: number, changes: Partial<PartRow>) =>
    setParts(parts.map((p, i) => (i === index ? { ...p, ...changes } : p)));

  const pillarChips = (value: string[], onChange: (v: string[]) => void, testId: string) => (
    <Input.Wrapper label={t('nationalProgrammes.coverage.pillars')}>
      <Chip.Group multiple value={value} onChange={onChange}>
        <Group gap={6} mt={4}>
          {(reference.data?.pillars ?? []).map((p) => (
            <Tooltip key={p.code} label={p.titles[lang]} multiline w={320}>
              <Chip value={p.code} size="sm" data-testid={`${testId}-${p.code}`}>
                {t('nationalProgrammes.coverage.pillar', { code: p.code })}
              </Chip>
            </Tooltip>
          ))}
        </Group>
      </Chip.Group>
    </Input.Wrapper>
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ProgrammeErrorAlert error={save.error} />}
        <Text size="sm" c="dimmed">
          {t('nationalProgrammes.coverage.hint')}
        </Text>
        <Card withBorder>
          <Stack gap="sm">
            <Text fw={500}>{t('nationalProgrammes.coverage.wholeProgramme')}</Text>
            <MultiSelect
              label={t('nationalProgrammes.coverage.resolutions')}
              data={resolutionOptions}
              value={resolutions}
              onChange={setResolutions}
              searchable
              nothingFoundMessage={t('common.noMatch')}
              data-testid="coverage-resolutions"
            />
            {pillarChips(pillars, setPillars, 'coverage-pillar')}
          </Stack>
        </Card>
        {parts.map((part, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts being typed have no id yet
          <Card withBorder key={index}>
            <Stack gap="sm">
              <Group justify="space-between">
                <Text fw={500}>{t('nationalProgrammes.coverage.part', { number: index + 1 })}</Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('nationalProgrammes.coverage.removePart')}
                  onClick={() => setParts(parts.filter((_, i) => i !== index))}
                >
                  <IconTrash size={18} aria-hidden />
                </ActionIcon>
              </Group>
              <LocalisedInput
                label={t('nationalProgrammes.coverage.partTitle')}
                value={part.title}
                onChange={(title) => setPart(index, { title })}
                required
                testId={`coverage-part-title-${index}`}
              />
              <MultiSelect
                label={t('nationalProgrammes.coverage.resolutions')}
                data={resolutionOptions}
                value={part.resolutions}
                onChange={(v) => setPart(index, { resolutions: v })}
                searchable
                nothingFoundMessage={t('common.noMatch')}
              />
              {pillarChips(part.pillars, (v) => setPart(index, { pillars: v }), `coverage-part-${index}-pillar`)}
            </Stack>
          </Card>
        ))}
        {submitted && partsError && (
          <Text c="red" size="sm" role="alert">
            {partsError}
          </Text>
        )}
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          w="fit-content"
          onClick={() => setParts([...parts, { title: {}, resolutions: [], pillars: [] }])}
          data-testid="coverage-add-part"
        >
          {t('nationalProgrammes.coverage.addPart')}
        </Button>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="coverage-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
