import { Alert, Anchor, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../components/PageHeader';
import { sessionKey, sessionQuery, signOut } from '../../hooks/session';
import { AuthFrame } from './AuthFrame';
import { PasswordStep } from './PasswordStep';

// The steps after the password come with their code once needed: the first screen, on a slow
// link, waits only for the password step's.
const SecondFactorStep = lazy(() => import('./SecondFactorStep').then((m) => ({ default: m.SecondFactorStep })));
const MfaEnrolment = lazy(() => import('../../components/mfa/MfaEnrolment').then((m) => ({ default: m.MfaEnrolment })));
const RecoveryCodesPanel = lazy(() =>
  import('../../components/mfa/RecoveryCodesPanel').then((m) => ({ default: m.RecoveryCodesPanel })),
);

const route = getRouteApi('/sign-in');

/**
 * Sign-in in up to three steps, driven by the session's stage: password, then the second factor
 * (or, when the role requires one the user has not set up, its enrolment and recovery codes).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { redirect, ssoError } = route.useSearch();
  const { data: session } = useQuery(sessionQuery);
  // Codes from a just-finished enrolment: the user must see them before going on.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  useDocumentTitle(t('auth.signIn'));

  useEffect(() => {
    if (session?.stage === 'full' && !recoveryCodes) void navigate({ href: redirect ?? '/', replace: true });
  }, [session, recoveryCodes, redirect, navigate]);

  const startOver = () => void signOut(queryClient);

  const enrolled = (codes: string[]) => {
    setRecoveryCodes(codes);
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  };

  let title = t('auth.signIn');
  let step = (
    <Stack>
      {ssoError && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="sign-in-sso-error">
          {t(`auth.sso.errors.${ssoError}`)}
        </Alert>
      )}
      <PasswordStep redirect={redirect} />
    </Stack>
  );
  if (recoveryCodes) {
    title = t('mfa.recovery.title');
    step = <RecoveryCodesPanel codes={recoveryCodes} doneLabel={t('auth.continue')} onDone={() => setRecoveryCodes(null)} />;
  } else if (session?.stage === 'password') {
    title = t('auth.secondFactor.title');
    step = <SecondFactorStep />;
  } else if (session?.stage === 'enrol') {
    title = t('mfa.enrol.requiredTitle');
    step = (
      <Stack>
        <Text>{t('mfa.enrol.requiredBody')}</Text>
        <MfaEnrolment onConfirmed={enrolled} />
      </Stack>
    );
  }

  return (
    <AuthFrame
      title={title}
      footer={
        // Public library items need no account (server/platform/access.ts: library.read).
        <Anchor component={Link} to="/library" ta="center" data-testid="sign-in-library">
          {t('library.openLibrary')}
        </Anchor>
      }
    >
      <Suspense fallback={<Loader size="sm" aria-label={t('common.loading')} />}>{step}</Suspense>
      {session && session.stage !== 'full' && !recoveryCodes && (
        <Anchor component="button" type="button" size="sm" onClick={startOver} w="fit-content">
          {t('auth.startOver', { email: session.user.email })}
        </Anchor>
      )}
      {!session && !recoveryCodes && (
        <Anchor component={Link} to="/forgot-password" size="sm" w="fit-content" data-testid="sign-in-forgot">
          {t('auth.forgot.link')}
        </Anchor>
      )}
    </AuthFrame>
  );
}
