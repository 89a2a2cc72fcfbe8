import { Button, Center, Loader, Stack } from '@mantine/core';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

/** Shown while a screen's code or its session check is on its way (slow links). */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="40vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** A screen that failed to load (server unreachable, a chunk missing after a release): explain and offer a retry. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const retry = () => {
    reset();
    void router.invalidate();
  };
  return (
    <Center mih="40vh" p="md">
      <Stack maw={520}>
        <ErrorAlert error={error} />
        <Button variant="light" w="fit-content" onClick={retry}>
          {t('common.retry')}
        </Button>
      </Stack>
    </Center>
  );
}
