import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../contract/enums';
import { http } from '../api/http';
import { describeError } from '../components/ErrorAlert';
import { setLanguage } from '../i18n';
import { updateSessionUser } from './session';

/** Switches the UI at once and remembers the choice on the user's account, for every device. */
export function useChangeLanguage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (locale: Locale) => http.patch('/me', { locale }),
    onSuccess: (user) => updateSessionUser(queryClient, user),
    onError: (error) => notifications.show({ color: 'red', title: t('language.notSaved'), message: describeError(t, error) }),
  });
  const change = async (locale: Locale) => {
    await setLanguage(locale);
    save.mutate(locale);
  };
  return { change, saving: save.isPending };
}
