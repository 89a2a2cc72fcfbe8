import { and, count, eq, inArray } from 'drizzle-orm';
import * as service from '../../modules/national-programmes/service';
import type { AuditContext } from '../../platform/audit';
import type { Database } from '../../platform/db';
import {
  type EngagementKind,
  type EngagementStatus,
  type Locale,
  type LocalisedText,
  nationalProgrammeEngagements,
  nationalProgrammeStages,
  type ProgrammeStageKind,
  users,
} from '../schema';

/**
 * The demo's national programme support: nine engagements with eight states, from 2021 to 2026,
 * at every stage — strategies adopted and being implemented (one closed), drafting under way, an
 * action plan on hold, one request just received — with their coverage, the office staff and the
 * national counterparts responsible (fictional people) and a few documents. Written through the
 * module's service, so the demo keeps every rule of the domain; staff are found by their demo
 * email, states by ISO code. The same on every run.
 */

/** Demo staff, by email. */
const OFFICER = 'officer@tadrib.demo';
const ME = 'me@tadrib.demo';
const TRAINER = 'trainer@tadrib.demo';

type Counterpart = { name: string; function: string; organisation: string };

type StageSpec = {
  kind: ProgrammeStageKind;
  /** Drafting workshops beyond the first are added in order. */
  sequence?: number;
  planned?: [string, string];
  actual?: [string, string | null];
  skipped?: boolean;
  notes?: string;
  staff?: string[];
  counterparts?: Counterpart[];
  documents?: { name: string; language: Locale; text: string }[];
};

type EngagementSpec = {
  stateIso2: string;
  kind: EngagementKind;
  title: LocalisedText;
  status?: EngagementStatus;
  notes?: string;
  stages: StageSpec[];
  coverage: {
    resolutions: number[];
    pillars: string[];
    parts?: { title: LocalisedText; resolutions: number[]; pillars: string[] }[];
  };
};

const NG_COORDINATOR: Counterpart = {
  name: 'Aminu Danjuma',
  function: 'Director, Counter-Terrorism Centre',
  organisation: 'Office of the National Security Adviser',
};
const NG_JUSTICE: Counterpart = {
  name: 'Ifeoma Nwachukwu',
  function: 'Director of Public Prosecutions',
  organisation: 'Federal Ministry of Justice',
};
const SN_COORDINATOR: Counterpart = {
  name: 'Aïssatou Ndiaye',
  function: 'Secrétaire permanente',
  organisation: 'Cadre d’intervention et de coordination interministériel des opérations de lutte antiterroriste',
};
const ML_COORDINATOR: Counterpart = {
  name: 'Boubacar Traoré',
  function: 'Coordonnateur national',
  organisation: 'Ministère de la Sécurité et de la Protection civile',
};
const KE_COORDINATOR: Counterpart = {
  name: 'Wanjiru Kamau',
  function: 'Head of Strategy',
  organisation: 'National Counter Terrorism Centre',
};
const TD_COORDINATOR: Counterpart = {
  name: 'Mahamat Abakar',
  function: 'Conseiller sécurité',
  organisation: 'Primature',
};
const MR_COORDINATOR: Counterpart = {
  name: 'Mohamed Lemine Ould Sidi',
  function: 'Directeur de la coordination',
  organisation: 'Ministère de l’Intérieur et de la Décentralisation',
};
const MZ_COORDINATOR: Counterpart = {
  name: 'Celeste Macuácua',
  function: 'Assessora para a segurança',
  organisation: 'Ministério do Interior',
};
const GH_COORDINATOR: Counterpart = {
  name: 'Kofi Asante',
  function: 'Director, Counter-Terrorism Unit',
  organisation: 'National Security Council Secretariat',
};

const STRATEGY_CORE = [1373, 1624, 2178, 2396, 2462];

