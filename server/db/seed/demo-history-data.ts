import type { LocalisedText } from '../schema';
import type { NamePool } from './demo-names';

/** The programmes, partner organisations, venues and ranks the demo history of demo-history.ts draws from. */
export type ProgrammeSpec = {
  code: string;
  title: LocalisedText;
  thematicArea: string;
  courses: {
    code: string;
    title: LocalisedText;
    level: 'foundational' | 'intermediate' | 'advanced' | 'training_of_trainers';
    hours: number;
    pillars: string[];
    resolutions: number[];
    passMark: number | null;
  }[];
};

export const programmeSpecs: ProgrammeSpec[] = [
  {
    code: 'CTI',
    title: {
      en: 'Specialized Training on Counter-Terrorism Investigations',
      fr: 'Formation spécialisée aux enquêtes antiterroristes',
      ar: 'التدريب المتخصص على التحقيقات في قضايا الإرهاب',
      pt: 'Formação especializada em investigações antiterroristas',
    },
    thematicArea: 'investigations',
    courses: [
      {
        code: 'CTI-101',
        title: { en: 'Foundations of CT investigations', fr: 'Fondamentaux des enquêtes antiterroristes' },
        level: 'foundational',
        hours: 30,
        pillars: ['II', 'IV'],
        resolutions: [1373, 2178],
        passMark: null,
      },
      {
        code: 'CTI-201',
        title: { en: 'Digital evidence and open sources', fr: 'Preuve numérique et sources ouvertes' },
        level: 'intermediate',
        hours: 35,
        pillars: ['II', 'III'],
        resolutions: [2178, 2396],
        passMark: 60,
      },
      {
        code: 'CTI-301',
        title: { en: 'Complex CT investigations and prosecution', fr: 'Enquêtes complexes et poursuites' },
        level: 'advanced',
        hours: 40,
        pillars: ['II', 'IV'],
        resolutions: [1373, 2396],
        passMark: 65,
      },
      {
        code: 'CTI-TOT',
        title: { en: 'Training of trainers: CT investigations', fr: 'Formation de formateurs : enquêtes antiterroristes' },
        level: 'training_of_trainers',
        hours: 40,
        pillars: ['III'],
        resolutions: [1373],
        passMark: 70,
      },
    ],
  },
  {
    code: 'FUS',
    title: { en: 'Fusion Cells', fr: 'Cellules de fusion', ar: 'خلايا الدمج', pt: 'Células de fusão' },
    thematicArea: 'information_sharing',
    courses: [
      {
        code: 'FUS-101',
        title: { en: 'Setting up a fusion cell', fr: 'Mettre en place une cellule de fusion' },
        level: 'foundational',
        hours: 24,
        pillars: ['II', 'III'],
        resolutions: [2322, 2396],
        passMark: null,
      },
      {
        code: 'FUS-201',
        title: { en: 'Analysis in fusion cells', fr: "L'analyse au sein des cellules de fusion" },
        level: 'intermediate',
        hours: 30,
        pillars: ['II'],
        resolutions: [2322],
        passMark: 60,
      },
    ],
  },
  {
    code: 'KFR',
    title: {
      en: 'Countering Kidnapping for Ransom',
      fr: "Lutte contre l'enlèvement contre rançon",
      ar: 'مكافحة الاختطاف طلباً للفدية',
      pt: 'Combate ao rapto para obtenção de resgate',
    },
    thematicArea: 'kidnapping_for_ransom',
    courses: [
      {
        code: 'KFR-201',
        title: { en: 'Responding to kidnapping for ransom', fr: "Répondre à l'enlèvement contre rançon" },
        level: 'intermediate',
        hours: 30,
        pillars: ['II', 'IV'],
        resolutions: [2133, 2462],
        passMark: 60,
      },
    ],
  },
  {
    code: 'PRI',
    title: {
      en: 'Prison management and disengagement',
      fr: 'Gestion pénitentiaire et désengagement',
      ar: 'إدارة السجون وفك الارتباط',
      pt: 'Gestão prisional e desvinculação',
    },
    thematicArea: 'prisons',
    courses: [
      {
        code: 'PRI-101',
        title: { en: 'Managing violent extremist prisoners', fr: 'Gestion des détenus extrémistes violents' },
        level: 'foundational',
        hours: 24,
        pillars: ['I', 'IV'],
        resolutions: [2178, 2396],
        passMark: null,
      },
      {
        code: 'PRI-201',
        title: { en: 'Disengagement and reintegration programmes', fr: 'Programmes de désengagement et de réinsertion' },
        level: 'intermediate',
        hours: 30,
        pillars: ['I', 'IV'],
        resolutions: [2396],
        passMark: 60,
      },
    ],
  },
  {
    code: 'BOR',
    title: {
      en: 'Border security and API/PNR',
      fr: 'Sécurité des frontières et API/PNR',
      ar: 'أمن الحدود والمعلومات المسبقة عن المسافرين',
      pt: 'Segurança das fronteiras e API/PNR',
    },
    thematicArea: 'border_security',
    courses: [
      {
        code: 'BOR-101',
        title: { en: 'Border security management', fr: 'Gestion de la sécurité des frontières' },
        level: 'foundational',
        hours: 24,
        pillars: ['II', 'III'],
        resolutions: [2178, 2396],
        passMark: null,
      },
      {
        code: 'BOR-201',
        title: { en: 'Using API and PNR data', fr: 'Exploiter les données API et PNR' },
        level: 'advanced',
        hours: 30,
        pillars: ['II'],
        resolutions: [2396, 2482],
        passMark: 65,
      },
    ],
  },
  {
    code: 'CFT',
    title: {
      en: 'Countering the financing of terrorism',
      fr: 'Lutte contre le financement du terrorisme',
      ar: 'مكافحة تمويل الإرهاب',
      pt: 'Combate ao financiamento do terrorismo',
    },
    thematicArea: 'terrorist_financing',
    courses: [
      {
        code: 'CFT-101',
        title: { en: 'Financial investigations in CT cases', fr: 'Enquêtes financières dans les affaires de terrorisme' },
        level: 'foundational',
        hours: 24,
        pillars: ['II'],
        resolutions: [1373, 2462],
        passMark: null,
      },
      {
        code: 'CFT-201',
        title: { en: 'Financial intelligence and asset freezing', fr: 'Renseignement financier et gel des avoirs' },
        level: 'intermediate',
        hours: 30,
        pillars: ['II', 'IV'],
        resolutions: [1267, 2462],
        passMark: 60,
      },
    ],
  },
];

