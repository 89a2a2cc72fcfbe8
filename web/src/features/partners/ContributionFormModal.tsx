import { Autocomplete, Button, Group, Modal, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick, programmesQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { agreementsQuery, type Contribution, organisationLabel, organisationsQuery, partnersKey } from './partners';

type Props = {
  contribution: Contribution | null;
  /** The donor, when the form is opened from an organisation's page. */
  organisationId?: string;
  opened: boolean;
  onClose(): void;
};

export function ContributionFormModal({ contribution, organisationId, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={contribution ? t('partners.contributions.editTitle') : t('partners.contributions.add')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && (
        <ContributionForm
          key={contribution?.id ?? 'new'}
          contribution={contribution}
          organisationId={organisationId}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

/** A plain decimal, as the server takes it: money never goes through a float. */
const DECIMAL = /^\d{1,15}(\.\d{1,6})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Currencies the office commonly receives, offered first; any other ISO 4217 code may be typed. */
const COMMON_CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP', 'CHF', 'CAD', 'QAR', 'SAR', 'AED', 'MAD', 'NOK', 'SEK', 'DKK', 'AUD'];

function ContributionForm({ contribution, organisationId, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [donor, setDonor] = useState<string | null>(contribution?.organisation.id ?? organisationId ?? null);
  const [programmeId, setProgrammeId] = useState<string | null>(contribution?.programme.id ?? null);
  const [amount, setAmount] = useState(contribution?.amount ?? '');
  const [currency, setCurrency] = useState(contribution?.currency ?? '');
  const [earmarked, setEarmarked] = useState(contribution?.earmarked ?? true);
  const [periodFrom, setPeriodFrom] = useState(contribution?.periodFrom ?? '');
  const [periodTo, setPeriodTo] = useState(contribution?.periodTo ?? '');
  const [agreementId, setAgreementId] = useState<string | null>(contribution?.agreement?.id ?? null);
  const [note, setNote] = useState(contribution?.note ?? '');
  const [submitted, setSubmitted] = useState(false);
  const organisations = useQuery(organisationsQuery({}));
  const programmes = useQuery(programmesQuery());
  const agreements = useQuery({ ...agreementsQuery(donor ?? ''), enabled: Boolean(donor) });

  const errors = {
    donor: donor ? null : t('common.required'),
    programme: programmeId ? null : t('common.required'),
    amount: !DECIMAL.test(amount.trim())
      ? t('partners.form.amountFormat')
      : /[1-9]/.test(amount)
        ? null
        : t('partners.rules.amount_positive'),
    currency: /^[A-Z]{3}$/.test(currency) ? null : t('partners.form.currencyFormat'),
    periodFrom: DAY.test(periodFrom) ? null : t('common.required'),
    periodTo: !DAY.test(periodTo) ? t('common.required') : periodTo < periodFrom ? t('partners.rules.period_order') : null,
  };
  const save = useMutation({
    mutationFn: () => {
      const body = {
        organisationId: donor,
        programmeId,
        amount: amount.trim(),
        currency,
        earmarked,
        periodFrom,
        periodTo,
        agreementId,
        note,
      };
      return contribution ? http.patch(`/contributions/${contribution.id}`, body) : http.post('/contributions', body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: partnersKey });
      notifications.show({ color: 'green', message: t('partners.saved') });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <Select
          label={t('partners.contributions.donor')}
          data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }))}
          value={donor}
          onChange={(v) => {
            setDonor(v);
            setAgreementId(null);
          }}
          searchable
          required
          disabled={Boolean(organisationId) && !contribution}
          error={submitted && errors.donor}
          nothingFoundMessage={t('common.noMatch')}
          data-testid="contribution-donor"
        />
        <Select
          label={t('partners.contributions.programme')}
          data={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} — ${pick(p.title, lang).text}` }))}
          value={programmeId}
          onChange={setProgrammeId}
          searchable
          required
          error={submitted && errors.programme}
          nothingFoundMessage={t('common.noMatch')}
          data-testid="contribution-programme"
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('partners.contributions.amount')}
            description={t('partners.form.amountHint')}
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value.replace(',', '.'))}
            inputMode="decimal"
            required
            error={submitted && errors.amount}
            dir="ltr"
            data-testid="contribution-amount"
          />
          <Autocomplete
            label={t('partners.contributions.currency')}
            description={t('partners.form.currencyHint')}
            data={COMMON_CURRENCIES}
            value={currency}
            onChange={(v) => setCurrency(v.trim().toUpperCase().slice(0, 3))}
            required
            error={submitted && errors.currency}
            dir="ltr"
            data-testid="contribution-currency"
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('partners.contributions.periodFrom')}
            value={periodFrom}
            onChange={(e) => setPeriodFrom(e.currentTarget.value)}
            required
            error={submitted && errors.periodFrom}
            data-testid="contribution-from"
          />
          <TextInput
            type="date"
            label={t('partners.contributions.periodTo')}
            value={periodTo}
            onChange={(e) => setPeriodTo(e.currentTarget.value)}
            required
            error={submitted && errors.periodTo}
            data-testid="contribution-to"
          />
        </Group>
        <Switch
          label={t('partners.contributions.earmarked')}
          description={t('partners.contributions.earmarkedHint')}
          checked={earmarked}
          onChange={(e) => setEarmarked(e.currentTarget.checked)}
          data-testid="contribution-earmarked"
        />
        <Select
          label={t('partners.contributions.agreement')}
          placeholder={t('partners.contributions.noAgreement')}
          data={(agreements.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
          value={agreementId}
          onChange={setAgreementId}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          disabled={!donor}
          data-testid="contribution-agreement"
        />
        <Textarea
          label={t('partners.contributions.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="contribution-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
