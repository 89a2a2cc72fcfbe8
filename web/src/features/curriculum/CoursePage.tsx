import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '../../../../contract/enums';
import { type Course, courseQuery, organisationLabel, pick, referenceQuery } from '../../api/curriculum';
import { DetailCard } from '../../components/DetailCard';
import { DetailRow } from '../../components/DetailRow';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage, languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { CourseFormModal } from './CourseFormModal';

const route = getRouteApi('/app/curriculum/courses/$id');

export function CoursePage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const course = useQuery(courseQuery(id));
  return (
    <RecordPage
      back={{ to: '/curriculum', label: t('curriculum.back') }}
      query={course}
      notFound={{ body: t('curriculum.course.notFound') }}
    >
      {(data) => <CourseDetail course={data} />}
    </RecordPage>
  );
}

function CourseDetail({ course }: { course: Course }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const can = useCan();
  const lang = currentLanguage();
  const [editing, setEditing] = useState(false);
  const reference = useQuery(referenceQuery());
  const memberStates = useMemberStates();
  const pillarTitle = (code: string) => reference.data?.pillars.find((p) => p.code === code)?.titles[lang] ?? '';
  const resolution = (n: number) => reference.data?.resolutions.find((r) => r.number === n);
  const stateName = memberStates.nameOf;

  return (
    <>
      <PageHeader
        title={pick(course.title, lang).text}
        description={
          <Group gap="xs" component="span">
            <Badge variant="outline" ff="monospace" component="span">
              <Ltr>{course.code}</Ltr>
            </Badge>
            <Badge variant="light" component="span">
              {t(`curriculum.levels.${course.level}`)}
            </Badge>
            <span>
              <LocalisedTextView field={course.programme.title} />
            </span>
          </Group>
        }
        actions={
          can('curriculum.write') && (
            <Button leftSection={<IconEdit size={18} aria-hidden />} onClick={() => setEditing(true)} data-testid="course-edit">
              {t('curriculum.course.edit')}
            </Button>
          )
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DetailCard title={t('curriculum.course.overview')}>
          <DetailRow label={t('curriculum.fields.hours')}>{formatNumber(course.hours)}</DetailRow>
          <DetailRow label={t('curriculum.fields.thematicArea')}>
            {t(`curriculum.thematicAreas.${course.thematicArea}`, { defaultValue: course.thematicArea })}
          </DetailRow>
          <DetailRow label={t('curriculum.fields.attendanceThreshold')}>
            {formatNumber(Math.round(course.attendanceThreshold * 100))} %
          </DetailRow>
          <DetailRow label={t('curriculum.fields.testMaxScore')}>
            {course.testMaxScore === null ? '—' : formatNumber(course.testMaxScore)}
          </DetailRow>
          <DetailRow label={t('curriculum.fields.postTestPassMark')}>
            {course.postTestPassMark === null ? t('curriculum.course.noPassMark') : formatNumber(course.postTestPassMark)}
          </DetailRow>
          <DetailRow label={t('curriculum.fields.tailoredFor')}>
            {course.tailoredForIso2 ? stateName(course.tailoredForIso2) : t('curriculum.course.notTailored')}
          </DetailRow>
          <DetailRow label={t('curriculum.fields.needsAssessment')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {course.needsAssessment ?? '—'}
            </Text>
          </DetailRow>
        </DetailCard>
        <DetailCard title={t('curriculum.course.framework')}>
          <DetailRow label={t('curriculum.fields.pillars')}>
            {course.pillars.length === 0 ? (
              '—'
            ) : (
              <Stack gap={4}>
                {course.pillars.map((p) => (
                  <Text size="sm" key={p}>
                    <b>{p}</b> {pillarTitle(p)}
                  </Text>
                ))}
              </Stack>
            )}
          </DetailRow>
          <DetailRow label={t('curriculum.fields.resolutions')}>
            {course.resolutions.length === 0 ? (
              '—'
            ) : (
              <Group gap={4}>
                {course.resolutions.map((n) => (
                  <Badge key={n} variant="outline" title={resolution(n)?.subject}>
                    {n} ({resolution(n)?.year ?? '…'})
                  </Badge>
                ))}
              </Group>
            )}
          </DetailRow>
          <DetailRow label={t('curriculum.fields.donors')}>{course.donors.map(organisationLabel).join(', ') || '—'}</DetailRow>
          <DetailRow label={t('curriculum.fields.deliveringPartners')}>
            {course.deliveringPartners.map(organisationLabel).join(', ') || '—'}
          </DetailRow>
        </DetailCard>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('curriculum.fields.description')}
        </Title>
        <LocalisedTextView field={course.description} empty={t('curriculum.course.noDescription')} />
        <Title order={2} size="h4" mt="lg" mb="sm">
          {t('curriculum.fields.learningObjectives')}
        </Title>
        {course.learningObjectives.length === 0 ? (
          <Text c="dimmed">—</Text>
        ) : (
          <List type="ordered" spacing="xs">
            {course.learningObjectives.map((o, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: objectives are ordered and have no id
              <List.Item key={i}>
                <LocalisedTextView field={o} />
              </List.Item>
            ))}
          </List>
        )}
      </Card>
      <DetailCard title={t('curriculum.course.languages')}>
        {locales.map((l) => (
          <Table.Tr key={l}>
            <Table.Th w="25%" lang={l}>
              {languageNames[l]}
            </Table.Th>
            <Table.Td>
              <span lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'}>
                {course.title.values[l] ?? (
                  <Text span c="dimmed">
                    {t('curriculum.course.missingLanguage')}
                  </Text>
                )}
              </span>
            </Table.Td>
          </Table.Tr>
        ))}
      </DetailCard>
      <CourseFormModal course={course} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}
