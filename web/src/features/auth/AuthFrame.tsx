import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { mainContentId, SkipLink } from '../../components/SkipLink';
import { setLanguage } from '../../i18n';

/** The frame of the pages reached before signing in: sign-in, forgot password, set password. */
export function AuthFrame({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <SkipLink />
      <Group justify="flex-end" p="md">
        <LanguageSwitch onChange={(locale) => void setLanguage(locale)} />
      </Group>
      <Center px="md" pb="xl">
        <Stack w="100%" maw={460} gap="lg">
          <Stack gap={4} align="center">
            <Title order={1}>{t('app.name')}</Title>
            <Text c="dimmed" ta="center">
              {t('app.tagline')}
            </Text>
          </Stack>
          <Paper withBorder shadow="sm" p="xl" radius="md" component="main" id={mainContentId} tabIndex={-1}>
            <Stack>
              <Title order={2} size="h3" data-testid="sign-in-title">
                {title}
              </Title>
              {children}
            </Stack>
          </Paper>
          {footer}
        </Stack>
      </Center>
    </Box>
  );
}