export const nationalProgrammeSpecs: EngagementSpec[] = [
  {
    stateIso2: 'NG',
    kind: 'strategy',
    title: {
      en: 'National Counter-Terrorism Strategy (revision)',
      fr: 'Stratégie nationale de lutte contre le terrorisme (révision)',
    },
    notes: 'Revision of the national strategy, with a chapter on terrorism financing and one on returnees.',
    stages: [
      {
        kind: 'request',
        actual: ['2021-03-15', '2021-04-02'],
        staff: [OFFICER],
        counterparts: [NG_COORDINATOR],
        documents: [
          {
            name: 'request-letter-ONSA-2021.txt',
            language: 'en',
            text: 'Request for technical assistance in revising the National Counter-Terrorism Strategy.\n',
          },
        ],
      },
      { kind: 'assessment', planned: ['2021-05-01', '2021-08-31'], actual: ['2021-05-10', '2021-09-20'], staff: [OFFICER, ME] },
      {
        kind: 'drafting_workshop',
        planned: ['2021-11-15', '2021-11-18'],
        actual: ['2021-11-15', '2021-11-18'],
        notes: 'Abuja: pillars and chapter structure.',
        staff: [OFFICER, TRAINER],
        counterparts: [NG_COORDINATOR, NG_JUSTICE],
      },
      {
        kind: 'drafting_workshop',
        sequence: 2,
        planned: ['2022-02-07', '2022-02-10'],
        actual: ['2022-02-14', '2022-02-17'],
        notes: 'Abuja: financing of terrorism and returnees chapters.',
        staff: [OFFICER, TRAINER],
        counterparts: [NG_JUSTICE],
      },
      { kind: 'validation', planned: ['2022-05-01', '2022-05-31'], actual: ['2022-05-24', '2022-06-10'], staff: [OFFICER] },
      {
        kind: 'adoption',
        planned: ['2022-07-01', '2022-09-30'],
        actual: ['2022-07-05', '2022-10-12'],
        counterparts: [NG_COORDINATOR],
        documents: [
          {
            name: 'national-ct-strategy-summary.md',
            language: 'en',
            text: '# National Counter-Terrorism Strategy\n\nSummary of the adopted text.\n',
          },
        ],
      },
      { kind: 'implementation', planned: ['2022-11-01', '2027-10-31'], actual: ['2022-11-01', null], staff: [ME] },
    ],
    coverage: {
      resolutions: [1373, 2178, 2396],
      pillars: ['I', 'II', 'III', 'IV'],
      parts: [
        { title: { en: 'Forestall', fr: 'Prévenir' }, resolutions: [1624], pillars: ['I'] },
        { title: { en: 'Secure', fr: 'Protéger' }, resolutions: [2309, 2341], pillars: ['II'] },
        { title: { en: 'Pursue', fr: 'Poursuivre' }, resolutions: [2322, 2462], pillars: ['II', 'IV'] },
        {
          title: { en: 'Returnees and rehabilitation', fr: 'Rapatriés et réhabilitation' },
          resolutions: [2396],
          pillars: ['I', 'IV'],
        },
      ],
    },
  },
  {
    stateIso2: 'NG',
    kind: 'action_plan',
    title: { en: 'National Action Plan on Preventing Violent Extremism 2026–2030' },
    stages: [
      { kind: 'request', actual: ['2025-02-03', '2025-02-20'], staff: [OFFICER], counterparts: [NG_COORDINATOR] },
      { kind: 'assessment', planned: ['2025-04-01', '2025-06-30'], actual: ['2025-04-07', '2025-07-15'], staff: [ME] },
      {
        kind: 'drafting_workshop',
        planned: ['2025-10-06', '2025-10-09'],
        actual: ['2025-10-06', '2025-10-09'],
        staff: [OFFICER, TRAINER],
        counterparts: [NG_COORDINATOR],
      },
      {
        kind: 'drafting_workshop',
        sequence: 2,
        planned: ['2026-03-09', '2026-03-12'],
        actual: ['2026-04-20', null],
        notes: 'Postponed from March; drafting continues by correspondence.',
        staff: [OFFICER],
      },
      { kind: 'validation', planned: ['2026-09-01', '2026-10-15'] },
      { kind: 'adoption', planned: ['2027-01-15', '2027-03-31'] },
      { kind: 'implementation', planned: ['2027-04-01', '2030-12-31'] },
    ],
    coverage: { resolutions: [1624, 2178, 2242], pillars: ['I', 'IV'] },
  },
  {
    stateIso2: 'SN',
    kind: 'strategy',
    status: 'completed',
    title: {
      fr: 'Stratégie nationale de prévention et de lutte contre le terrorisme',
      en: 'National strategy on preventing and countering terrorism',
    },
    stages: [
      { kind: 'request', actual: ['2021-06-07', '2021-06-21'], staff: [OFFICER], counterparts: [SN_COORDINATOR] },
      { kind: 'assessment', planned: ['2021-09-01', '2021-11-30'], actual: ['2021-09-13', '2021-12-10'], staff: [OFFICER] },
      {
        kind: 'drafting_workshop',
        planned: ['2022-03-14', '2022-03-17'],
        actual: ['2022-03-14', '2022-03-17'],
        notes: 'Saly : atelier de rédaction.',
        staff: [TRAINER],
        counterparts: [SN_COORDINATOR],
      },
      {
        kind: 'validation',
        planned: ['2022-09-01', '2022-09-30'],
        actual: ['2022-09-20', '2022-09-22'],
        counterparts: [SN_COORDINATOR],
        documents: [
          {
            name: 'rapport-atelier-validation.txt',
            language: 'fr',
            text: 'Rapport de l’atelier national de validation de la stratégie.\n',
          },
        ],
      },
      { kind: 'adoption', planned: ['2022-12-01', '2023-03-31'], actual: ['2022-12-15', '2023-04-27'] },
      { kind: 'implementation', actual: ['2023-05-01', null], staff: [ME] },
    ],
    coverage: { resolutions: [...STRATEGY_CORE, 2482], pillars: ['I', 'II', 'III', 'IV'] },
  },
  {
    stateIso2: 'MR',
    kind: 'action_plan',
    title: {
      fr: 'Plan d’action national contre le financement du terrorisme',
      en: 'National action plan against terrorism financing',
    },
    stages: [
      { kind: 'request', actual: ['2022-01-17', '2022-02-01'], staff: [OFFICER], counterparts: [MR_COORDINATOR] },
      {
        kind: 'assessment',
        skipped: true,
        notes: 'The mutual evaluation report of 2021 served as the assessment.',
      },
      {
        kind: 'drafting_workshop',
        planned: ['2022-05-09', '2022-05-12'],
        actual: ['2022-05-09', '2022-05-12'],
        staff: [OFFICER, TRAINER],
        counterparts: [MR_COORDINATOR],
      },
      { kind: 'drafting_workshop', sequence: 2, actual: ['2022-10-03', '2022-10-06'], staff: [TRAINER] },
      { kind: 'validation', actual: ['2023-02-14', '2023-02-15'], counterparts: [MR_COORDINATOR] },
      { kind: 'adoption', planned: ['2023-04-01', '2023-06-30'], actual: ['2023-04-10', '2024-01-18'] },
      { kind: 'implementation', actual: ['2024-02-01', null], staff: [ME] },
    ],
    coverage: {
      resolutions: [1267, 1373, 2462],
      pillars: ['II', 'III'],
      parts: [
        { title: { fr: 'Cadre juridique', en: 'Legal framework' }, resolutions: [1373, 2462], pillars: ['II', 'IV'] },
        { title: { fr: 'Renseignement financier', en: 'Financial intelligence' }, resolutions: [2462], pillars: ['III'] },
      ],
    },
  },
  {
    stateIso2: 'ML',
    kind: 'action_plan',
    status: 'on_hold',
    title: { fr: 'Plan d’action de prévention de l’extrémisme violent', en: 'Action plan on preventing violent extremism' },
    notes: 'Suspended at the request of the national authorities in 2023.',
    stages: [
      { kind: 'request', actual: ['2021-10-04', '2021-10-25'], staff: [OFFICER], counterparts: [ML_COORDINATOR] },
      { kind: 'assessment', planned: ['2022-01-10', '2022-04-30'], actual: ['2022-01-17', '2022-05-20'], staff: [ME] },
      {
        kind: 'drafting_workshop',
        planned: ['2022-11-07', '2022-11-10'],
        actual: ['2022-11-07', '2022-11-10'],
        staff: [TRAINER],
        counterparts: [ML_COORDINATOR],
      },
      { kind: 'validation', planned: ['2023-06-01', '2023-06-30'] },
      { kind: 'adoption', planned: ['2023-09-01', '2023-12-31'] },
      { kind: 'implementation', planned: ['2024-01-01', '2026-12-31'] },
    ],
    coverage: { resolutions: [1624, 2178, 2242], pillars: ['I', 'IV'] },
  },
  {
    stateIso2: 'KE',
    kind: 'strategy',
    title: { en: 'National Strategy to Counter Violent Extremism and Terrorism (update)' },
    stages: [
      { kind: 'request', actual: ['2023-08-14', '2023-09-04'], staff: [OFFICER], counterparts: [KE_COORDINATOR] },
      { kind: 'assessment', planned: ['2023-11-01', '2024-02-29'], actual: ['2023-11-06', '2024-03-22'], staff: [OFFICER, ME] },
      {
        kind: 'drafting_workshop',
        planned: ['2024-06-10', '2024-06-13'],
        actual: ['2024-06-10', '2024-06-13'],
        notes: 'Naivasha.',
        staff: [OFFICER, TRAINER],
        counterparts: [KE_COORDINATOR],
      },
      {
        kind: 'drafting_workshop',
        sequence: 2,
        planned: ['2024-10-14', '2024-10-17'],
        actual: ['2024-10-14', '2024-10-17'],
        staff: [TRAINER],
      },
      {
        kind: 'drafting_workshop',
        sequence: 3,
        planned: ['2025-03-03', '2025-03-06'],
        actual: ['2025-05-12', '2025-05-15'],
        staff: [TRAINER],
        counterparts: [KE_COORDINATOR],
      },
      {
        kind: 'validation',
        planned: ['2026-01-15', '2026-06-30'],
        actual: ['2026-02-09', null],
        notes: 'County consultations under way before the national validation.',
        staff: [OFFICER],
        counterparts: [KE_COORDINATOR],
      },
      { kind: 'adoption', planned: ['2026-09-01', '2027-03-31'] },
      { kind: 'implementation', planned: ['2027-04-01', '2031-12-31'] },
    ],
    coverage: { resolutions: [...STRATEGY_CORE, 2242, 2617], pillars: ['I', 'II', 'III', 'IV'] },
  },
  {
    stateIso2: 'TD',
    kind: 'strategy',
    title: { fr: 'Stratégie nationale de lutte contre le terrorisme', en: 'National counter-terrorism strategy' },
    stages: [
      { kind: 'request', actual: ['2025-09-08', '2025-10-01'], staff: [OFFICER], counterparts: [TD_COORDINATOR] },
      {
        kind: 'assessment',
        planned: ['2026-01-12', '2026-05-29'],
        actual: ['2026-02-02', null],
        notes: 'Missions to N’Djamena and the Lake Chad province.',
        staff: [OFFICER, ME],
        counterparts: [TD_COORDINATOR],
      },
      { kind: 'drafting_workshop', planned: ['2026-09-14', '2026-09-17'] },
      { kind: 'validation', planned: ['2027-02-01', '2027-02-28'] },
      { kind: 'adoption', planned: ['2027-04-01', '2027-06-30'] },
      { kind: 'implementation', planned: ['2027-07-01', '2031-06-30'] },
    ],
    coverage: { resolutions: [1373, 2178], pillars: ['II', 'III'] },
  },
  {
    stateIso2: 'MZ',
    kind: 'strategy',
    title: {
      pt: 'Estratégia Nacional de Prevenção e Combate ao Terrorismo',
      en: 'National strategy on preventing and combating terrorism',
    },
    stages: [
      { kind: 'request', actual: ['2024-04-22', '2024-05-10'], staff: [OFFICER], counterparts: [MZ_COORDINATOR] },
      { kind: 'assessment', planned: ['2024-09-02', '2024-12-20'], actual: ['2024-09-16', '2025-02-28'], staff: [ME] },
      {
        kind: 'drafting_workshop',
        planned: ['2025-06-16', '2025-06-19'],
        actual: ['2025-06-16', '2025-06-19'],
        notes: 'Maputo.',
        staff: [OFFICER, TRAINER],
        counterparts: [MZ_COORDINATOR],
      },
      {
        kind: 'drafting_workshop',
        sequence: 2,
        planned: ['2026-06-08', '2026-06-11'],
        actual: ['2026-06-08', '2026-06-11'],
        notes: 'Pemba.',
        staff: [TRAINER],
      },
      { kind: 'validation', planned: ['2027-01-18', '2027-02-26'] },
      { kind: 'adoption', planned: ['2027-05-01', '2027-09-30'] },
      { kind: 'implementation', planned: ['2027-10-01', '2032-09-30'] },
    ],
    coverage: { resolutions: [1373, 2178, 2396, 2462], pillars: ['I', 'II', 'III'] },
  },
  {
    stateIso2: 'GH',
    kind: 'strategy',
    title: { en: 'National Framework for Preventing and Countering Violent Extremism and Terrorism (review)' },
    notes: 'Request received; assessment mission to be planned with the Secretariat.',
    stages: [
      { kind: 'request', actual: ['2026-10-19', null], staff: [OFFICER], counterparts: [GH_COORDINATOR] },
      { kind: 'assessment', planned: ['2027-01-11', '2027-04-30'] },
      { kind: 'drafting_workshop' },
      { kind: 'validation' },
      { kind: 'adoption' },
      { kind: 'implementation' },
    ],
    coverage: { resolutions: [], pillars: [] },
  },
];

