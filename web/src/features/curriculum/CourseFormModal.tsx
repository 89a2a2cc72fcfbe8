import { Divider, MultiSelect, NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type CourseLevel, courseLevels, type ThematicArea, thematicAreas } from '../../../../contract/enums';
import { createCourseSchema, updateCourseSchema } from '../../../../server/modules/curriculum/inputs';
import {
  type Course,
  curriculumKey,
  type LocalisedText,
  organisationLabel,
  organisationsQuery,
  programmeOption,
  programmesQuery,
  referenceQuery,
} from '../../api/curriculum';
import { http } from '../../api/http';
import { EditableRows } from '../../components/forms/EditableRows';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';

type Props = { course: Course | null; programmeId?: string; opened: boolean; onClose(created?: Course): void };

const filled = (value: LocalisedText) => Object.values(value).some((v) => v && v.trim() !== '');

export function CourseFormModal({ course, programmeId, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={() => onClose()}
      size="xl"
      title={course ? t('curriculum.course.editTitle', { code: course.code }) : t('curriculum.course.createTitle')}
      formKey={course?.id ?? 'new'}
    >
      <CourseForm course={course} programmeId={programmeId} onClose={onClose} />
    </FormModal>
  );
}

const numberOrNull = (value: string | number) => (value === '' ? null : Number(value));

