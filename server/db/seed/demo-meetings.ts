import { and, eq, inArray } from 'drizzle-orm';
import { pdfFromObjects } from '../../modules/library/documents';
import type { AuditContext } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { storeFile } from '../../platform/files';
import {
  type AgendaItemKind,
  agencies,
  type DelegationRole,
  type LocalisedText,
  meetingAgendaItems,
  meetingAgendaSpeakers,
  meetingDelegates,
  meetingDelegations,
  meetingDocuments,
  meetingEditions,
  organisations,
} from '../schema';
import { engagedStates, type NamePool, namePoolOf } from './demo-names';

/**
 * The four editions of the high-level meeting of heads of African counter-terrorism agencies
 * (2022 Marrakech, 2023 Tangier, 2024 Fez, 2025 Agadir): delegations of 16 to 25 states and of the
 * partner organisations, their delegates (fictional names), agendas and outcome documents. Runs once,
 * right after the training history, whose organisations and agencies it finds by natural keys.
 */

type EditionSpec = {
  number: number;
  startDate: string;
  endDate: string;
  city: string;
  theme: LocalisedText;
  /** How many member states sent a delegation. */
  states: number;
  /** Organisations by acronym, with their role. */
  organisations: [string, DelegationRole][];
};

const EDITIONS: EditionSpec[] = [
  {
    number: 1,
    startDate: '2022-06-07',
    endDate: '2022-06-08',
    city: 'Marrakech',
    theme: {
      en: 'Strengthening African cooperation against terrorism: sharing information and good practice',
      fr: 'Renforcer la coopération africaine contre le terrorisme : partager l’information et les bonnes pratiques',
      ar: 'تعزيز التعاون الأفريقي في مكافحة الإرهاب: تبادل المعلومات والممارسات الجيدة',
      pt: 'Reforçar a cooperação africana contra o terrorismo: partilhar informação e boas práticas',
    },
    states: 16,
    organisations: [
      ['UNODC', 'international_organisation'],
      ['CTED', 'international_organisation'],
      ['ACSRT/CAERT', 'international_organisation'],
    ],
  },
  {
    number: 2,
    startDate: '2023-06-20',
    endDate: '2023-06-21',
    city: 'Tangier',
    theme: {
      en: 'Countering the financing of terrorism and its links with transnational organised crime',
      fr: 'Lutter contre le financement du terrorisme et ses liens avec la criminalité organisée transnationale',
      ar: 'مكافحة تمويل الإرهاب وصلاته بالجريمة المنظمة العابرة للحدود الوطنية',
      pt: 'Combater o financiamento do terrorismo e as suas ligações com a criminalidade organizada transnacional',
    },
    states: 19,
    organisations: [
      ['UNODC', 'international_organisation'],
      ['CTED', 'international_organisation'],
      ['INTERPOL', 'international_organisation'],
      ['ACSRT/CAERT', 'international_organisation'],
    ],
  },
  {
    number: 3,
    startDate: '2024-06-11',
    endDate: '2024-06-12',
    city: 'Fez',
    theme: {
      en: 'Border security, API/PNR and the movement of foreign terrorist fighters',
      fr: 'Sécurité des frontières, API/PNR et déplacements des combattants terroristes étrangers',
      ar: 'أمن الحدود والمعلومات المسبقة عن المسافرين وسجلات أسماء الركاب وتنقل المقاتلين الإرهابيين الأجانب',
      pt: 'Segurança das fronteiras, API/PNR e circulação de combatentes terroristas estrangeiros',
    },
    states: 22,
    organisations: [
      ['UNODC', 'international_organisation'],
      ['CTED', 'international_organisation'],
      ['INTERPOL', 'international_organisation'],
      ['AFRIPOL', 'international_organisation'],
      ['ACSRT/CAERT', 'international_organisation'],
      ['EU', 'observer'],
    ],
  },
  {
    number: 4,
    startDate: '2025-06-17',
    endDate: '2025-06-18',
    city: 'Agadir',
    theme: {
      en: 'Prevention, human rights and the rule of law: from recommendations to results',
      fr: 'Prévention, droits de l’homme et état de droit : des recommandations aux résultats',
      ar: 'الوقاية وحقوق الإنسان وسيادة القانون: من التوصيات إلى النتائج',
      pt: 'Prevenção, direitos humanos e Estado de direito: das recomendações aos resultados',
    },
    states: 25,
    organisations: [
      ['UNODC', 'international_organisation'],
      ['CTED', 'international_organisation'],
      ['INTERPOL', 'international_organisation'],
      ['AFRIPOL', 'international_organisation'],
      ['ACSRT/CAERT', 'international_organisation'],
      ['EU', 'observer'],
    ],
  },
];

