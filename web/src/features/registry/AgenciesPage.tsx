import { Alert, Anchor, Button, Loader, Modal, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agenciesQuery } from '../../api/agencies';
import { ApiError } from '../../api/client';
import { http } from '../../api/http';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert, ruleText } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { FormActions } from '../../components/forms/FormActions';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useMe } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { type Agency, agenciesKey, agencyTypesQuery } from './registry';

const route = getRouteApi('/app/agencies');

export function AgenciesPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const me = useMe();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const _lang = currentLanguage();
  const ownState = me.stateIso2;
  const stateIso2 = ownState ?? search.state ?? null;
  const [form, setForm] = useState<{ agency: Agency | null } | null>(null);

  const memberStates = useMemberStates();
  const agencies = useQuery({ ...agenciesQuery({ stateIso2: stateIso2 ?? undefined }), enabled: Boolean(stateIso2) });
  const stateOptions = memberStates.options;
  const stateName = memberStates.nameOf;
  const canWrite = can('registry.write');
  // Participants read their own record only (My record), not the lists of officials.
  const readsOfficials = can('registry.read') && !can('participation.self');

  return (
    <>
      <PageHeader
        title={t('registry.agencies.title')}
        description={
          stateIso2
            ? t('registry.agencies.descriptionState', { state: stateName(stateIso2) })
            : t('registry.agencies.description')
        }
        actions={
          canWrite &&
          stateIso2 && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setForm({ agency: null })}
              data-testid="agency-create"
            >
              {t('registry.agencies.create')}
            </Button>
          )
        }
      />
      {!ownState && (
        <FilterSelect
          label={t('registry.filters.state')}
          any={t('registry.filters.chooseState')}
          data={stateOptions}
          value={stateIso2}
          onChange={(value) => void navigate({ search: { state: value ?? undefined } })}
          searchable
          width={300}
          mb="md"
          data-testid="agencies-state"
        />
      )}
      {!stateIso2 && <Alert color="gray">{t('registry.agencies.chooseState')}</Alert>}
      {agencies.isError && <ErrorAlert error={agencies.error} />}
      {stateIso2 && agencies.isPending && <Loader aria-label={t('common.loading')} />}
      {stateIso2 && agencies.data && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="sm" data-testid="agencies-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('registry.agencies.name')}</Table.Th>
                  <Table.Th>{t('registry.agencies.type')}</Table.Th>
                  <Table.Th>{t('registry.agencies.parent')}</Table.Th>
                  <Table.Th>{t('registry.agencies.officials')}</Table.Th>
                  {canWrite && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {agencies.data.items.map((a) => (
                  <Table.Tr key={a.id} data-testid={`agency-row-${a.id}`}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {a.name}
                      </Text>
                      {a.acronym && (
                        <Text size="xs" c="dimmed">
                          {a.acronym}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{t(`agencyTypes.${a.type}`, { defaultValue: a.type })}</Table.Td>
                    <Table.Td>{a.parentName ?? '—'}</Table.Td>
                    <Table.Td>
                      {readsOfficials ? (
                        <Anchor
                          size="sm"
                          renderRoot={(props) => (
                            <Link
                              {...props}
                              to="/officials"
                              search={{ state: ownState ? undefined : a.stateIso2, agency: a.id }}
                            />
                          )}
                        >
                          {formatNumber(a.officialCount)}
                        </Anchor>
                      ) : (
                        <Text size="sm">{formatNumber(a.officialCount)}</Text>
                      )}
                    </Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Button
                          variant="subtle"
                          size="xs"
                          leftSection={<IconEdit size={14} aria-hidden />}
                          onClick={() => setForm({ agency: a })}
                          aria-label={t('registry.agencies.editNamed', { name: a.name })}
                        >
                          {t('registry.agencies.edit')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
                {agencies.data.items.length === 0 && (
                  <EmptyTableRow colSpan={canWrite ? 5 : 4}>{t('registry.agencies.none')}</EmptyTableRow>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Modal
        opened={form !== null}
        onClose={() => setForm(null)}
        title={form?.agency ? t('registry.agencies.editTitle') : t('registry.agencies.createTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {form && stateIso2 && (
          <AgencyForm
            key={form.agency?.id ?? 'new'}
            agency={form.agency}
            stateIso2={stateIso2}
            siblings={agencies.data?.items ?? []}
            onClose={() => setForm(null)}
          />
        )}
      </Modal>
    </>
  );
}

function AgencyForm({
  agency,
  stateIso2,
  siblings,
  onClose,
}: {
  agency: Agency | null;
  stateIso2: string;
  siblings: Agency[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(agency?.name ?? '');
  const [acronym, setAcronym] = useState(agency?.acronym ?? '');
  const [type, setType] = useState<string | null>(agency?.type ?? null);
  const [parentId, setParentId] = useState<string | null>(agency?.parentId ?? null);
  const [submitted, setSubmitted] = useState(false);
  const types = useQuery(agencyTypesQuery);

  const errors: Record<string, string | null> = {
    name: name.trim().length >= 2 ? null : t('registry.agencies.nameTooShort'),
    type: type ? null : t('common.required'),
  };
  const valid = Object.values(errors).every((e) => e === null);

  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), acronym: acronym.trim() || null, type, parentId };
      return agency ? http.patch(`/agencies/${agency.id}`, body) : http.post('/agencies', { ...body, stateIso2 });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: agenciesKey });
      notifications.show({ color: 'green', message: t('registry.agencies.saved') });
      onClose();
    },
  });
  const serverErrors = new Map<string, string>(
    save.error instanceof ApiError ? save.error.details.map((d) => [d.path, ruleText(t, d, d.message)]) : [],
  );
  const shown = (field: string) => (submitted && errors[field]) || serverErrors.get(field) || null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (valid) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="agency-form">
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <TextInput
          label={t('registry.agencies.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={shown('name')}
          required
          maxLength={200}
          data-testid="agency-form-name"
        />
        <TextInput
          label={t('registry.agencies.acronym')}
          value={acronym}
          onChange={(e) => setAcronym(e.currentTarget.value)}
          error={shown('acronym')}
          maxLength={30}
        />
        <Select
          label={t('registry.agencies.type')}
          data={(types.data ?? []).map((code) => ({ value: code, label: t(`agencyTypes.${code}`, { defaultValue: code }) }))}
          value={type}
          onChange={setType}
          error={shown('type')}
          required
          searchable
          nothingFoundMessage={t('common.noMatch')}
          data-testid="agency-form-type"
        />
        <Select
          label={t('registry.agencies.parent')}
          placeholder={t('registry.agencies.noParent')}
          data={siblings.filter((s) => s.id !== agency?.id).map((s) => ({ value: s.id, label: s.name }))}
          value={parentId}
          onChange={setParentId}
          error={shown('parentId')}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          nothingFoundMessage={t('common.noMatch')}
        />
        <FormActions onCancel={onClose}>
          <Button type="submit" loading={save.isPending} data-testid="agency-form-submit">
            {t('common.save')}
          </Button>
        </FormActions>
      </Stack>
    </form>
  );
}
