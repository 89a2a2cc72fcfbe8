import { Alert, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMailForward } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales, type Role, roles, stateBoundRoles } from '../../../../contract/enums';
import { createUserSchema, updateUserSchema } from '../../../../server/modules/users/inputs';
import { ApiError } from '../../api/client';
import { http } from '../../api/http';
import type { CreatedUser, User } from '../../api/types';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { isLocale, languageNames } from '../../i18n';
import { candidateLabel, officialCandidatesQuery, usersKey } from './users';

type UserFormModalProps = {
  /** The user to edit; none to create one. */
  user: User | null;
  opened: boolean;
  stateOptions: { value: string; label: string }[];
  onClose: () => void;
};

/** Creates a user (who is mailed an invitation to choose a password) or edits name, role and state. */
export function UserFormModal({ user, opened, stateOptions, onClose }: UserFormModalProps) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={user ? t('users.form.editTitle', { name: user.displayName }) : t('users.form.createTitle')}
      formKey={user?.id ?? 'new'}
    >
      <UserForm user={user} stateOptions={stateOptions} onClose={onClose} />
    </FormModal>
  );
}

type Values = {
  email: string;
  displayName: string;
  role: Role | null;
  stateIso2: string | null;
  locale: Locale;
  officialId: string | null;
};

function UserForm({ user, stateOptions, onClose }: Omit<UserFormModalProps, 'opened'>) {
  const { t } = useTranslation();
  const conflictOverride = useConflictOverride();
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const needsState = (role: Role | null) => role !== null && stateBoundRoles.includes(role);
  // An official is linked to a participant of a state only.
  const officialOf = (v: Values) => (v.role === 'participant' && v.stateIso2 !== null ? v.officialId : null);
  const form = useSchemaForm({
    initial: {
      email: '',
      displayName: user?.displayName ?? '',
      role: user?.role ?? null,
      stateIso2: user?.stateIso2 ?? null,
      locale: 'en',
      officialId: user?.officialId ?? null,
    } as Values,
    schema: user ? updateUserSchema : createUserSchema,
    toBody: (v) => {
      const common = {
        displayName: v.displayName,
        role: v.role as Role,
        stateIso2: needsState(v.role) ? v.stateIso2 : null,
        officialId: officialOf(v),
      };
      return user ? common : { ...common, email: v.email, locale: v.locale };
    },
    check: (v) => (needsState(v.role) && !v.stateIso2 ? { stateIso2: t('users.form.stateRequired') } : {}),
    messages: { email: t('users.form.emailInvalid') },
    save: (body): Promise<CreatedUser | User> => (user ? http.patch(`/users/${user.id}`, body) : http.post('/users', body)),
    invalidate: [usersKey],
    savedNotice: (saved) =>
      user ? t('users.form.saved') : t('users.form.created', { email: (saved as CreatedUser).user.email }),
    close: (saved) => (saved && !user ? setCreated(saved as CreatedUser) : onClose()),
    editing: user !== null,
  });
  const { values, set } = form;

  if (created) {
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

  return (
    <ModalForm
      form={form}
      onCancel={onClose}
      saveTestId="user-form-submit"
      saveLabel={user ? t('common.save') : t('users.form.create')}
      errorOverrides={conflictOverride}
    >
      {!user && (
        <TextInput
          label={t('users.form.email')}
          description={t('users.form.emailHelp')}
          type="email"
          {...form.textField('email')}
          required
          dir="ltr"
          data-testid="user-form-email"
        />
      )}
      <TextInput
        label={t('users.form.displayName')}
        {...form.textField('displayName')}
        maxLength={120}
        required
        data-testid="user-form-name"
      />
      <Select
        label={t('users.form.role')}
        data={roles.map((value) => ({ value, label: t(`roles.${value}`) }))}
        value={values.role}
        onChange={(value) => set('role', value as Role | null)}
        error={form.error('role')}
        allowDeselect={false}
        required
        data-testid="user-form-role"
      />
      {needsState(values.role) && (
        <Select
          label={t('users.form.state')}
          description={t('users.form.stateHelp')}
          data={stateOptions}
          value={values.stateIso2}
          onChange={(value) => {
            // An official belongs to one state: another state needs another one.
            if (value !== values.stateIso2) set('officialId', null);
            set('stateIso2', value);
          }}
          error={form.error('stateIso2')}
          searchable
          nothingFoundMessage={t('common.noMatch')}
          required
          data-testid="user-form-state"
        />
      )}
      {values.role === 'participant' && values.stateIso2 !== null && (
        <OfficialPicker
          stateIso2={values.stateIso2}
          userId={user?.id ?? null}
          value={values.officialId}
          onChange={(value) => set('officialId', value)}
          error={form.error('officialId')}
        />
      )}
      {!user && (
        <Select
          label={t('users.form.language')}
          data={locales.map((value) => ({ value, label: languageNames[value] }))}
          value={values.locale}
          onChange={(value) => isLocale(value) && set('locale', value)}
          allowDeselect={false}
        />
      )}
      {user &&
        (values.role !== user.role ||
          (needsState(values.role) ? values.stateIso2 : null) !== user.stateIso2 ||
          officialOf(values) !== user.officialId) && <Alert color="blue">{t('users.form.roleChangeNote')}</Alert>}
    </ModalForm>
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
  error?: string;
};

/**
 * The registry record of a participant: officials of their state without an account, searched on
 * the server (names in any spelling or order); only names and agency are shown to the admin.
 */
function OfficialPicker({ stateIso2, userId, value, onChange, error }: OfficialPickerProps) {
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
      error={error}
      data-testid="user-form-official"
    />
  );
}