/** The host sends a delegation every year; the others take turns, more of them each year. */
const HOST = 'MA';
const OBSERVER_STATES = new Set(['CV', 'GA']);
/** States whose delegation is led by their counter-terrorism coordination body, named on the badge. */
const AGENCY_LED = new Set(['NG', 'KE', 'SN', 'TN', 'MR']);

const FUNCTIONS = [
  'Director General, counter-terrorism coordination',
  'Head of the counter-terrorism unit',
  'Deputy Director, intelligence service',
  'Senior counter-terrorism prosecutor',
  'Head of international cooperation',
  'Senior analyst, financial intelligence unit',
  'Commander, border police',
];
const ORGANISATION_FUNCTIONS = ['Head of the regional office', 'Senior programme officer', 'Legal officer'];
const DECLINE_REASONS = ['Replaced by another delegate of the same agency', 'Registration received after the deadline'];

type Person = { title: string; givenNames: string; familyName: string };

/** The n-th person of a naming tradition: deterministic, spread over its names. */
function personOf(pool: NamePool, n: number): Person {
  const woman = n % 4 === 1;
  const given = woman ? pool.women : pool.men;
  return {
    title: n % 5 === 0 ? 'Dr' : woman ? 'Ms' : 'Mr',
    givenNames: given[(n * 7) % given.length] as string,
    familyName: pool.families[(n * 5 + 3) % pool.families.length] as string,
  };
}

/** A synthetic address on a reserved domain; accents folded (Keïta → keita). */
const emailOf = (p: Person, edition: number, n: number) =>
  `${p.givenNames}.${p.familyName}.${edition}${n}@delegates.example`
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9.@]/g, '');

/**
 * A one-page PDF with lines of Latin text (Helvetica, WinAnsi encoding), built by hand so that the
 * demo needs no PDF library: what a downloaded outcome document looks like in the demo.
 */
export function simplePdf(lines: string[]): Buffer {
  const pdfString = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 22} Td (${pdfString(line)}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  return pdfFromObjects(objects);
}

type AgendaSpec = {
  day: 0 | 1;
  startsAt: string;
  endsAt: string;
  kind: AgendaItemKind;
  title: LocalisedText;
  room: string | null;
  /** Speakers: 'host' and 'guest' are heads of delegations; other strings are named persons. */
  speakers: { who: 'host' | 'guest' | 'organisation' | string; part: string }[];
};

