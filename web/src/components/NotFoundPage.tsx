import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from './PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <Center mih="60vh" p="md">
      <Paper withBorder p="xl" maw={480}>
        <Stack>
          <Title order={1} size="h2">
            {t('notFound.title')}
          </Title>
          <Text>{t('notFound.body')}</Text>
          <Button component={Link} to="/" w="fit-content">
            {t('notFound.home')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
