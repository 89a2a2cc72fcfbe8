import { Badge, Button, Group, Paper, Select, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roles } from '../../../../contract/enums';
import type { User } from '../../api/types';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { FilterSelect } from '../../components/FilterSelect';
import { Ltr } from '../../components/Ltr';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { type UserAction, UserActionDialog, UserActionMenu } from './UserActions';
import { UserFormModal } from './UserFormModal';
import { USERS_PAGE_SIZE, usersQuery } from './users';

const route = getRouteApi('/app/admin/users');

export function UsersPage() {
  const { t } = useTranslation();
  const { formatNumber, formatDateTime } = useFormat();
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search.q ?? '');
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const [form, setForm] = useState<{ user: User | null } | null>(null);
  const [action, setAction] = useState<{ user: User; action: UserAction } | null>(null);
  const page = search.page ?? 1;
  const _lang = currentLanguage();

  useEffect(() => {
    if ((search.q ?? '') !== debouncedText) {
      void navigate({ search: (prev) => ({ ...prev, q: debouncedText || undefined, page: undefined }), replace: true });
    }
  }, [debouncedText, search.q, navigate]);

  const users = useQuery(usersQuery({ q: search.q, role: search.role, stateIso2: search.state, active: search.active, page }));
  const memberStates = useMemberStates();
  const stateOptions = memberStates.options;
  const stateName = (iso2: string | null) => (iso2 ? memberStates.nameOf(iso2) : '—');

  const setFilter = (changes: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...changes, page: undefined }) });

  const total = users.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * USERS_PAGE_SIZE + 1;
  const last = Math.min(total, page * USERS_PAGE_SIZE);

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          <Button
            leftSection={<IconUserPlus size={18} aria-hidden />}
            onClick={() => setForm({ user: null })}
            data-testid="user-create"
          >
            {t('users.create')}
          </Button>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <TextInput
          label={t('users.filters.search')}
          placeholder={t('users.filters.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 260 }}
        />
        <FilterSelect
          label={t('users.filters.role')}
          any={t('users.filters.allRoles')}
          data={roles.map((value) => ({ value, label: t(`roles.${value}`) }))}
          value={search.role}
          onChange={(value) => setFilter({ role: value })}
          width={200}
        />
        <FilterSelect
          label={t('users.filters.state')}
          any={t('users.filters.allStates')}
          data={stateOptions}
          value={search.state}
          onChange={(value) => setFilter({ state: value })}
          searchable
          width={220}
        />
        <Select
          label={t('users.filters.status')}
          data={[
            { value: 'all', label: t('users.filters.anyStatus') },
            { value: 'true', label: t('users.status.active') },
            { value: 'false', label: t('users.status.inactive') },
          ]}
          value={search.active ?? 'all'}
          onChange={(value) => setFilter({ active: value === 'true' || value === 'false' ? value : undefined })}
          allowDeselect={false}
          w={{ base: '100%', sm: 160 }}
        />
      </Group>

      <PagedList
        query={users}
        count={t('users.range', { first: formatNumber(first), last: formatNumber(last), total: formatNumber(total) })}
        countTestId="users-count"
        pages={pages}
        page={page}
        onPage={(next) => void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })}
      >
        {(data) => (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('users.columns.name')}</Table.Th>
                    <Table.Th>{t('users.columns.role')}</Table.Th>
                    <Table.Th>{t('users.columns.state')}</Table.Th>
                    <Table.Th>{t('users.columns.mfa')}</Table.Th>
                    <Table.Th>{t('users.columns.status')}</Table.Th>
                    <Table.Th>{t('users.columns.lastSignIn')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('users.columns.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((user) => (
                    <Table.Tr key={user.id} data-testid={`user-row-${user.email}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {user.displayName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          <Ltr>{user.email}</Ltr>
                        </Text>
                      </Table.Td>
                      <Table.Td>{t(`roles.${user.role}`)}</Table.Td>
                      <Table.Td>{stateName(user.stateIso2)}</Table.Td>
                      <Table.Td>
                        {user.mfaEnabled ? (
                          <Badge color="green" variant="light">
                            {t('account.mfa.on')}
                          </Badge>
                        ) : (
                          <Badge color={user.mfaRequired ? 'orange' : 'gray'} variant="light">
                            {user.mfaRequired ? t('users.mfaMissing') : t('account.mfa.off')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={user.active ? 'blue' : 'gray'} variant={user.active ? 'light' : 'outline'}>
                          {user.active ? t('users.status.active') : t('users.status.inactive')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : t('users.neverSignedIn')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <UserActionMenu
                          user={user}
                          isSelf={user.id === me.id}
                          onEdit={() => setForm({ user })}
                          onAction={(kind) => setAction({ user, action: kind })}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {data.items.length === 0 && <EmptyTableRow colSpan={7}>{t('users.none')}</EmptyTableRow>}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </PagedList>

      <UserFormModal opened={form !== null} user={form?.user ?? null} stateOptions={stateOptions} onClose={() => setForm(null)} />
      {action && <UserActionDialog user={action.user} action={action.action} onClose={() => setAction(null)} />}
    </>
  );
}
