import {
  Alert,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Ltr } from '../../components/Ltr';
import { useDocumentTitle } from '../../components/PageHeader';
import { mainContentId, SkipLink } from '../../components/SkipLink';
import { setLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { looksLikeJwt, type Verification, type VerifyInput } from './certificates';

const route = getRouteApi('/verify');

const statusColours: Record<Verification['status'], string> = {
  valid: 'green',
  revoked: 'red',
  expired: 'orange',
  unknown: 'gray',
  invalid: 'red',
};

/**
 * The public check of a certificate, reached from the QR code on the paper (`/verify?code=…`,
 * server/modules/certificates/credential.ts) or by typing the code or pasting the credential.
 * The holder's name is never shown: the verifier types it and learns only whether it matches.
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const { code } = route.useSearch();
  const navigate = useNavigate();
  const [text, setText] = useState(code ?? '');
  const [subject, setSubject] = useState<Pick<VerifyInput, 'jwt' | 'code'> | null>(null);
  useDocumentTitle(t('verify.title'));

  // The last answer stays on screen while a name is checked, so that the name form keeps what was typed.
  const [result, setResult] = useState<Verification | null>(null);
  const check = useMutation({
    mutationFn: (input: VerifyInput) => http.post('/credentials/verify', input),
    onSuccess: setResult,
  });
  const run = (value: string) => {
    const held = looksLikeJwt(value) ? { jwt: value.trim() } : { code: value.trim() };
    setSubject(held);
    setResult(null);
    check.mutate(held);
  };
  // Opened from the QR code: check at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the address's code changes
  useEffect(() => {
    if (code) run(code);
  }, [code]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    // A code goes into the address, so that the page can be shared or reloaded, and the address's
    // change runs the check (above); a credential does not go there. One request per check: each
    // unknown code counts against the visitor's address (server/modules/certificates/service.ts).
    if (!looksLikeJwt(text) && text.trim() !== code)
      void navigate({ to: '/verify', search: { code: text.trim() }, replace: true });
    else run(text);
  };

  return (
    <Box mih="100vh" bg="gray.0">
      <SkipLink />
      <Group justify="space-between" p="md">
        <Group gap="xs">
          <IconShieldCheck size={22} aria-hidden />
          <Text fw={700}>{t('app.name')}</Text>
        </Group>
        <LanguageSwitch onChange={(locale) => void setLanguage(locale)} />
      </Group>
      <Center px="md" pb="xl">
        <Stack w="100%" maw={640} gap="lg" component="main" id={mainContentId} tabIndex={-1}>
          <Stack gap={4}>
            <Title order={1} size="h2">
              {t('verify.title')}
            </Title>
            <Text c="dimmed">{t('verify.intro')}</Text>
          </Stack>
          <Paper withBorder p="lg" radius="md">
            <form onSubmit={submit}>
              <Stack>
                <Textarea
                  label={t('verify.input')}
                  description={t('verify.inputHint')}
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                  autosize
                  minRows={1}
                  maxRows={6}
                  dir="ltr"
                  data-testid="verify-input"
                />
                <Group>
                  <Button type="submit" loading={check.isPending && !check.variables?.name} data-testid="verify-submit">
                    {t('verify.check')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
          {check.isError && <ErrorAlert error={check.error} />}
          {result && <VerificationResult result={result} />}
          {subject && result?.certificate && (
            <NameCheck
              identityType={result.identityType}
              onCheck={(who) => check.mutate({ ...subject, ...who })}
              loading={check.isPending}
              matches={result.nameMatches}
            />
          )}
        </Stack>
      </Center>
    </Box>
  );
}

function VerificationResult({ result }: { result: Verification }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const c = result.certificate;
  const day = (iso: string | null) => (iso ? formatDay(iso.slice(0, 10)) : '—');
  return (
    <Paper withBorder p="lg" radius="md" data-testid="verify-result" data-status={result.status}>
      <Stack>
        <Group gap="sm">
          <Badge size="lg" color={statusColours[result.status]} data-testid="verify-status">
            {t(`verify.status.${result.status}`)}
          </Badge>
          <Text>{t(`verify.statusText.${result.status}`)}</Text>
        </Group>
        {result.reason && result.status !== 'valid' && (
          <Text size="sm" data-testid="verify-reason">
            {t('verify.reasonLabel')} {t(`verify.reasons.${result.reason}`, { defaultValue: result.reason })}
          </Text>
        )}
        {c && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Fact label={t('verify.course')} value={`${c.course} (${c.courseCode})`} testId="verify-course" />
            <Fact label={t('verify.hours')} value={t('certificates.paper.hours', { count: c.hours })} />
            <Fact label={t('verify.dates')} value={`${day(c.startDate)} – ${day(c.endDate)}`} />
            <Fact label={t('verify.issuedAt')} value={day(c.issuedAt ?? c.validFrom)} />
            <Fact label={t('verify.issuer')} value={c.issuer} />
            {c.verificationCode && <Fact label={t('verify.code')} value={<Ltr>{c.verificationCode}</Ltr>} />}
            {c.revokedAt && <Fact label={t('verify.revokedAt')} value={day(c.revokedAt)} />}
            {c.trainingOfTrainers && <Fact label={t('verify.kind')} value={t('verify.trainingOfTrainers')} />}
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

type NameCheckProps = {
  identityType: Verification['identityType'];
  matches: boolean | null;
  loading: boolean;
  onCheck: (who: Pick<VerifyInput, 'name' | 'birthDate' | 'email'>) => void;
};

/** What the verifier reads on the paper (and what the holder's hash covers besides the name), checked against the hash. */
function NameCheck({ identityType, matches, loading, onCheck }: NameCheckProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [other, setOther] = useState('');
  const birthDate = identityType === 'ext:NameAndBirthDate';
  const email = identityType === 'ext:NameAndEmail';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    onCheck({
      name: name.trim(),
      ...(birthDate && other ? { birthDate: other } : {}),
      ...(email && other ? { email: other.trim() } : {}),
    });
  };
  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h4">
            {t('verify.name.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('verify.name.hint')}
          </Text>
          <TextInput
            label={t('verify.name.label')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="verify-name"
          />
          {birthDate && (
            <TextInput
              type="date"
              label={t('verify.name.birthDate')}
              value={other}
              onChange={(e) => setOther(e.currentTarget.value)}
              data-testid="verify-birth-date"
            />
          )}
          {email && (
            <TextInput
              type="email"
              label={t('verify.name.email')}
              value={other}
              onChange={(e) => setOther(e.currentTarget.value)}
              dir="ltr"
              data-testid="verify-email"
            />
          )}
          <Group>
            <Button type="submit" variant="light" loading={loading} data-testid="verify-name-submit">
              {t('verify.name.check')}
            </Button>
          </Group>
          {matches !== null && (
            <Alert
              color={matches ? 'green' : 'red'}
              icon={matches ? <IconCircleCheck size={18} /> : <IconCircleX size={18} />}
              data-testid="verify-name-result"
              data-matches={String(matches)}
            >
              {matches ? t('verify.name.matches') : t('verify.name.noMatch')}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
