import { ActionIcon, Button, Card, Chip, Group, Input, MultiSelect, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { coverageInputSchema } from '../../../../server/modules/national-programmes/inputs';
import { type LocalisedText, referenceQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { currentLanguage } from '../../i18n';
import { type Engagement, nationalProgrammesKey } from './nationalProgrammes';

type Props = { engagement: Engagement; opened: boolean; onClose(): void };
type PartRow = { title: LocalisedText; resolutions: string[]; pillars: string[] };

export function CoverageFormModal({ engagement, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={t('nationalProgrammes.coverage.editTitle')}
      formKey={engagement.id}
    >
      <CoverageForm engagement={engagement} onClose={onClose} />
    </FormModal>
  );
}

function CoverageForm({ engagement, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const reference = useQuery(referenceQuery());
  const form = useSchemaForm({
    initial: {
      resolutions: engagement.coverage.resolutions.map(String),
      pillars: engagement.coverage.pillars,
      parts: engagement.coverage.parts.map(
        (p): PartRow => ({ title: p.title.values, resolutions: p.resolutions.map(String), pillars: p.pillars }),
      ),
    },
    schema: coverageInputSchema,
    toBody: (v) => ({
      resolutions: v.resolutions.map(Number),
      pillars: v.pillars,
      parts: v.parts.map((p) => ({ title: p.title, resolutions: p.resolutions.map(Number), pillars: p.pillars })),
    }),
    check: (v) =>
      v.parts.every((p) => Object.values(p.title).some((text) => text?.trim()))
        ? {}
        : { parts: t('nationalProgrammes.coverage.partTitleRequired') },
    save: (body) => http.put(`/national-programmes/engagements/${engagement.id}/coverage`, body),
    invalidate: [nationalProgrammesKey],
    savedNotice: t('nationalProgrammes.coverage.saved'),
    close: () => onClose(),
    editing: true,
  });
  const { values, set } = form;
  const parts = values.parts;
  const setParts = (rows: PartRow[]) => set('parts', rows);

  const resolutionOptions = (reference.data?.resolutions ?? []).map((r) => ({
    value: String(r.number),
    label: `S/RES/${r.number} (${r.year})`,
  }));
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
    <ModalForm form={form} onCancel={onClose} saveTestId="coverage-save">
      <Text size="sm" c="dimmed">
        {t('nationalProgrammes.coverage.hint')}
      </Text>
      <Card withBorder>
        <Stack gap="sm">
          <Text fw={500}>{t('nationalProgrammes.coverage.wholeProgramme')}</Text>
          <MultiSelect
            label={t('nationalProgrammes.coverage.resolutions')}
            data={resolutionOptions}
            value={values.resolutions}
            onChange={(v) => set('resolutions', v)}
            searchable
            nothingFoundMessage={t('common.noMatch')}
            data-testid="coverage-resolutions"
          />
          {pillarChips(values.pillars, (v) => set('pillars', v), 'coverage-pillar')}
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
      {form.error('parts') && (
        <Text c="red" size="sm" role="alert">
          {form.error('parts')}
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
    </ModalForm>
  );
}