export const organisationSpecs = [
  { name: 'United Nations Office on Drugs and Crime', acronym: 'UNODC', kind: 'un_entity' },
  { name: 'Counter-Terrorism Committee Executive Directorate', acronym: 'CTED', kind: 'un_entity' },
  { name: 'United Nations Development Programme', acronym: 'UNDP', kind: 'un_entity' },
  { name: 'INTERPOL', acronym: 'INTERPOL', kind: 'international_body' },
  { name: 'African Union Mechanism for Police Cooperation', acronym: 'AFRIPOL', kind: 'regional_body' },
  { name: 'African Centre for the Study and Research on Terrorism', acronym: 'ACSRT/CAERT', kind: 'regional_body' },
  { name: 'European Union', acronym: 'EU', kind: 'donor_government' },
  { name: 'Government of Japan', acronym: null, kind: 'donor_government' },
  { name: 'Government of the Netherlands', acronym: null, kind: 'donor_government' },
  { name: 'State of Qatar', acronym: null, kind: 'donor_government' },
] as const;

/** Where sessions were held: the office's own city most often, then partner training centres. */
export const venues = [
  { city: 'Rabat', country: 'MA', weight: 6 },
  { city: 'Kenitra', country: 'MA', weight: 3 },
  { city: 'Ifrane', country: 'MA', weight: 2 },
  { city: 'Marrakech', country: 'MA', weight: 2 },
  { city: 'Accra', country: 'GH', weight: 2 },
  { city: 'Abuja', country: 'NG', weight: 1 },
  { city: 'Nairobi', country: 'KE', weight: 1 },
  { city: 'Dakar', country: 'SN', weight: 1 },
];

export const ranks = {
  fr: [
    'Commissaire',
    'Inspecteur',
    'Capitaine',
    'Lieutenant',
    'Commandant',
    'Officier de police judiciaire',
    'Magistrat',
    'Analyste',
  ],
  en: ['Superintendent', 'Inspector', 'Chief Inspector', 'Assistant Commissioner', 'Senior Analyst', 'State Counsel', 'Officer'],
  pt: ['Comissário', 'Inspetor', 'Subinspetor', 'Procurador', 'Analista', 'Oficial'],
  ar: ['عميد', 'مقدم', 'رائد', 'نقيب', 'محلل'],
} as const;

export const workingLanguages: Record<NamePool['language'], string[]> = {
  fr: ['fr'],
  en: ['en'],
  pt: ['pt'],
  ar: ['ar'],
};
