import { and, eq, isNull } from 'drizzle-orm';
import type { AuditContext } from '../../platform/audit';
import type { Queryable } from '../../platform/db';
import { storeFile } from '../../platform/files';
import {
  type AgreementKind,
  contributions,
  type LocalisedText,
  organisationContacts,
  organisations,
  partnerAgreements,
  programmes,
  users,
} from '../schema';

/**
 * The demo's partners and donors, on top of the organisations the training history seeded: their
 * seats and descriptions, contacts (fictional people), agreements and contributions in several
 * currencies, earmarked or not, across the programmes and the years 2021–2026. Everything is
 * found by natural keys (acronym or name, programme code) and is the same on every run.
 */

/** An organisation of the history: by acronym, or by name for the donor governments that have none. */
type OrganisationKey = { acronym: string } | { name: string };

type OrganisationSpec = {
  key: OrganisationKey;
  countryIso2: string;
  seatCity: string;
  website: string | null;
  description: LocalisedText;
  contacts: { fullName: string; functionTitle: string; email: string; phone: string }[];
  agreements: {
    ref: string;
    title: string;
    kind: AgreementKind;
    signedOn: string;
    validFrom: string;
    validTo: string | null;
    withDocument?: boolean;
  }[];
  contributions: {
    programme: string;
    amount: string;
    currency: string;
    earmarked: boolean;
    periodFrom: string;
    periodTo: string;
    agreement?: string;
    note?: string;
  }[];
};