function CourseForm({ course, programmeId, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const programmes = useQuery(programmesQuery());
  const organisations = useQuery(organisationsQuery());
  const reference = useQuery(referenceQuery());
  const memberStates = useMemberStates();

  const form = useSchemaForm({
    initial: {
      programmeId: course?.programmeId ?? programmeId ?? '',
      code: course?.code ?? '',
      title: (course?.title.values ?? {}) as LocalisedText,
      description: (course?.description.values ?? {}) as LocalisedText,
      level: (course?.level ?? '') as CourseLevel | '',
      hours: (course?.hours ?? '') as string | number,
      thematicArea: (course?.thematicArea ?? '') as ThematicArea | '',
      learningObjectives: (course?.learningObjectives.map((o) => o.values) ?? []) as LocalisedText[],
      pillars: course?.pillars ?? [],
      resolutions: course?.resolutions.map(String) ?? [],
      donorIds: course?.donors.map((o) => o.id) ?? [],
      deliveringPartnerIds: course?.deliveringPartners.map((o) => o.id) ?? [],
      threshold: Math.round((course?.attendanceThreshold ?? 0.8) * 100) as string | number,
      testMaxScore: (course?.testMaxScore ?? '') as string | number,
      postTestPassMark: (course?.postTestPassMark ?? '') as string | number,
      tailoredForIso2: course?.tailoredForIso2 ?? null,
      needsAssessment: course?.needsAssessment ?? '',
    },
    schema: course ? updateCourseSchema : createCourseSchema,
    toBody: ({ threshold, ...v }) => ({
      ...v,
      // An empty select or number is sent as is: the schema refuses it as required.
      level: v.level as CourseLevel,
      thematicArea: v.thematicArea as ThematicArea,
      hours: (typeof v.hours === 'number' ? v.hours : undefined) as number,
      resolutions: v.resolutions.map(Number),
      attendanceThreshold: Number(threshold) / 100,
      testMaxScore: numberOrNull(v.testMaxScore),
      postTestPassMark: numberOrNull(v.postTestPassMark),
    }),
    check: (v) => {
      const max = numberOrNull(v.testMaxScore);
      const pass = numberOrNull(v.postTestPassMark);
      const passMark =
        pass === null
          ? null
          : max === null
            ? 'curriculum.form.passMarkNeedsMax'
            : pass > max
              ? 'curriculum.form.passMarkOverMax'
              : null;
      return {
        ...(v.learningObjectives.every(filled) ? {} : { learningObjectives: t('curriculum.form.objectiveEmpty') }),
        ...(passMark ? { postTestPassMark: t(passMark) } : {}),
      };
    },
    messages: { title: t('curriculum.form.oneLanguage'), attendanceThreshold: t('curriculum.form.thresholdRange') },
    save: (body) => (course ? http.patch(`/courses/${course.id}`, body) : http.post('/courses', body)),
    invalidate: [curriculumKey],
    savedNotice: t('curriculum.saved'),
    close: onClose,
    editing: course !== null,
  });
  const { values, set } = form;
  const orgOptions = (organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }));

  return (
    <ModalForm form={form} onCancel={() => onClose()} saveTestId="course-save">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('curriculum.fields.programme')}
          data={(programmes.data?.items ?? []).map((p) => programmeOption(p, lang))}
          value={values.programmeId || null}
          onChange={(v) => set('programmeId', v ?? '')}
          required
          searchable
          error={form.error('programmeId')}
          data-testid="course-programme"
        />
        <TextInput label={t('curriculum.fields.code')} {...form.textField('code')} required dir="ltr" data-testid="course-code" />
      </SimpleGrid>
      <LocalisedInput
        label={t('curriculum.fields.title')}
        value={values.title}
        onChange={(v) => set('title', v)}
        required
        error={form.error('title')}
        testId="course-title"
      />
      <LocalisedInput
        label={t('curriculum.fields.description')}
        value={values.description}
        onChange={(v) => set('description', v)}
        multiline
        error={form.error('description')}
        testId="course-description"
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={t('curriculum.fields.level')}
          data={courseLevels.map((l) => ({ value: l, label: t(`curriculum.levels.${l}`) }))}
          value={values.level || null}
          onChange={(v) => set('level', (v ?? '') as CourseLevel | '')}
          required
          error={form.error('level')}
          data-testid="course-level"
        />
        <NumberInput
          label={t('curriculum.fields.hours')}
          {...form.numberField('hours')}
          min={1}
          max={2000}
          allowDecimal={false}
          required
          data-testid="course-hours"
        />
        <Select
          label={t('curriculum.fields.thematicArea')}
          data={thematicAreas.map((a) => ({ value: a, label: t(`curriculum.thematicAreas.${a}`) }))}
          value={values.thematicArea || null}
          onChange={(v) => set('thematicArea', (v ?? '') as ThematicArea | '')}
          searchable
          required
          error={form.error('thematicArea')}
          data-testid="course-thematic"
        />
      </SimpleGrid>

      <Divider label={t('curriculum.fields.learningObjectives')} labelPosition="left" />
      <EditableRows
        rows={values.learningObjectives}
        onChange={(rows) => set('learningObjectives', rows)}
        newRow={() => ({})}
        cards
        removeLabel={(index) => t('curriculum.form.removeObjective', { n: index + 1 })}
        addLabel={t('curriculum.form.addObjective')}
        addTestId="course-add-objective"
        error={form.error('learningObjectives')}
      >
        {(objective, replace, index) => [
          <LocalisedInput
            key="text"
            label={t('curriculum.form.objective', { n: index + 1 })}
            value={objective}
            onChange={replace}
            required
            testId={`course-objective-${index}`}
          />,
        ]}
      </EditableRows>

      <Divider label={t('curriculum.course.framework')} labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MultiSelect
          label={t('curriculum.fields.pillars')}
          data={(reference.data?.pillars ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.titles[lang]}` }))}
          value={values.pillars}
          onChange={(v) => set('pillars', v)}
          error={form.error('pillars')}
          data-testid="course-pillars"
        />
        <MultiSelect
          label={t('curriculum.fields.resolutions')}
          data={(reference.data?.resolutions ?? []).map((r) => ({ value: String(r.number), label: `${r.number} (${r.year})` }))}
          value={values.resolutions}
          onChange={(v) => set('resolutions', v)}
          error={form.error('resolutions')}
          searchable
          data-testid="course-resolutions"
        />
        <MultiSelect
          label={t('curriculum.fields.donors')}
          data={orgOptions}
          value={values.donorIds}
          onChange={(v) => set('donorIds', v)}
          error={form.error('donorIds')}
          searchable
          nothingFoundMessage={t('common.noMatch')}
        />
        <MultiSelect
          label={t('curriculum.fields.deliveringPartners')}
          data={orgOptions}
          value={values.deliveringPartnerIds}
          onChange={(v) => set('deliveringPartnerIds', v)}
          error={form.error('deliveringPartnerIds')}
          searchable
          nothingFoundMessage={t('common.noMatch')}
        />
      </SimpleGrid>

      <Divider label={t('curriculum.course.completionRule')} labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={t('curriculum.fields.attendanceThreshold')}
          description={t('curriculum.form.thresholdHint')}
          {...form.numberField('threshold')}
          min={1}
          max={100}
          suffix=" %"
          error={form.error('attendanceThreshold')}
          data-testid="course-threshold"
        />
        <NumberInput
          label={t('curriculum.fields.testMaxScore')}
          {...form.numberField('testMaxScore')}
          min={0}
          data-testid="course-max-score"
        />
        <NumberInput
          label={t('curriculum.fields.postTestPassMark')}
          description={t('curriculum.form.passMarkHint')}
          {...form.numberField('postTestPassMark')}
          min={0}
          data-testid="course-pass-mark"
        />
      </SimpleGrid>

      <Divider label={t('curriculum.course.tailoring')} labelPosition="left" />
      <Select
        label={t('curriculum.fields.tailoredFor')}
        placeholder={t('curriculum.course.notTailored')}
        data={memberStates.options}
        value={values.tailoredForIso2}
        onChange={(v) => set('tailoredForIso2', v)}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('common.clear') }}
      />
      <Textarea label={t('curriculum.fields.needsAssessment')} {...form.textField('needsAssessment')} autosize minRows={2} />
    </ModalForm>
  );
}
