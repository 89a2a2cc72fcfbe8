import { Button, Card, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '../../../../contract/enums';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { useChangeLanguage } from '../../hooks/language';
import { updateSessionUser, useMe } from '../../hooks/session';
import { statesQuery } from '../../hooks/states';
import { currentLanguage, isLocale, languageNames } from '../../i18n';

export function ProfileSection() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const language = useChangeLanguage();
  const [displayName, setDisplayName] = useState(me.displayName);
  const states = useQuery({ ...statesQuery({}), enabled: me.stateIso2 !== null });
  const lang = currentLanguage();
  const stateName = states.data?.items.find((s) => s.iso2 === me.stateIso2)?.names[lang] ?? me.stateIso2;

  const save = useMutation({
    mutationFn: (name: string) => http.patch('/me', { displayName: name }),
    onSuccess: (user) => {
      updateSessionUser(queryClient, user);
      notifications.show({ color: 'green', message: t('account.profile.saved') });
    },
  });

  const trimmed = displayName.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed !== '') save.mutate(trimmed);
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="md">
        {t('account.profile.title')}
      </Title>
      <Table mb="md" variant="vertical">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={{ base: '40%', sm: 220 }}>{t('account.profile.email')}</Table.Th>
            {/* An address has no space to wrap at: on a phone it breaks anywhere rather than leave the card. */}
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              <Ltr>{me.email}</Ltr>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('account.profile.role')}</Table.Th>
            <Table.Td>{t(`roles.${me.role}`)}</Table.Td>
          </Table.Tr>
          {me.stateIso2 && (
            <Table.Tr>
              <Table.Th>{t('account.profile.state')}</Table.Th>
              <Table.Td>{stateName}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Stack>
        <form onSubmit={submit} noValidate>
          <Group align="flex-end">
            <TextInput
              label={t('account.profile.displayName')}
              value={displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
              error={trimmed === '' && t('common.required')}
              maxLength={120}
              required
              style={{ flex: 1, minWidth: 220 }}
              data-testid="account-display-name"
            />
            <Button type="submit" loading={save.isPending} disabled={trimmed === '' || trimmed === me.displayName}>
              {t('common.save')}
            </Button>
          </Group>
        </form>
        {save.isError && <ErrorAlert error={save.error} />}
        <Select
          label={t('language.label')}
          description={t('account.profile.languageHelp')}
          data={locales.map((locale) => ({ value: locale, label: languageNames[locale] }))}
          value={lang}
          onChange={(value) => isLocale(value) && void language.change(value)}
          allowDeselect={false}
          maw={300}
          data-testid="account-language"
        />
      </Stack>
    </Card>
  );
}