export const demoPartners: OrganisationSpec[] = [
  {
    key: { acronym: 'EU' },
    countryIso2: 'BE',
    seatCity: 'Brussels',
    website: 'https://european-union.europa.eu',
    description: {
      en: 'Largest donor of the office: funds the investigations, border security, fusion cells and CFT programmes.',
      fr: 'Premier bailleur du bureau : finance les programmes enquêtes, frontières, cellules de fusion et lutte contre le financement du terrorisme.',
    },
    contacts: [
      {
        fullName: 'Ingrid Vandermeulen',
        functionTitle: 'Programme Manager, Security and Counter-Terrorism',
        email: 'ingrid.vandermeulen@eu.demo',
        phone: '+32 2 000 00 01',
      },
      {
        fullName: 'Tomás Ferreira',
        functionTitle: 'Attaché, EU Delegation to Morocco',
        email: 'tomas.ferreira@eu.demo',
        phone: '+212 537 00 00 01',
      },
    ],
    agreements: [
      {
        ref: 'eu-2021',
        title: 'Funding agreement: CT investigations and border security 2021–2023',
        kind: 'funding_agreement',
        signedOn: '2020-12-10',
        validFrom: '2021-01-01',
        validTo: '2024-06-30',
        withDocument: true,
      },
      {
        ref: 'eu-2024',
        title: 'Funding agreement: investigations, fusion cells and countering the financing of terrorism 2024–2026',
        kind: 'funding_agreement',
        signedOn: '2023-12-05',
        validFrom: '2024-01-01',
        validTo: '2026-12-31',
      },
    ],
    contributions: [
      {
        programme: 'CTI',
        amount: '2500000.00',
        currency: 'EUR',
        earmarked: true,
        periodFrom: '2021-01-01',
        periodTo: '2023-12-31',
        agreement: 'eu-2021',
      },
      {
        programme: 'BOR',
        amount: '1800000.00',
        currency: 'EUR',
        earmarked: true,
        periodFrom: '2021-07-01',
        periodTo: '2024-06-30',
        agreement: 'eu-2021',
      },
      {
        programme: 'CTI',
        amount: '3200000.00',
        currency: 'EUR',
        earmarked: true,
        periodFrom: '2024-01-01',
        periodTo: '2026-12-31',
        agreement: 'eu-2024',
      },
      {
        programme: 'FUS',
        amount: '1150000.00',
        currency: 'EUR',
        earmarked: true,
        periodFrom: '2024-01-01',
        periodTo: '2026-12-31',
        agreement: 'eu-2024',
      },
      {
        programme: 'CFT',
        amount: '600000.00',
        currency: 'EUR',
        earmarked: false,
        periodFrom: '2025-01-01',
        periodTo: '2026-12-31',
        agreement: 'eu-2024',
        note: 'Flexible tranche allocated by the office to CFT.',
      },
    ],
  },
  {
    key: { name: 'Government of Japan' },
    countryIso2: 'JP',
    seatCity: 'Tokyo',
    website: 'https://www.mofa.go.jp',
    description: {
      en: 'Yearly supplementary-budget contributions, mostly for border security and kidnapping for ransom.',
      fr: 'Contributions annuelles sur budget supplémentaire, surtout pour les frontières et les enlèvements contre rançon.',
    },
    contacts: [
      {
        fullName: 'Kenji Watanabe',
        functionTitle: 'First Secretary, Embassy of Japan in Morocco',
        email: 'kenji.watanabe@japan.demo',
        phone: '+212 537 00 00 02',
      },
    ],
    agreements: [
      {
        ref: 'jp-letters',
        title: 'Exchange of letters on supplementary-budget contributions',
        kind: 'letter_of_agreement',
        signedOn: '2021-03-25',
        validFrom: '2021-04-01',
        validTo: '2026-03-31',
      },
    ],
    contributions: [
      {
        programme: 'KFR',
        amount: '120000000',
        currency: 'JPY',
        earmarked: true,
        periodFrom: '2021-04-01',
        periodTo: '2022-03-31',
      },
      {
        programme: 'BOR',
        amount: '95000000',
        currency: 'JPY',
        earmarked: true,
        periodFrom: '2022-04-01',
        periodTo: '2023-03-31',
      },
      {
        programme: 'BOR',
        amount: '110000000',
        currency: 'JPY',
        earmarked: true,
        periodFrom: '2023-04-01',
        periodTo: '2024-03-31',
      },
      {
        programme: 'PRI',
        amount: '80000000',
        currency: 'JPY',
        earmarked: true,
        periodFrom: '2024-04-01',
        periodTo: '2025-03-31',
      },
      {
        programme: 'KFR',
        amount: '100000000',
        currency: 'JPY',
        earmarked: true,
        periodFrom: '2025-04-01',
        periodTo: '2026-03-31',
      },
    ].map((c) => ({ ...c, agreement: 'jp-letters' })),
  },
  {
    key: { name: 'Government of the Netherlands' },
    countryIso2: 'NL',
    seatCity: 'The Hague',
    website: 'https://www.government.nl',
    description: {
      en: 'Supports prison management and disengagement, and the investigations programme with flexible funds.',
      fr: 'Soutient la gestion pénitentiaire et le désengagement, et le programme enquêtes par des fonds flexibles.',
    },
    contacts: [
      {
        fullName: 'Sanne de Vries',
        functionTitle: 'Policy Officer, Counter-Terrorism and National Security',
        email: 'sanne.devries@netherlands.demo',
        phone: '+31 70 000 00 03',
      },
    ],
    agreements: [
      {
        ref: 'nl-2022',
        title: 'Letter of agreement: prison management and disengagement',
        kind: 'letter_of_agreement',
        signedOn: '2021-12-15',
        validFrom: '2022-01-01',
        validTo: '2026-12-31',
      },
    ],
    contributions: [
      {
        programme: 'PRI',
        amount: '750000.00',
        currency: 'EUR',
        earmarked: true,
        periodFrom: '2022-01-01',
        periodTo: '2023-12-31',
        agreement: 'nl-2022',
      },
      {
        programme: 'CTI',
        amount: '500000.00',
        currency: 'EUR',
        earmarked: false,
        periodFrom: '2023-01-01',
        periodTo: '2025-12-31',
        agreement: 'nl-2022',
      },
      {
        programme: 'PRI',
        amount: '400000.00',
        currency: 'EUR',
        earmarked: true,
        periodFrom: '2026-01-01',
        periodTo: '2026-12-31',
        agreement: 'nl-2022',
      },
    ],
  },
  {
    key: { name: 'State of Qatar' },
    countryIso2: 'QA',
    seatCity: 'Doha',
    website: 'https://www.mofa.gov.qa',
    description: {
      en: 'Core (unearmarked) support since the office opened, and an earmarked contribution to CFT.',
      fr: "Soutien de base (non affecté) depuis l'ouverture du bureau, et une contribution affectée à la lutte contre le financement du terrorisme.",
      ar: 'دعم أساسي غير مخصص منذ افتتاح المكتب، ومساهمة مخصصة لمكافحة تمويل الإرهاب.',
    },
    contacts: [
      {
        fullName: 'Maryam Al-Kuwari',
        functionTitle: 'Counsellor, International Cooperation',
        email: 'maryam.alkuwari@qatar.demo',
        phone: '+974 4400 0004',
      },
    ],
    agreements: [
      {
        ref: 'qa-mou',
        title: 'Memorandum of understanding on counter-terrorism capacity building',
        kind: 'mou',
        signedOn: '2020-11-18',
        validFrom: '2021-01-01',
        validTo: null,
        withDocument: true,
      },
      {
        ref: 'qa-cft',
        title: 'Funding agreement: countering the financing of terrorism',
        kind: 'funding_agreement',
        signedOn: '2023-12-20',
        validFrom: '2024-01-01',
        validTo: '2026-12-31',
      },
    ],
    contributions: [
      {
        programme: 'CTI',
        amount: '3000000.00',
        currency: 'USD',
        earmarked: false,
        periodFrom: '2021-01-01',
        periodTo: '2025-12-31',
        agreement: 'qa-mou',
      },
      {
        programme: 'FUS',
        amount: '2000000.00',
        currency: 'USD',
        earmarked: false,
        periodFrom: '2021-01-01',
        periodTo: '2025-12-31',
        agreement: 'qa-mou',
      },
      {
        programme: 'CFT',
        amount: '1500000.00',
        currency: 'USD',
        earmarked: true,
        periodFrom: '2024-01-01',
        periodTo: '2026-12-31',
        agreement: 'qa-cft',
      },
    ],
  },
  {
    key: { acronym: 'UNODC' },
    countryIso2: 'AT',
    seatCity: 'Vienna',
    website: 'https://www.unodc.org',
    description: {
      en: 'Delivering partner for investigations and CFT courses; shares its criminal justice expertise.',
      fr: 'Partenaire de mise en œuvre des cours enquêtes et financement du terrorisme.',
    },
    contacts: [
      {
        fullName: 'Laura Moreau',
        functionTitle: 'Crime Prevention and Criminal Justice Officer, Terrorism Prevention Branch',
        email: 'laura.moreau@unodc.demo',
        phone: '+43 1 000 00 05',
      },
    ],
    agreements: [
      {
        ref: 'unodc-mou',
        title: 'Memorandum of understanding on cooperation in counter-terrorism training',
        kind: 'mou',
        signedOn: '2020-10-01',
        validFrom: '2020-10-01',
        validTo: null,
      },
    ],
    contributions: [
      {
        programme: 'CFT',
        amount: '250000.00',
        currency: 'USD',
        earmarked: true,
        periodFrom: '2022-07-01',
        periodTo: '2023-06-30',
        agreement: 'unodc-mou',
        note: 'Co-funding of two CFT cohorts.',
      },
    ],
  },
  {
    key: { acronym: 'CTED' },
    countryIso2: 'US',
    seatCity: 'New York',
    website: 'https://www.un.org/securitycouncil/ctc/',
    description: {
      en: 'Its assessment visits of member states inform tailor-made courses.',
      fr: 'Ses visites d’évaluation des États membres orientent les cours sur mesure.',
    },
    contacts: [
      {
        fullName: 'Daniel Okoye',
        functionTitle: 'Legal Officer',
        email: 'daniel.okoye@cted.demo',
        phone: '+1 212 000 0006',
      },
    ],
    agreements: [
      {
        ref: 'cted-loa',
        title: 'Letter of agreement on assessment-based training',
        kind: 'letter_of_agreement',
        signedOn: '2021-05-10',
        validFrom: '2021-06-01',
        validTo: '2025-12-31',
      },
    ],
    contributions: [],
  },
  {
    key: { acronym: 'UNDP' },
    countryIso2: 'US',
    seatCity: 'New York',
    website: 'https://www.undp.org',
    description: {
      en: 'Cost-sharing of the prison management and disengagement programme in the Sahel.',
      fr: 'Partage des coûts du programme gestion pénitentiaire et désengagement au Sahel.',
    },
    contacts: [
      {
        fullName: 'Awa Ndiaye',
        functionTitle: 'Programme Specialist, Preventing Violent Extremism',
        email: 'awa.ndiaye@undp.demo',
        phone: '+221 33 000 00 07',
      },
    ],
    agreements: [
      {
        ref: 'undp-2023',
        title: 'UN-to-UN cost-sharing agreement: prison management',
        kind: 'funding_agreement',
        signedOn: '2022-12-01',
        validFrom: '2023-01-01',
        validTo: '2024-12-31',
      },
    ],
    contributions: [
      {
        programme: 'PRI',
        amount: '350000.00',
        currency: 'USD',
        earmarked: true,
        periodFrom: '2023-01-01',
        periodTo: '2024-12-31',
        agreement: 'undp-2023',
      },
    ],
  },
  {
    key: { acronym: 'INTERPOL' },
    countryIso2: 'FR',
    seatCity: 'Lyon',
    website: 'https://www.interpol.int',
    description: {
      en: 'Delivering partner for border security and API/PNR courses.',
      fr: 'Partenaire de mise en œuvre des cours sécurité des frontières et API/PNR.',
    },
    contacts: [
      {
        fullName: 'Marc Lefèvre',
        functionTitle: 'Specialized Officer, Counter-Terrorism Directorate',
        email: 'marc.lefevre@interpol.demo',
        phone: '+33 4 00 00 00 08',
      },
    ],
    agreements: [
      {
        ref: 'interpol-mou',
        title: 'Memorandum of understanding on police training cooperation',
        kind: 'mou',
        signedOn: '2022-03-15',
        validFrom: '2022-04-01',
        validTo: '2027-03-31',
      },
    ],
    contributions: [],
  },
  {
    key: { acronym: 'AFRIPOL' },
    countryIso2: 'DZ',
    seatCity: 'Algiers',
    website: null,
    description: {
      en: 'The African Union’s police cooperation mechanism.',
      fr: 'Le mécanisme de coopération policière de l’Union africaine.',
    },
    contacts: [],
    agreements: [],
    contributions: [],
  },
  {
    key: { acronym: 'ACSRT/CAERT' },
    countryIso2: 'DZ',
    seatCity: 'Algiers',
    website: null,
    description: {
      en: 'The African Union’s centre for research on terrorism: co-delivers research-based modules.',
      fr: 'Le centre de recherche de l’Union africaine sur le terrorisme : co-anime des modules fondés sur la recherche.',
    },
    contacts: [],
    agreements: [],
    contributions: [],
  },
];

