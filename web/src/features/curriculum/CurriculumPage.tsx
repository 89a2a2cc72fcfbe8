import { Anchor, Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Programme, programmesQuery } from '../../api/curriculum';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';
import { useFormat } from '../../i18n/format';
import { CourseFormModal } from './CourseFormModal';
import { ProgrammeFormModal } from './ProgrammeFormModal';

export function CurriculumPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canWrite = can('curriculum.write');
  const programmes = useQuery(programmesQuery());
  const [programmeForm, setProgrammeForm] = useState<{ programme: Programme | null } | null>(null);
  const [courseFor, setCourseFor] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title={t('curriculum.title')}
        description={t('curriculum.description')}
        actions={
          canWrite && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setProgrammeForm({ programme: null })}
              data-testid="programme-create"
            >
              {t('curriculum.programme.create')}
            </Button>
          )
        }
      />
      {programmes.isPending && <Loader aria-label={t('common.loading')} />}
      {programmes.isError && <ErrorAlert error={programmes.error} />}
      {programmes.data && programmes.data.items.length === 0 && <Text c="dimmed">{t('curriculum.none')}</Text>}
      <Stack gap="lg">
        {programmes.data?.items.map((programme) => (
          <Card key={programme.id} withBorder data-testid={`programme-${programme.code}`}>
            <Group justify="space-between" align="flex-start" mb="xs">
              <Stack gap={2}>
                <Group gap="xs">
                  <Badge variant="outline" ff="monospace">
                    <Ltr>{programme.code}</Ltr>
                  </Badge>
                  <Title order={2} size="h4">
                    <LocalisedTextView field={programme.title} />
                  </Title>
                </Group>
                <Text size="sm" c="dimmed">
                  {t('curriculum.fields.thematicArea')}:{' '}
                  {t(`curriculum.thematicAreas.${programme.thematicArea}`, { defaultValue: programme.thematicArea })}
                </Text>
              </Stack>
              {canWrite && (
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconEdit size={14} aria-hidden />}
                    onClick={() => setProgrammeForm({ programme })}
                  >
                    {t('curriculum.programme.edit')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPlus size={14} aria-hidden />}
                    onClick={() => setCourseFor(programme.id)}
                    data-testid={`course-create-${programme.code}`}
                  >
                    {t('curriculum.course.create')}
                  </Button>
                </Group>
              )}
            </Group>
            {programme.description.lang && (
              <Text size="sm" mb="sm">
                <LocalisedTextView field={programme.description} />
              </Text>
            )}
            <CourseTable programme={programme} />
          </Card>
        ))}
      </Stack>
      <ProgrammeFormModal
        programme={programmeForm?.programme ?? null}
        opened={programmeForm !== null}
        onClose={() => setProgrammeForm(null)}
      />
      <CourseFormModal
        course={null}
        programmeId={courseFor ?? undefined}
        opened={courseFor !== null}
        onClose={() => setCourseFor(null)}
      />
    </>
  );
}

function CourseTable({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  if (programme.courses.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('curriculum.noCourses')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('curriculum.fields.code')}</Table.Th>
            <Table.Th>{t('curriculum.fields.title')}</Table.Th>
            <Table.Th>{t('curriculum.fields.level')}</Table.Th>
            <Table.Th>{t('curriculum.fields.hours')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {programme.courses.map((course) => (
            <Table.Tr key={course.id} data-testid={`course-row-${course.code}`}>
              <Table.Td ff="monospace">
                <Ltr>{course.code}</Ltr>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/curriculum/courses/${course.id}`}>
                  <LocalisedTextView field={course.title} />
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`curriculum.levels.${course.level}`)}</Badge>
              </Table.Td>
              <Table.Td>{formatNumber(course.hours)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