const AGENDA: AgendaSpec[] = [
  {
    day: 0,
    startsAt: '09:00',
    endsAt: '10:00',
    kind: 'ceremony',
    title: { en: 'Opening ceremony', fr: 'Cérémonie d’ouverture', ar: 'حفل الافتتاح', pt: 'Cerimónia de abertura' },
    room: 'Plenary hall',
    speakers: [
      { who: 'Youssef El Idrissi', part: 'Master of ceremonies' },
      { who: 'host', part: 'Welcome address' },
      { who: 'organisation', part: 'Opening remarks' },
    ],
  },
  {
    day: 0,
    startsAt: '10:00',
    endsAt: '10:30',
    kind: 'break',
    title: { en: 'Coffee break', fr: 'Pause-café', ar: 'استراحة قهوة', pt: 'Pausa para café' },
    room: null,
    speakers: [],
  },
  {
    day: 0,
    startsAt: '10:30',
    endsAt: '12:30',
    kind: 'plenary',
    title: {
      en: 'Plenary: the threat in Africa and the theme of this edition',
      fr: 'Plénière : la menace en Afrique et le thème de cette édition',
      ar: 'جلسة عامة: التهديد في أفريقيا وموضوع هذه الدورة',
      pt: 'Plenário: a ameaça em África e o tema desta edição',
    },
    room: 'Plenary hall',
    speakers: [
      { who: 'Claire Mensah', part: 'Moderator' },
      { who: 'guest', part: 'Keynote' },
    ],
  },
  {
    day: 0,
    startsAt: '14:00',
    endsAt: '15:30',
    kind: 'panel',
    title: {
      en: 'Panel: regional and international cooperation',
      fr: 'Panel : coopération régionale et internationale',
      ar: 'حلقة نقاش: التعاون الإقليمي والدولي',
      pt: 'Painel: cooperação regional e internacional',
    },
    room: 'Plenary hall',
    speakers: [{ who: 'organisation', part: 'Panellist' }],
  },
  {
    day: 0,
    startsAt: '15:45',
    endsAt: '17:30',
    kind: 'working_session',
    title: {
      en: 'Working groups: national experiences and needs',
      fr: 'Groupes de travail : expériences et besoins nationaux',
      ar: 'مجموعات العمل: التجارب والاحتياجات الوطنية',
      pt: 'Grupos de trabalho: experiências e necessidades nacionais',
    },
    room: 'Rooms A and B',
    speakers: [],
  },
  {
    day: 1,
    startsAt: '09:30',
    endsAt: '11:00',
    kind: 'working_session',
    title: {
      en: 'Working groups: draft recommendations',
      fr: 'Groupes de travail : projets de recommandations',
      ar: 'مجموعات العمل: مشاريع التوصيات',
      pt: 'Grupos de trabalho: projetos de recomendações',
    },
    room: 'Rooms A and B',
    speakers: [],
  },
  {
    day: 1,
    startsAt: '11:30',
    endsAt: '13:00',
    kind: 'plenary',
    title: {
      en: 'Plenary: adoption of the recommendations',
      fr: 'Plénière : adoption des recommandations',
      ar: 'جلسة عامة: اعتماد التوصيات',
      pt: 'Plenário: adoção das recomendações',
    },
    room: 'Plenary hall',
    speakers: [
      { who: 'Youssef El Idrissi', part: 'Rapporteur' },
      { who: 'host', part: 'Chair' },
    ],
  },
  {
    day: 1,
    startsAt: '13:00',
    endsAt: '13:30',
    kind: 'ceremony',
    title: { en: 'Closing ceremony', fr: 'Cérémonie de clôture', ar: 'حفل الاختتام', pt: 'Cerimónia de encerramento' },
    room: 'Plenary hall',
    speakers: [{ who: 'host', part: 'Closing remarks' }],
  },
];

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The states of an edition: the host, then a rotation over the engaged states. */
function statesOf(spec: EditionSpec): string[] {
  const others = engagedStates.filter((s) => s !== HOST);
  // A step of 7 over 33 states (coprime) visits every state once before repeating.
  const picked = [HOST];
  for (let i = 0; picked.length < Math.min(spec.states, engagedStates.length); i += 1) {
    const iso2 = others[(i * 7 + spec.number * 5) % others.length] as string;
    if (!picked.includes(iso2)) picked.push(iso2);
  }
  return picked;
}

