import { ActionIcon, Button, Card, Group, Loader, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalisedText } from '../../api/curriculum';
import { type ApiResponse, http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSettingSave } from './useSettingSave';

type Signatory = ApiResponse<'/api/settings/certificates', 'get'>['signatories'][number];

const signatoriesKey = ['settings', 'certificates'] as const;
/** The server prints at most three signatures under a certificate. */
const MAX_SIGNATORIES = 3;

/** Who signs the certificates: names and titles printed on every certificate issued from now on. */
export function CertificateSignatoriesCard() {
  const { t } = useTranslation();
  const saved = useQuery({
    queryKey: signatoriesKey,
    queryFn: ({ signal }) => http.get('/settings/certificates', { signal }),
  });
  return (
    <Card withBorder padding="lg">
      <Stack>
        <div>
          <Title order={2} size="h4">
            {t('security.signatories.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('security.signatories.description')}
          </Text>
        </div>
        {saved.isPending && <Loader aria-label={t('common.loading')} />}
        {saved.isError && <ErrorAlert error={saved.error} />}
        {saved.data && <SignatoriesForm saved={saved.data.signatories} />}
      </Stack>
    </Card>
  );
}

/** A signatory being edited, with a key of its own so that removing one keeps the others' fields. */
type Row = Signatory & { key: string };
const rowsOf = (signatories: Signatory[]): Row[] => signatories.map((s) => ({ ...s, key: crypto.randomUUID() }));

function SignatoriesForm({ saved }: { saved: Signatory[] }) {
  const { t } = useTranslation();
  const _queryClient = useQueryClient();
  const [signatories, setSignatories] = useState<Row[]>(() => rowsOf(saved));
  const update = (index: number, change: Partial<Signatory>) =>
    setSignatories((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)));

  const { save, submit } = useSettingSave({
    queryKey: signatoriesKey,
    send: () => http.put('/settings/certificates', { signatories: signatories.map(({ name, title }) => ({ name, title })) }),
    savedMessage: t('security.signatories.saved'),
    onSaved: (result) => setSignatories(rowsOf(result.signatories)),
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        {signatories.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('security.signatories.none')}
          </Text>
        )}
        {signatories.map((signatory, index) => (
          <Card key={signatory.key} withBorder padding="sm" data-testid={`signatory-${index}`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-end">
                <TextInput
                  flex={1}
                  required
                  label={t('security.signatories.name')}
                  value={signatory.name}
                  onChange={(event) => update(index, { name: event.currentTarget.value })}
                  data-testid={`signatory-name-${index}`}
                />
                <Tooltip label={t('security.signatories.remove')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={t('security.signatories.remove')}
                    onClick={() => setSignatories((all) => all.filter((_, i) => i !== index))}
                  >
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              </Group>
              <LocalisedInput
                required
                label={t('security.signatories.function')}
                value={signatory.title as LocalisedText}
                onChange={(title) => update(index, { title })}
                testId={`signatory-title-${index}`}
              />
            </Stack>
          </Card>
        ))}
        {save.isError && <ErrorAlert error={save.error} />}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            disabled={signatories.length >= MAX_SIGNATORIES}
            onClick={() => setSignatories((all) => [...all, { name: '', title: {}, key: crypto.randomUUID() }])}
            data-testid="signatory-add"
          >
            {t('security.signatories.add')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="signatories-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
