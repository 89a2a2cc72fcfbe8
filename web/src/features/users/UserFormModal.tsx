import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales, type Role, roles, stateBoundRoles } from '../../../../contract/enums';
import { ApiError } from '../../api/client';
import { http } from '../../api/http';
import type { CreatedUser, User } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isLocale, languageNames } from '../../i18n';
import { candidateLabel, officialCandidatesQuery, usersKey } from './users';

type UserFormModalProps = {
  /** The user to edit; none to create one. */
  user: User | null;
  opened: boolean;
  stateOptions: { value: string; label: string }[];
  onClose: () => void;
};

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates a user (who is mailed an invitation to choose a password) or edits name, role and state. */
export function UserFormModal({ user, opened, stateOptions, onClose }: UserFormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('users.form.editTitle', { name: user.displayName }) : t('users.form.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
    >
      {/* Remounted per opening, so the fields start from the user being edited. */}
      {opened && <UserForm key={user?.id ?? 'new'} user={user} stateOptions={stateOptions} onClose={onClose} />}
    </Modal>
  );
}

function UserForm({ user, stateOptions, onClose }: Omit<UserFormModalProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const conflictOverride = useConflictOverride();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role | null>(user?.role ?? null);
  const [stateIso2, setStateIso2] = useState<string | null>(user?.stateIso2 ?? null);
  const [locale, setLocale] = useState<Locale>('en');
  const [officialId, setOfficialId] = useState<string | null>(user?.officialId ?? null);
  const [submitted, setSubmitted] = useState(false);
  const needsState = role !== null && stateBoundRoles.includes(role);
  const linksOfficial = role === 'participant' && stateIso2 !== null;
  const official = linksOfficial ? officialId : null;

  const errors = {
    email: user ? null : !EMAIL_PATTERN.test(email.trim()) ? t('users.form.emailInvalid') : null,
    displayName: displayName.trim() === '' ? t('common.required') : null,
    role: role === null ? t('common.required') : null,
    state: needsState && !stateIso2 ? t('users.form.stateRequired') : null,
  };
  const valid = Object.values(errors).every((e) => e === null);

  const save = useMutation({
    mutationFn: async (): Promise<CreatedUser | User> => {
      const state = needsState ? stateIso2 : null;
      if (user) {
        return http.patch(`/users/${user.id}`, {
          displayName: displayName.trim(),
          role,
          stateIso2: state,
          officialId: official,
        });
      }
      return http.post('/users', {
        email: email.trim(),
        displayName: displayName.trim(),
        role,
        stateIso2: state,
        locale,
        officialId: official,
      });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      if (user) {
        notifications.show({ color: 'green', message: t('users.form.saved') });
        onClose();
      } else {
        notifications.show({ color: 'green', message: t('users.form.created', { email: (result as CreatedUser).user.email }) });
      }
    },
  });

  if (save.isSuccess && !user) {
    const created = save.data as CreatedUser;
    return (
      <Stack>
        <Alert
          color="green"
          icon={<IconMailForward size={18} />}
          title={t('users.form.invitationSentTitle', { email: created.invitationSentTo })}
          data-testid="user-invited"
        >
          {t('users.form.invitationSent')}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="user-created-done">
            {t('common.done')}
          </Button>
        </Group>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (valid) save.mutate();
  };
  const shown = (error: string | null) => (submitted ? error : null);

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {!user && (
          <TextInput
            label={t('users.form.email')}
            description={t('users.form.emailHelp')}
            type="email"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={shown(errors.email)}
            required
            dir="ltr"
            data-testid="user-form-email"
          />
        )}
        <TextInput
          label={t('users.form.displayName')}
          value={displayName}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
          error={shown(errors.displayName)}
          maxLength={120}
          required
          data-testid="user-form-name"
        />
        <Select
          label={t('users.form.role')}
          data={roles.map((value) => ({ value, label: t(`roles.${value}`) }))}
          value={role}
          onChange={(value) => setRole(value as Role | null)}
          error={shown(errors.role)}
          allowDeselect={false}
          required
          data-testid="user-form-role"
        />
        {needsState && (
          <Select
            label={t('users.form.state')}
            description={t('users.form.stateHelp')}
            data={stateOptions}
            value={stateIso2}
            onChange={(value) => {
              // An official belongs to one state: another state needs another one.
              if (value !== stateIso2) setOfficialId(null);
              setStateIso2(value);
            }}
            error={shown(errors.state)}
            searchable
            nothingFoundMessage={t('common.noMatch')}
            required
            data-testid="user-form-state"
          />
        )}
        {linksOfficial && (
          <OfficialPicker stateIso2={stateIso2} userId={user?.id ?? null} value={officialId} onChange={setOfficialId} />
        )}
        {!user && (
          <Select
            label={t('users.form.language')}
            data={locales.map((value) => ({ value, label: languageNames[value] }))}
            value={locale}
            onChange={(value) => isLocale(value) && setLocale(value)}
            allowDeselect={false}
          />
        )}
        {user && (role !== user.role || (needsState ? stateIso2 : null) !== user.stateIso2 || official !== user.officialId) && (
          <Alert color="blue">{t('users.form.roleChangeNote')}</Alert>
        )}
        {save.isError && <ErrorAlert error={save.error} overrides={conflictOverride(save.error)} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="user-form-submit">
            {user ? t('common.save') : t('users.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A 409 names either the email or the official that another account already holds. */
function useConflictOverride() {
  const { t } = useTranslation();
  return (error: unknown) =>
    error instanceof ApiError && error.details.some((d) => d.path === 'officialId')
      ? { CONFLICT: t('users.form.officialTaken') }
      : { CONFLICT: t('users.form.emailTaken') };
}

type OfficialPickerProps = {
  stateIso2: string;
  userId: string | null;
  value: string | null;
  onChange: (value: string | null) => void;
};

/**
 * The registry record of a participant: officials of their state without an account, searched on
 * the server (names in any spelling or order); only names and agency are shown to the admin.
 */
function OfficialPicker({ stateIso2, userId, value, onChange }: OfficialPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  // Once an official is chosen the input shows their label: that is no search.
  const query = chosen !== null && chosen.value === value && debounced === chosen.label.trim() ? '' : debounced;
  const candidates = useQuery(officialCandidatesQuery(stateIso2, query, userId));
  const options = (candidates.data?.items ?? []).map((c) => ({ value: c.id, label: candidateLabel(c) }));
  // Keep the chosen official among the options while another search runs.
  const selected = options.find((o) => o.value === value) ?? (chosen?.value === value ? chosen : null);
  const data = selected && !options.some((o) => o.value === selected.value) ? [selected, ...options] : options;
  return (
    <Select
      label={t('users.form.official')}
      description={t('users.form.officialHelp')}
      placeholder={t('users.form.officialPlaceholder')}
      data={data}
      value={value}
      onChange={(next, option) => {
        setChosen(next ? option : null);
        onChange(next);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has already matched the names, whatever their spelling: no second filter here.
      filter={({ options: all }) => all}
      nothingFoundMessage={candidates.isFetching ? t('common.loading') : t('common.noMatch')}
      clearable
      data-testid="user-form-official"
    />
  );
}