export async function seedDemoMeetings(
  db: Database,
  audit: AuditContext,
): Promise<{ editions: number; delegations: number; delegates: number }> {
  const acronyms = [...new Set(EDITIONS.flatMap((e) => e.organisations.map(([a]) => a)))];
  const orgRows = await db
    .select({ id: organisations.id, acronym: organisations.acronym, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.acronym, acronyms));
  const orgByAcronym = new Map(orgRows.map((o) => [o.acronym ?? '', o]));
  const ctBodies = await db
    .select({ id: agencies.id, stateIso2: agencies.stateIso2 })
    .from(agencies)
    .where(and(inArray(agencies.stateIso2, [...AGENCY_LED]), eq(agencies.type, 'ct_coordination_body')));
  const ctBodyOf = new Map(ctBodies.map((a) => [a.stateIso2, a.id]));

  let delegationCount = 0;
  let delegateCount = 0;
  await db.transaction(async (tx) => {
    for (const spec of EDITIONS) {
      const [edition] = await tx
        .insert(meetingEditions)
        .values({
          number: spec.number,
          startDate: spec.startDate,
          endDate: spec.endDate,
          city: spec.city,
          countryIso2: HOST,
          theme: spec.theme,
        })
        .returning();
      if (!edition) throw new Error('insert returned no row');
      const decidedAt = new Date(`${addDays(spec.startDate, -10)}T09:00:00Z`);
      const registeredAt = new Date(`${addDays(spec.startDate, -30)}T09:00:00Z`);
      const heads: { host?: string; guest?: string; organisation?: string } = {};
      let n = 0;

      const parties: { stateIso2: string | null; organisationId: string | null; role: DelegationRole; pool: NamePool | null }[] =
        [
          ...statesOf(spec).map((iso2) => ({
            stateIso2: iso2,
            organisationId: null,
            role: (OBSERVER_STATES.has(iso2) ? 'observer' : 'member') as DelegationRole,
            pool: namePoolOf[iso2] as NamePool,
          })),
          ...spec.organisations.flatMap(([acronym, role]) => {
            const org = orgByAcronym.get(acronym);
            return org ? [{ stateIso2: null, organisationId: org.id, role, pool: null }] : [];
          }),
        ];

      for (const [index, party] of parties.entries()) {
        const [delegation] = await tx
          .insert(meetingDelegations)
          .values({
            editionId: edition.id,
            stateIso2: party.stateIso2,
            agencyId: party.stateIso2 ? (ctBodyOf.get(party.stateIso2) ?? null) : null,
            organisationId: party.organisationId,
            role: party.role,
            createdAt: registeredAt,
          })
          .returning();
        if (!delegation) throw new Error('insert returned no row');
        delegationCount += 1;
        // Member delegations send two to four people; organisations one or two.
        const size = party.stateIso2 ? 2 + ((index + spec.number) % 3) : 1 + (index % 2);
        let headId: string | null = null;
        for (let k = 0; k < size; k += 1) {
          n += 1;
          const pool = party.pool ?? namePoolOf[engagedStates[(index * 7 + k) % engagedStates.length] as string];
          const person = personOf(pool as NamePool, spec.number * 31 + index * 5 + k);
          // Every eleventh registration (never a head) was declined.
          const declined = k > 0 && n % 11 === 0;
          const [delegate] = await tx
            .insert(meetingDelegates)
            .values({
              editionId: edition.id,
              delegationId: delegation.id,
              ...person,
              function: party.stateIso2
                ? (FUNCTIONS[(index + k) % FUNCTIONS.length] as string)
                : (ORGANISATION_FUNCTIONS[k % ORGANISATION_FUNCTIONS.length] as string),
              email: emailOf(person, spec.number, n),
              status: declined ? 'declined' : 'approved',
              decisionReason: declined ? (DECLINE_REASONS[n % DECLINE_REASONS.length] as string) : null,
              decidedAt,
              registeredAt,
            })
            .returning({ id: meetingDelegates.id });
          if (!delegate) throw new Error('insert returned no row');
          delegateCount += 1;
          if (k === 0) headId = delegate.id;
        }
        await tx.update(meetingDelegations).set({ headDelegateId: headId }).where(eq(meetingDelegations.id, delegation.id));
        // The host's head chairs; the next state's head gives the keynote; the first organisation's speaks.
        if (headId && index === 0) heads.host = headId;
        if (headId && index === 1) heads.guest = headId;
        if (headId && party.organisationId && !heads.organisation) heads.organisation = headId;
      }

      for (const item of AGENDA) {
        const [row] = await tx
          .insert(meetingAgendaItems)
          .values({
            editionId: edition.id,
            day: addDays(spec.startDate, item.day),
            startsAt: item.startsAt,
            endsAt: item.endsAt,
            kind: item.kind,
            title: item.title,
            room: item.room,
          })
          .returning({ id: meetingAgendaItems.id });
        if (!row) throw new Error('insert returned no row');
        const speakers = item.speakers.flatMap(
          ({ who, part }): { delegateId: string | null; name: string | null; part: string }[] => {
            const delegateId = who === 'host' || who === 'guest' || who === 'organisation' ? heads[who] : undefined;
            if (delegateId) return [{ delegateId, name: null, part }];
            return who === 'host' || who === 'guest' || who === 'organisation' ? [] : [{ delegateId: null, name: who, part }];
          },
        );
        if (speakers.length > 0) {
          await tx
            .insert(meetingAgendaSpeakers)
            .values(speakers.map((s, position) => ({ ...s, agendaItemId: row.id, position })));
        }
      }

      await seedDocuments(tx, audit, edition.id, spec, parties.length);
    }
  });
  return { editions: EDITIONS.length, delegations: delegationCount, delegates: delegateCount };
}

