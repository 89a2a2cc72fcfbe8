import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../contract/enums';
import { type NavKey, navigationFor } from '../../components/navigation';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useMe } from '../../hooks/session';
import { formatDateTime } from '../../i18n/format';

/** What each role does in the programme and in Tadrib. */
const roleIntros = (t: TFunction): Record<Role, string> => ({
  admin: t('home.intro.admin'),
  programme_officer: t('home.intro.programme_officer'),
  me_officer: t('home.intro.me_officer'),
  trainer: t('home.intro.trainer'),
  focal_point: t('home.intro.focal_point'),
  participant: t('home.intro.participant'),
  partner: t('home.intro.partner'),
});

const sectionDescriptions = (t: TFunction): Record<Exclude<NavKey, 'home'>, string> => ({
  states: t('home.sections.states'),
  'my-state': t('home.sections.myState'),
  account: t('home.sections.account'),
  users: t('home.sections.users'),
  audit: t('home.sections.audit'),
  outbox: t('home.sections.outbox'),
  security: t('home.sections.security'),
  officials: t('registry.home.officials'),
  agencies: t('registry.home.agencies'),
  'officials-import': t('quality.home.import'),
  duplicates: t('quality.home.duplicates'),
  'my-record': t('registry.home.myRecord'),
  'my-trainings': t('participation.home'),
  certificates: t('certificates.home'),
  curriculum: t('curriculum.home'),
  sessions: t('sessions.home'),
  'national-programmes': t('nationalProgrammes.home'),
  meetings: t('meetings.home'),
  results: t('results.home'),
  partners: t('partners.home.partners'),
  contributions: t('partners.home.contributions'),
  'who-does-what-where': t('partners.home.matrix'),
  'my-organisation': t('partners.home.myOrganisation'),
  recommendations: t('recommendations.home.recommendations'),
  'my-state-actions': t('recommendations.home.myStateActions'),
  library: t('library.home'),
  notifications: t('notifications.home'),
  'state-sent': t('notifications.state.home'),
});

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const descriptions = sectionDescriptions(t);
  const sections = navigationFor(me, can, t).flatMap((item) =>
    item.key === 'home' ? [] : [{ ...item, description: descriptions[item.key] }],
  );

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('home.welcome', { name: me.displayName })}
        description={
          <Group gap="xs" component="span">
            <span>{t('home.signedInAs')}</span>
            <Badge variant="light" component="span">
              {t(`roles.${me.role}`)}
            </Badge>
          </Group>
        }
      />
      <Text maw={760}>{roleIntros(t)[me.role]}</Text>
      <Text size="sm" c="dimmed" data-testid="previous-sign-in">
        {me.previousSignInAt ? t('home.previousSignIn', { when: formatDateTime(me.previousSignInAt) }) : t('home.firstSignIn')}
      </Text>
      <Title order={2} size="h4">
        {t('home.sectionsTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {sections.map((section) => (
          <Card
            key={section.key}
            withBorder
            padding="lg"
            component={Link}
            to={section.path}
            data-testid={`home-section-${section.key}`}
          >
            <Group wrap="nowrap" align="flex-start">
              <ThemeIcon variant="light" size="lg" aria-hidden>
                <section.icon size={20} />
              </ThemeIcon>
              <Stack gap={4}>
                <Text fw={600}>{section.label}</Text>
                <Text size="sm" c="dimmed">
                  {section.description}
                </Text>
              </Stack>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
