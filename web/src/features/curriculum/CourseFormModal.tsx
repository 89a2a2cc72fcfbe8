import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CourseLevel, courseLevels, type ThematicArea, thematicAreas } from '../../../../contract/enums';
import {
  type Course,
  curriculumKey,
  type LocalisedText,
  organisationLabel,
  organisationsQuery,
  pick,
  programmesQuery,
  referenceQuery,
} from '../../api/curriculum';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';

type Props = { course: Course | null; programmeId?: string; opened: boolean; onClose(created?: Course): void };

const filled = (value: LocalisedText) => Object.values(value).some((v) => v && v.trim() !== '');

export function CourseFormModal({ course, programmeId, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={() => onClose()}
      size="xl"
      title={course ? t('curriculum.course.editTitle', { code: course.code }) : t('curriculum.course.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <CourseForm key={course?.id ?? 'new'} course={course} programmeId={programmeId} onClose={onClose} />}
    </Modal>
  );
}

const numberOrNull = (value: string | number) => (value === '' ? null : Number(value));

function CourseForm({ course, programmeId, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();

  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const programmes = useQuery(programmesQuery());
  const organisations = useQuery(organisationsQuery());
  const reference = useQuery(referenceQuery());
  const memberStates = useMemberStates();

  const [programme, setProgramme] = useState<string | null>(course?.programmeId ?? programmeId ?? null);
  const [code, setCode] = useState(course?.code ?? '');
  const [title, setTitle] = useState<LocalisedText>(course?.title.values ?? {});
  const [description, setDescription] = useState<LocalisedText>(course?.description.values ?? {});
  const [level, setLevel] = useState<CourseLevel | null>(course?.level ?? null);
  const [hours, setHours] = useState<string | number>(course?.hours ?? '');
  const [thematicArea, setThematicArea] = useState(course?.thematicArea ?? '');
  const [objectives, setObjectives] = useState<LocalisedText[]>(course?.learningObjectives.map((o) => o.values) ?? []);
  const [pillars, setPillars] = useState<string[]>(course?.pillars ?? []);
  const [resolutions, setResolutions] = useState<string[]>(course?.resolutions.map(String) ?? []);
  const [donors, setDonors] = useState<string[]>(course?.donors.map((o) => o.id) ?? []);
  const [partners, setPartners] = useState<string[]>(course?.deliveringPartners.map((o) => o.id) ?? []);
  const [threshold, setThreshold] = useState<string | number>(Math.round((course?.attendanceThreshold ?? 0.8) * 100));
  const [maxScore, setMaxScore] = useState<string | number>(course?.testMaxScore ?? '');
  const [passMark, setPassMark] = useState<string | number>(course?.postTestPassMark ?? '');
  const [tailoredFor, setTailoredFor] = useState<string | null>(course?.tailoredForIso2 ?? null);
  const [needs, setNeeds] = useState(course?.needsAssessment ?? '');
  const [submitted, setSubmitted] = useState(false);

  const max = numberOrNull(maxScore);
  const pass = numberOrNull(passMark);
  const errors = {
    programme: programme ? null : t('common.required'),
    code: code.trim().length < 2 ? t('common.required') : null,
    title: filled(title) ? null : t('curriculum.form.oneLanguage'),
    level: level ? null : t('common.required'),
    hours: typeof hours === 'number' && hours >= 1 ? null : t('common.required'),
    thematicArea: thematicArea.trim() === '' ? t('common.required') : null,
    objectives: objectives.every(filled) ? null : t('curriculum.form.objectiveEmpty'),
    threshold: typeof threshold === 'number' && threshold > 0 && threshold <= 100 ? null : t('curriculum.form.thresholdRange'),
    passMark:
      pass === null
        ? null
        : max === null
          ? t('curriculum.form.passMarkNeedsMax')
          : pass > max
            ? t('curriculum.form.passMarkOverMax')
            : null,
  };

  const save = useMutation({
    mutationFn: () => {
      const body = {
        programmeId: programme,
        code,
        title,
        description,
        level,
        hours: typeof hours === 'number' ? hours : null,
        // One of the select's options (thematicAreas), or empty, which the check above refuses.
        thematicArea: thematicArea as ThematicArea,
        learningObjectives: objectives,
        pillars,
        resolutions: resolutions.map(Number),
        donorIds: donors,
        deliveringPartnerIds: partners,
        attendanceThreshold: Number(threshold) / 100,
        testMaxScore: max,
        postTestPassMark: pass,
        tailoredForIso2: tailoredFor,
        needsAssessment: needs,
      };
      return course ? http.patch(`/courses/${course.id}`, body) : http.post('/courses', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: curriculumKey });
      notifications.show({ color: 'green', message: t('curriculum.saved') });
      onClose(saved);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  const err = (key: keyof typeof errors) => (submitted ? errors[key] : null);

  const orgOptions = (organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }));
  const stateOptions = memberStates.options;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('curriculum.fields.programme')}
            data={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} — ${pick(p.title, lang).text}` }))}
            value={programme}
            onChange={setProgramme}
            required
            searchable
            error={err('programme')}
            data-testid="course-programme"
          />
          <TextInput
            label={t('curriculum.fields.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            required
            dir="ltr"
            error={err('code')}
            data-testid="course-code"
          />
        </SimpleGrid>
        <LocalisedInput
          label={t('curriculum.fields.title')}
          value={title}
          onChange={setTitle}
          required
          error={err('title')}
          testId="course-title"
        />
        <LocalisedInput
          label={t('curriculum.fields.description')}
          value={description}
          onChange={setDescription}
          multiline
          testId="course-description"
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('curriculum.fields.level')}
            data={courseLevels.map((l) => ({ value: l, label: t(`curriculum.levels.${l}`) }))}
            value={level}
            onChange={(v) => setLevel(v as CourseLevel | null)}
            required
            error={err('level')}
            data-testid="course-level"
          />
          <NumberInput
            label={t('curriculum.fields.hours')}
            value={hours}
            onChange={setHours}
            min={1}
            max={2000}
            allowDecimal={false}
            required
            error={err('hours')}
            data-testid="course-hours"
          />
          <Select
            label={t('curriculum.fields.thematicArea')}
            data={thematicAreas.map((a) => ({ value: a, label: t(`curriculum.thematicAreas.${a}`) }))}
            value={thematicArea || null}
            onChange={(v) => setThematicArea(v ?? '')}
            searchable
            required
            error={err('thematicArea')}
            data-testid="course-thematic"
          />
        </SimpleGrid>

        <Divider label={t('curriculum.fields.learningObjectives')} labelPosition="left" />
        {objectives.map((objective, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: objectives have no id; their order is their identity
          <Paper key={index} withBorder p="sm">
            <Group align="flex-start" wrap="nowrap">
              <div style={{ flex: 1 }}>
                <LocalisedInput
                  label={t('curriculum.form.objective', { n: index + 1 })}
                  value={objective}
                  onChange={(v) => setObjectives(objectives.map((o, i) => (i === index ? v : o)))}
                  required
                  testId={`course-objective-${index}`}
                />
              </div>
              <ActionIcon
                variant="subtle"
                color="red"
                mt={28}
                aria-label={t('curriculum.form.removeObjective', { n: index + 1 })}
                onClick={() => setObjectives(objectives.filter((_, i) => i !== index))}
              >
                <IconTrash size={18} aria-hidden />
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        {err('objectives') && (
          <Text c="red" size="sm" role="alert">
            {err('objectives')}
          </Text>
        )}
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setObjectives([...objectives, {}])}
          w="fit-content"
          data-testid="course-add-objective"
        >
          {t('curriculum.form.addObjective')}
        </Button>

        <Divider label={t('curriculum.course.framework')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect
            label={t('curriculum.fields.pillars')}
            data={(reference.data?.pillars ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.titles[lang]}` }))}
            value={pillars}
            onChange={setPillars}
            data-testid="course-pillars"
          />
          <MultiSelect
            label={t('curriculum.fields.resolutions')}
            data={(reference.data?.resolutions ?? []).map((r) => ({ value: String(r.number), label: `${r.number} (${r.year})` }))}
            value={resolutions}
            onChange={setResolutions}
            searchable
            data-testid="course-resolutions"
          />
          <MultiSelect
            label={t('curriculum.fields.donors')}
            data={orgOptions}
            value={donors}
            onChange={setDonors}
            searchable
            nothingFoundMessage={t('common.noMatch')}
          />
          <MultiSelect
            label={t('curriculum.fields.deliveringPartners')}
            data={orgOptions}
            value={partners}
            onChange={setPartners}
            searchable
            nothingFoundMessage={t('common.noMatch')}
          />
        </SimpleGrid>

        <Divider label={t('curriculum.course.completionRule')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('curriculum.fields.attendanceThreshold')}
            description={t('curriculum.form.thresholdHint')}
            value={threshold}
            onChange={setThreshold}
            min={1}
            max={100}
            suffix=" %"
            error={err('threshold')}
            data-testid="course-threshold"
          />
          <NumberInput
            label={t('curriculum.fields.testMaxScore')}
            value={maxScore}
            onChange={setMaxScore}
            min={0}
            data-testid="course-max-score"
          />
          <NumberInput
            label={t('curriculum.fields.postTestPassMark')}
            description={t('curriculum.form.passMarkHint')}
            value={passMark}
            onChange={setPassMark}
            min={0}
            error={err('passMark')}
            data-testid="course-pass-mark"
          />
        </SimpleGrid>

        <Divider label={t('curriculum.course.tailoring')} labelPosition="left" />
        <Select
          label={t('curriculum.fields.tailoredFor')}
          placeholder={t('curriculum.course.notTailored')}
          data={stateOptions}
          value={tailoredFor}
          onChange={setTailoredFor}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
        />
        <Textarea
          label={t('curriculum.fields.needsAssessment')}
          value={needs}
          onChange={(e) => setNeeds(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="course-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