async function seedDocuments(db: Queryable, audit: AuditContext, editionId: string, spec: EditionSpec, delegations: number) {
  const theme = spec.theme;
  const documents: {
    kind: 'outcome' | 'concept_note';
    language: 'en' | 'fr' | 'ar';
    title: string;
    name: string;
    content: Buffer;
  }[] = [
    {
      kind: 'outcome',
      language: 'en',
      title: `Outcome document of the ${['first', 'second', 'third', 'fourth'][spec.number - 1]} high-level meeting (${spec.city})`,
      name: `outcome-${spec.number}-${spec.city.toLowerCase()}-en.pdf`,
      content: simplePdf([
        `High-level meeting of heads of African counter-terrorism agencies - edition ${spec.number}`,
        `${spec.city}, ${spec.startDate} to ${spec.endDate}`,
        `Theme: ${theme.en ?? ''}`,
        `Delegations: ${delegations}`,
        'The participants adopted the recommendations annexed to this document',
        'and agreed to report on their implementation at the next edition.',
      ]),
    },
    {
      kind: 'outcome',
      language: 'fr',
      title: `Document final de la réunion de haut niveau n° ${spec.number} (${spec.city})`,
      name: `document-final-${spec.number}-${spec.city.toLowerCase()}-fr.pdf`,
      content: simplePdf([
        `Réunion de haut niveau des chefs des agences africaines de lutte contre le terrorisme - édition ${spec.number}`,
        `${spec.city}, du ${spec.startDate} au ${spec.endDate}`,
        `Thème : ${theme.fr ?? ''}`,
        `Délégations : ${delegations}`,
        'Les participants ont adopté les recommandations annexées au présent document',
        'et sont convenus de rendre compte de leur mise en oeuvre à la prochaine édition.',
      ]),
    },
  ];
  if (spec.number >= 3) {
    documents.push({
      kind: 'outcome',
      language: 'ar',
      title: `الوثيقة الختامية للاجتماع الرفيع المستوى، الدورة ${spec.number}`,
      name: `الوثيقة-الختامية-${spec.number}.txt`,
      content: Buffer.from(
        `الاجتماع الرفيع المستوى لرؤساء الأجهزة الأفريقية لمكافحة الإرهاب - الدورة ${spec.number}\n${theme.ar ?? ''}\nاعتمد المشاركون التوصيات المرفقة بهذه الوثيقة.\n`,
      ),
    });
    documents.push({
      kind: 'concept_note',
      language: 'en',
      title: 'Concept note and programme',
      name: `concept-note-${spec.number}.txt`,
      content: Buffer.from(`Concept note - edition ${spec.number} (${spec.city})\n\n${theme.en ?? ''}\n`),
    });
  }
  for (const doc of documents) {
    const stored = await storeFile(db, audit, { name: doc.name, mediaType: 'application/octet-stream', content: doc.content });
    await db.insert(meetingDocuments).values({
      editionId,
      kind: doc.kind,
      language: doc.language,
      title: doc.title,
      fileId: stored.id,
      uploadedAt: new Date(`${addDays(spec.endDate, 14)}T10:00:00Z`),
    });
  }
}