async function stageIdOf(db: Database, engagementId: string, kind: ProgrammeStageKind, sequence: number): Promise<string> {
  const [row] = await db
    .select({ id: nationalProgrammeStages.id })
    .from(nationalProgrammeStages)
    .where(
      and(
        eq(nationalProgrammeStages.engagementId, engagementId),
        eq(nationalProgrammeStages.kind, kind),
        eq(nationalProgrammeStages.sequence, sequence),
      ),
    );
  if (!row) throw new Error(`No ${kind} ${sequence} in demo engagement ${engagementId}`);
  return row.id;
}

/** Seeds the engagements unless some exist already; returns how many were added. */
export async function seedDemoNationalProgrammes(db: Database, audit: AuditContext): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(nationalProgrammeEngagements);
  if (Number(existing?.n ?? 0) > 0) return 0;
  const staff = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, [OFFICER, ME, TRAINER]));
  const staffId = (email: string) => {
    const user = staff.find((u) => u.email === email);
    if (!user) throw new Error(`The national programmes demo needs the demo account ${email}`);
    return user.id;
  };

  for (const spec of nationalProgrammeSpecs) {
    const id = await service.createEngagement(db, audit, {
      stateIso2: spec.stateIso2,
      title: spec.title,
      kind: spec.kind,
      notes: spec.notes ?? null,
    });
    // Stages in order, so that each keeps the rules given the ones before it.
    for (const stage of spec.stages) {
      const input = {
        plannedStart: stage.planned?.[0] ?? null,
        plannedEnd: stage.planned?.[1] ?? null,
        actualStart: stage.actual?.[0] ?? null,
        actualEnd: stage.actual?.[1] ?? null,
        notes: stage.notes ?? null,
        staffIds: (stage.staff ?? []).map(staffId),
        counterparts: stage.counterparts ?? [],
      };
      const sequence = stage.sequence ?? 1;
      // The first workshop comes with the engagement; further ones are added after it.
      if (sequence > 1) await service.addWorkshop(db, audit, id, input);
      const stageId = await stageIdOf(db, id, stage.kind, sequence);
      if (sequence === 1)
        await service.updateStage(db, audit, stageId, { ...input, ...(stage.skipped ? { skipped: true } : {}) });
      for (const document of stage.documents ?? []) {
        await service.addDocument(db, audit, stageId, {
          file: { name: document.name, mediaType: 'text/plain', content: Buffer.from(document.text, 'utf8') },
          language: document.language,
        });
      }
    }
    await service.replaceCoverage(db, audit, id, {
      resolutions: spec.coverage.resolutions,
      pillars: spec.coverage.pillars,
      parts: spec.coverage.parts ?? [],
    });
    if (spec.status) await service.updateEngagement(db, audit, id, { status: spec.status });
  }
  return nationalProgrammeSpecs.length;
}