/** A one-page PDF that says what it stands for: the demo has no real signed documents. */
export function placeholderPdf(title: string): Buffer {
  const text = `Demo document - ${title}`.replace(/[^\x20-\x7e]/g, '-').replace(/[()\\]/g, '');
  const stream = `BT /F1 12 Tf 50 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function findOrganisationId(db: Queryable, key: OrganisationKey): Promise<string | null> {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where('acronym' in key ? eq(organisations.acronym, key.acronym) : eq(organisations.name, key.name));
  return row?.id ?? null;
}

export type PartnersSummary = { organisations: number; contacts: number; agreements: number; contributions: number };

/** Adds the demo partners' details; run once, right after the training history was seeded. */
export async function seedDemoPartners(db: Queryable, audit: AuditContext): Promise<PartnersSummary> {
  return db.transaction(async (tx) => {
    const summary: PartnersSummary = { organisations: 0, contacts: 0, agreements: 0, contributions: 0 };
    const programmeIds = new Map(
      (await tx.select({ id: programmes.id, code: programmes.code }).from(programmes)).map((p) => [p.code, p.id]),
    );
    for (const spec of demoPartners) {
      const organisationId = await findOrganisationId(tx, spec.key);
      if (!organisationId) continue;
      summary.organisations += 1;
      await tx
        .update(organisations)
        .set({
          countryIso2: spec.countryIso2,
          seatCity: spec.seatCity,
          website: spec.website,
          description: spec.description,
          updatedAt: new Date(),
        })
        .where(eq(organisations.id, organisationId));
      if (spec.contacts.length > 0) {
        await tx.insert(organisationContacts).values(spec.contacts.map((c) => ({ ...c, organisationId })));
        summary.contacts += spec.contacts.length;
      }
      const agreementIds = new Map<string, string>();
      for (const a of spec.agreements) {
        const document = a.withDocument
          ? await storeFile(tx, audit, {
              name: `${a.ref}-signed.pdf`,
              mediaType: 'application/pdf',
              content: placeholderPdf(a.title),
            })
          : null;
        const [row] = await tx
          .insert(partnerAgreements)
          .values({
            organisationId,
            title: a.title,
            kind: a.kind,
            signedOn: a.signedOn,
            validFrom: a.validFrom,
            validTo: a.validTo,
            documentFileId: document?.id ?? null,
          })
          .returning({ id: partnerAgreements.id });
        if (row) agreementIds.set(a.ref, row.id);
        summary.agreements += 1;
      }
      for (const c of spec.contributions) {
        const programmeId = programmeIds.get(c.programme);
        if (!programmeId) continue;
        await tx.insert(contributions).values({
          organisationId,
          programmeId,
          amount: c.amount,
          currency: c.currency,
          earmarked: c.earmarked,
          periodFrom: c.periodFrom,
          periodTo: c.periodTo,
          agreementId: c.agreement ? (agreementIds.get(c.agreement) ?? null) : null,
          note: c.note ?? null,
        });
        summary.contributions += 1;
      }
    }
    // The demo partner account speaks for the European Union, unless it was linked otherwise.
    const eu = await findOrganisationId(tx, { acronym: 'EU' });
    if (eu) {
      await tx
        .update(users)
        .set({ organisationId: eu })
        .where(and(eq(users.email, 'partner@tadrib.demo'), eq(users.role, 'partner'), isNull(users.organisationId)));
    }
    return summary;
  });
}
