import { Autocomplete, Group, Select, Switch, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createContributionSchema, updateContributionSchema } from '../../../../server/modules/partners/inputs';
import { programmeOption, programmesQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { DateRangeFields } from '../../components/forms/DateRangeFields';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
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
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={contribution ? t('partners.contributions.editTitle') : t('partners.contributions.add')}
      formKey={contribution?.id ?? 'new'}
    >
      <ContributionForm contribution={contribution} organisationId={organisationId} onClose={onClose} />
    </FormModal>
  );
}

/** Currencies the office commonly receives, offered first; any other ISO 4217 code may be typed. */
const COMMON_CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP', 'CHF', 'CAD', 'QAR', 'SAR', 'AED', 'MAD', 'NOK', 'SEK', 'DKK', 'AUD'];

function ContributionForm({ contribution, organisationId, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const form = useSchemaForm({
    initial: {
      organisationId: contribution?.organisation.id ?? organisationId ?? '',
      programmeId: contribution?.programme.id ?? '',
      amount: contribution?.amount ?? '',
      currency: contribution?.currency ?? '',
      earmarked: contribution?.earmarked ?? true,
      periodFrom: contribution?.periodFrom ?? '',
      periodTo: contribution?.periodTo ?? '',
      agreementId: contribution?.agreement?.id ?? null,
      note: contribution?.note ?? '',
    },
    schema: contribution ? updateContributionSchema : createContributionSchema,
    check: (v) => ({
      // A well-formed amount of nothing but zeros: the server's rule, worded before sending.
      ...(/^[0.]+$/.test(v.amount.trim()) ? { amount: t('partners.rules.amount_positive') } : {}),
      ...(v.periodFrom && v.periodTo && v.periodTo < v.periodFrom ? { periodTo: t('partners.rules.period_order') } : {}),
    }),
    messages: { amount: t('partners.form.amountFormat'), currency: t('partners.form.currencyFormat') },
    save: (body) => (contribution ? http.patch(`/contributions/${contribution.id}`, body) : http.post('/contributions', body)),
    invalidate: [partnersKey],
    savedNotice: t('partners.saved'),
    close: () => onClose(),
    editing: contribution !== null,
  });
  const { values, set } = form;
  const donor = values.organisationId || null;
  const organisations = useQuery(organisationsQuery({}));
  const programmes = useQuery(programmesQuery());
  const agreements = useQuery({ ...agreementsQuery(donor ?? ''), enabled: Boolean(donor) });

  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="contribution-save">
      <Select
        label={t('partners.contributions.donor')}
        data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }))}
        value={donor}
        onChange={(v) => {
          set('organisationId', v ?? '');
          set('agreementId', null);
        }}
        searchable
        required
        disabled={Boolean(organisationId) && !contribution}
        error={form.error('organisationId')}
        nothingFoundMessage={t('common.noMatch')}
        data-testid="contribution-donor"
      />
      <Select
        label={t('partners.contributions.programme')}
        data={(programmes.data?.items ?? []).map((p) => programmeOption(p, lang))}
        value={values.programmeId || null}
        onChange={(v) => set('programmeId', v ?? '')}
        searchable
        required
        error={form.error('programmeId')}
        nothingFoundMessage={t('common.noMatch')}
        data-testid="contribution-programme"
      />
      <Group grow align="flex-start">
        <TextInput
          label={t('partners.contributions.amount')}
          description={t('partners.form.amountHint')}
          value={values.amount}
          onChange={(e) => set('amount', e.currentTarget.value.replace(',', '.'))}
          inputMode="decimal"
          required
          error={form.error('amount')}
          dir="ltr"
          data-testid="contribution-amount"
        />
        <Autocomplete
          label={t('partners.contributions.currency')}
          description={t('partners.form.currencyHint')}
          data={COMMON_CURRENCIES}
          value={values.currency}
          onChange={(v) => set('currency', v.trim().toUpperCase().slice(0, 3))}
          required
          error={form.error('currency')}
          dir="ltr"
          data-testid="contribution-currency"
        />
      </Group>
      <Group grow align="flex-start">
        <DateRangeFields
          form={form}
          start={{
            field: 'periodFrom',
            label: t('partners.contributions.periodFrom'),
            required: true,
            testId: 'contribution-from',
          }}
          end={{ field: 'periodTo', label: t('partners.contributions.periodTo'), required: true, testId: 'contribution-to' }}
        />
      </Group>
      <Switch
        label={t('partners.contributions.earmarked')}
        description={t('partners.contributions.earmarkedHint')}
        checked={values.earmarked}
        onChange={(e) => set('earmarked', e.currentTarget.checked)}
        data-testid="contribution-earmarked"
      />
      <Select
        label={t('partners.contributions.agreement')}
        placeholder={t('partners.contributions.noAgreement')}
        data={(agreements.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
        value={values.agreementId}
        onChange={(v) => set('agreementId', v)}
        clearable
        clearButtonProps={{ 'aria-label': t('common.clear') }}
        disabled={!donor}
        data-testid="contribution-agreement"
      />
      <Textarea label={t('partners.contributions.note')} {...form.textField('note')} autosize />
    </ModalForm>
  );
}
