import { Anchor, Badge, Paper, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../api/curriculum';
import { http } from '../../api/http';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ContributionFormModal } from './ContributionFormModal';
import { type Contribution, type CurrencyTotal, formatMoney, type ProgrammeRef } from './partners';
import { DeleteConfirm, RowActions, useDeletion } from './RecordActions';

/** Sums per currency, one line each: amounts in different currencies are never added together. */
export function CurrencyTotals({ totals, testId }: { totals: CurrencyTotal[]; testId?: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (totals.length === 0) return <Text c="dimmed">{t('partners.contributions.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('partners.contributions.currency')}</Table.Th>
            <Table.Th ta="end">{t('partners.contributions.total')}</Table.Th>
            <Table.Th ta="end">{t('partners.contributions.earmarkedShort')}</Table.Th>
            <Table.Th ta="end">{t('partners.contributions.unearmarkedShort')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {totals.map((total) => (
            <Table.Tr key={total.currency} data-testid={testId ? `${testId}-${total.currency}` : undefined}>
              <Table.Td>
                <Ltr>{total.currency}</Ltr>
              </Table.Td>
              <Table.Td ta="end" fw={600}>
                <Ltr>{formatMoney(total.amount, total.currency, lang)}</Ltr>
              </Table.Td>
              <Table.Td ta="end">
                <Ltr>{formatMoney(total.earmarked, total.currency, lang)}</Ltr>
              </Table.Td>
              <Table.Td ta="end">
                <Ltr>{formatMoney(total.unearmarked, total.currency, lang)}</Ltr>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type GroupRow = CurrencyTotal & { key: string } & ({ programme: ProgrammeRef } | { organisation: Organisation });

/** Totals per donor or per programme: one line per currency, the group named on its first line only. */
export function GroupTotals({ rows, testId }: { rows: GroupRow[]; testId?: string }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const lang = currentLanguage();
  if (rows.length === 0) return <Text c="dimmed">{t('partners.contributions.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              {rows.some((row) => 'programme' in row) ? t('partners.contributions.programme') : t('partners.contributions.donor')}
            </Table.Th>
            <Table.Th>{t('partners.contributions.currency')}</Table.Th>
            <Table.Th ta="end">{t('partners.contributions.total')}</Table.Th>
            <Table.Th ta="end">{t('partners.contributions.count')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => {
            const first = i === 0 || rows[i - 1]?.key !== row.key;
            return (
              <Table.Tr key={`${row.key}-${row.currency}`}>
                <Table.Td>
                  {first &&
                    ('programme' in row ? (
                      <>
                        <Ltr>{row.programme.code}</Ltr> · <LocalisedTextView field={row.programme.title} />
                      </>
                    ) : (
                      <Anchor component={Link} to={`/partners/${row.organisation.id}`}>
                        {row.organisation.acronym ?? row.organisation.name}
                      </Anchor>
                    ))}
                </Table.Td>
                <Table.Td>
                  <Ltr>{row.currency}</Ltr>
                </Table.Td>
                <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                  <Ltr>{formatMoney(row.amount, row.currency, lang)}</Ltr>
                </Table.Td>
                <Table.Td ta="end">{formatNumber(row.contributions)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type TableProps = {
  items: Contribution[];
  /** Hide the donor column on the donor's own page. */
  showDonor: boolean;
  canWrite: boolean;
  /** Link donors to their pages (office staff). */
  linkDonors: boolean;
};

export function ContributionsTable({ items, showDonor, canWrite, linkDonors }: TableProps) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const lang = currentLanguage();
  const [editing, setEditing] = useState<Contribution | null>(null);
  const deletion = useDeletion<Contribution>((id) => http.delete(`/contributions/${id}`));
  const columns = 6 + (showDonor ? 1 : 0) + (canWrite ? 1 : 0);
  return (
    <>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="sm" data-testid="contributions-table">
            <Table.Thead>
              <Table.Tr>
                {showDonor && <Table.Th>{t('partners.contributions.donor')}</Table.Th>}
                <Table.Th>{t('partners.contributions.programme')}</Table.Th>
                <Table.Th ta="end">{t('partners.contributions.amount')}</Table.Th>
                <Table.Th>{t('partners.contributions.period')}</Table.Th>
                <Table.Th>{t('partners.contributions.earmarking')}</Table.Th>
                <Table.Th>{t('partners.contributions.agreement')}</Table.Th>
                <Table.Th>{t('partners.contributions.note')}</Table.Th>
                {canWrite && <Table.Th w={90} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  {showDonor && (
                    <Table.Td>
                      {linkDonors ? (
                        <Anchor component={Link} to={`/partners/${c.organisation.id}`}>
                          {c.organisation.acronym ?? c.organisation.name}
                        </Anchor>
                      ) : (
                        (c.organisation.acronym ?? c.organisation.name)
                      )}
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      <Ltr>{c.programme.code}</Ltr>
                    </Text>
                    <Text size="sm" c="dimmed">
                      <LocalisedTextView field={c.programme.title} />
                    </Text>
                  </Table.Td>
                  <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                    <Ltr>{formatMoney(c.amount, c.currency, lang)}</Ltr>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDay(c.periodFrom)} – {formatDay(c.periodTo)}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={c.earmarked ? 'blue' : 'gray'}>
                      {c.earmarked ? t('partners.contributions.earmarkedShort') : t('partners.contributions.unearmarkedShort')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.agreement ? <span dir="auto">{c.agreement.title}</span> : '—'}</Table.Td>
                  <Table.Td>{c.note ? <span dir="auto">{c.note}</span> : ''}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <RowActions onEdit={() => setEditing(c)} onDelete={() => deletion.ask(c)} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
              {items.length === 0 && <EmptyTableRow colSpan={columns}>{t('partners.contributions.none')}</EmptyTableRow>}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <ContributionFormModal contribution={editing} opened={editing !== null} onClose={() => setEditing(null)} />
      <DeleteConfirm
        deletion={deletion}
        title={t('partners.contributions.deleteTitle')}
        body={(contribution) =>
          t('partners.contributions.deleteBody', {
            amount: formatMoney(contribution.amount, contribution.currency, lang),
            donor: contribution.organisation.acronym ?? contribution.organisation.name,
          })
        }
      />
    </>
  );
}
