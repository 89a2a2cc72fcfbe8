import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storedNameKeys } from '../server/modules/registry/names';
import { type DatabaseHandle, openPglite } from '../server/platform/db';
import { loadServerKeys, type ServerKeys } from '../server/platform/keys';
import { prepareDatabase } from '../server/platform/startup';

/**
 * A plausible population of officials for the benchmarks: ~34 engaged states, names of each
 * state's languages, agencies, birth dates and contacts, and some persons entered twice with
 * spelling variants (Mohamed / Muhammad, Ould / Wld, accents dropped, names in another order).
 * Deterministic: the same seed gives the same population.
 */

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pool = { male: string[]; female: string[]; family: string[]; states: string[] };

const pools: Pool[] = [
  {
    states: ['MA', 'DZ', 'TN', 'LY', 'EG', 'MR', 'SD'],
    male: [
      'Mohamed',
      'Ahmed',
      'Youssef',
      'Abdelaziz',
      'Omar',
      'Ali',
      'Hassan',
      'Said',
      'Karim',
      'Rachid',
      'Mustapha',
      'Abdallah',
      'Ibrahim',
      'Hamza',
      'Ismail',
      'Mehdi',
      'Brahim',
      'Driss',
      'Hicham',
      'Amine',
      'Yassine',
      'Soufiane',
      'Khalid',
      'Tarik',
      'Nabil',
    ],
    female: [
      'Fatima',
      'Khadija',
      'Nadia',
      'Samira',
      'Aicha',
      'Zineb',
      'Salma',
      'Leila',
      'Meriem',
      'Houda',
      'Imane',
      'Sanaa',
      'Amal',
      'Naima',
      'Souad',
    ],
    family: [
      'Benali',
      'El Idrissi',
      'Alaoui',
      'Bennani',
      'Ould Ahmed',
      'Ould Mohamed',
      'Ben Salah',
      'Haddad',
      'Mansouri',
      'Cherif',
      'Bouazza',
      'Ziani',
      'Tazi',
      'Chraibi',
      'Berrada',
      'El Amrani',
      'Lahlou',
      'Saidi',
      'Belkacem',
      'Hamdi',
      'Khaldi',
      'Mejri',
      'Trabelsi',
      'Gharbi',
      'Jaziri',
      'Abdelrahman',
      'Osman',
      'Elsayed',
      'Mahmoud',
      'Hussein',
      'Benjelloun',
      'Fassi',
      'Kettani',
      'Ouazzani',
      'Sefrioui',
    ],
  },
  {
    states: ['ML', 'SN', 'BF', 'NE', 'CI', 'GN', 'TG', 'BJ', 'CM', 'TD'],
    male: [
      'Mamadou',
      'Moussa',
      'Ousmane',
      'Ibrahima',
      'Seydou',
      'Adama',
      'Boubacar',
      'Souleymane',
      'Abdoulaye',
      'Issa',
      'Salif',
      'Oumar',
      'Modibo',
      'Amadou',
      'Cheick',
      'Lassina',
      'Drissa',
      'Yacouba',
      'Idrissa',
      'Mohamed',
    ],
    female: [
      'Awa',
      'Aminata',
      'Fatoumata',
      'Mariam',
      'Kadiatou',
      'Bintou',
      'Aissata',
      'Djeneba',
      'Rokia',
      'Oumou',
      'Salimata',
      'Hawa',
      'Kadidia',
      'Assitan',
      'Ramatou',
    ],
    family: [
      'Traoré',
      'Diallo',
      'Koné',
      'Coulibaly',
      'Keita',
      'Diarra',
      'Sow',
      'Ndiaye',
      'Diop',
      'Fall',
      'Ouédraogo',
      'Sawadogo',
      'Kaboré',
      'Cissé',
      'Touré',
      'Sangaré',
      'Camara',
      'Barry',
      'Bah',
      'Konaté',
      'Issoufou',
      'Mahamadou',
      'Kouassi',
      'Yao',
      'Koffi',
      'Dembélé',
      'Sidibé',
      'Maïga',
      'Guindo',
      'Tall',
      'Gueye',
      'Sy',
      'Ba',
      'Kanté',
      'Fofana',
    ],
  },
  {
    states: ['NG', 'GH', 'KE', 'UG', 'TZ', 'ZA', 'ZM', 'SL', 'LR', 'GM', 'ET', 'SO', 'RW'],
    male: [
      'Chinedu',
      'Oluwaseun',
      'Ibrahim',
      'Kwame',
      'Kofi',
      'Otieno',
      'Kipchoge',
      'Musa',
      'Thabo',
      'Sipho',
      'Abebe',
      'Hamza',
      'Joseph',
      'Emmanuel',
      'Daniel',
      'Samuel',
      'Peter',
      'Yusuf',
      'Abdi',
      'Tesfaye',
    ],
    female: [
      'Ngozi',
      'Funmilayo',
      'Aisha',
      'Akosua',
      'Ama',
      'Wanjiru',
      'Achieng',
      'Halima',
      'Lerato',
      'Nomvula',
      'Tigist',
      'Fatuma',
      'Grace',
      'Mercy',
      'Esther',
      'Blessing',
      'Chiamaka',
      'Zainab',
    ],
    family: [
      'Okafor',
      'Adebayo',
      'Okonkwo',
      'Bello',
      'Abubakar',
      'Mensah',
      'Owusu',
      'Boateng',
      'Asante',
      'Kamau',
      'Odhiambo',
      'Mwangi',
      'Njoroge',
      'Mutua',
      'Nkosi',
      'Dlamini',
      'Mokoena',
      'Banda',
      'Phiri',
      'Tembo',
      'Kamara',
      'Sesay',
      'Conteh',
      'Haile',
      'Girma',
      'Warsame',
      'Abdi',
      'Hassan',
      'Mohammed',
      'Eze',
      'Nwosu',
      'Adeyemi',
      'Ochieng',
      'Mugisha',
      'Habimana',
    ],
  },
  {
    states: ['MZ', 'AO', 'CV', 'GW'],
    male: ['Joaquim', 'Manuel', 'João', 'Celso', 'Armando', 'Domingos', 'Alberto', 'Fernando', 'Carlos', 'António'],
    female: ['Ana', 'Maria', 'Lurdes', 'Graça', 'Isabel', 'Teresa', 'Luísa', 'Esperança', 'Rosa', 'Helena'],
    family: [
      'Machel',
      'Sitoe',
      'Mondlane',
      'Chissano',
      'dos Santos',
      'Fernandes',
      'Lopes',
      'Gomes',
      'Cabral',
      'Pereira',
      'Tavares',
      'Mendes',
      'Cossa',
      'Nhantumbo',
      'Mabunda',
    ],
  },
];

const VARIANTS: Record<string, string[]> = {
  Mohamed: ['Muhammad', 'Mohammed', 'Mohamed'],
  Mohammed: ['Mohamed', 'Muhammad'],
  Youssef: ['Youcef', 'Yusuf', 'Yousef'],
  Yusuf: ['Youssouf', 'Yousouf'],
  'Ould Ahmed': ['Wld Ahmed', 'Ould Ahmad'],
  'Ould Mohamed': ['Wld Mohamed', 'Ould Mohammed'],
  Abdelaziz: ['Abd el Aziz', 'Abdul Aziz'],
  Aicha: ['Aïcha', 'Aisha', 'Aysha'],
  Aisha: ['Aicha', 'Ayesha'],
  Cherif: ['Chérif', 'Sharif'],
  Hussein: ['Hussain', 'Houssein'],
  Ibrahim: ['Ebrahim', 'Brahim'],
  Ousmane: ['Usman', 'Othmane'],
  Traoré: ['Traore'],
  Ouédraogo: ['Ouedraogo'],
  Koné: ['Kone'],
  Cissé: ['Cisse'],
  Touré: ['Toure'],
  Maïga: ['Maiga'],
  Dembélé: ['Dembele'],
  Sidibé: ['Sidibe'],
  João: ['Joao'],
  Graça: ['Graca'],
  António: ['Antonio'],
  Luísa: ['Luisa'],
};

export type GeneratedOfficial = {
  id: string;
  stateIso2: string;
  agencyId: string;
  familyName: string;
  givenNames: string;
  sex: 'female' | 'male';
  birthDate: string | null;
  email: string | null;
  phone: string | null;
};

export type Population = {
  agencies: { id: string; stateIso2: string; name: string }[];
  officials: GeneratedOfficial[];
  /** Planted duplicates: [original id, variant id]. */
  duplicates: [string, string][];
};

const AGENCY_NAMES = [
  'National Police',
  'Gendarmerie',
  'State Security Service',
  'Customs',
  'Immigration Service',
  'Public Prosecution',
  'Prison Service',
  'Financial Intelligence Unit',
  'CT Coordination Unit',
  'Armed Forces',
];
const AGENCY_TYPES = [
  'police',
  'gendarmerie',
  'intelligence',
  'customs',
  'border_and_immigration',
  'prosecution',
  'prisons',
  'financial_intelligence_unit',
  'ct_coordination_body',
  'armed_forces',
];

function variantOf(name: string, rand: () => number): string {
  const whole = VARIANTS[name];
  if (whole) return whole[Math.floor(rand() * whole.length)] as string;
  const parts = name.split(' ');
  if (parts.length > 1) return parts.map((p) => variantOf(p, rand)).join(' ');
  return name.normalize('NFD').replace(/\p{M}/gu, '');
}

export function generatePopulation(count: number, seed = 2026, duplicateShare = 0.02): Population {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const states = pools.flatMap((p) => p.states.map((s) => ({ s, pool: p })));
  const agencies = states.flatMap(({ s }) =>
    AGENCY_NAMES.map((name) => ({ id: randomUUID(), stateIso2: s, name: `${name} (${s})` })),
  );
  const agenciesOf = new Map<string, string[]>();
  for (const a of agencies) agenciesOf.set(a.stateIso2, [...(agenciesOf.get(a.stateIso2) ?? []), a.id]);
  const originals = Math.round(count * (1 - duplicateShare));
  const officials: GeneratedOfficial[] = [];
  for (let i = 0; i < originals; i++) {
    const { s, pool } = pick(states);
    const sex = rand() < 0.2 ? 'female' : 'male';
    const given = sex === 'female' ? pool.female : pool.male;
    const givenNames = rand() < 0.3 ? `${pick(given)} ${pick(given)}` : pick(given);
    const familyName = pick(pool.family);
    const year = 1960 + Math.floor(rand() * 40);
    const birthDate =
      rand() < 0.85
        ? `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
        : null;
    const handle = `${givenNames}.${familyName}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    officials.push({
      id: randomUUID(),
      stateIso2: s,
      agencyId: pick(agenciesOf.get(s) as string[]),
      familyName,
      givenNames,
      sex,
      birthDate,
      email: rand() < 0.3 ? `${handle}${i}@example.org` : null,
      phone: rand() < 0.5 ? `+${200 + Math.floor(rand() * 60)} ${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : null,
    });
  }
  const duplicates: [string, string][] = [];
  while (officials.length < count) {
    const original = officials[Math.floor(rand() * originals)] as GeneratedOfficial;
    const swap = rand() < 0.2;
    const family = variantOf(original.familyName, rand);
    const given = variantOf(original.givenNames, rand);
    const copy: GeneratedOfficial = {
      ...original,
      id: randomUUID(),
      familyName: swap ? given : family,
      givenNames: swap ? family : given,
      birthDate: rand() < 0.8 ? original.birthDate : null,
      email: rand() < 0.5 ? original.email : null,
      phone: rand() < 0.5 ? original.phone : null,
      agencyId: rand() < 0.8 ? original.agencyId : pick(agenciesOf.get(original.stateIso2) as string[]),
    };
    officials.push(copy);
    duplicates.push([original.id, copy.id]);
  }
  return { agencies, officials, duplicates };
}

const csvField = (v: string | null) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);

/** A fresh PGlite database (migrated, reference data) and its keys, in temporary folders. */
export async function benchDatabase(): Promise<{ handle: DatabaseHandle; keys: ServerKeys; dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-bench-'));
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-bench-keys-'));
  const { keys } = loadServerKeys({ dir: keysDir, fromEnvironment: {} });
  const handle = await openPglite(dir);
  await prepareDatabase(handle, keys, { seedDemo: false });
  return {
    handle,
    keys,
    async dispose() {
      if (!handle.closed()) await handle.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** Loads agencies and officials with COPY (one transaction). */
export async function loadPopulation(handle: DatabaseHandle, population: Population): Promise<void> {
  await handle.bulk(async (session) => {
    await session.copyCsv(
      'agencies',
      ['id', 'state_iso2', 'name', 'type'],
      population.agencies
        .map((a, i) => [a.id, a.stateIso2, a.name, AGENCY_TYPES[i % AGENCY_TYPES.length] as string].map(csvField).join(','))
        .join('\n'),
    );
    const columns = [
      'id',
      'state_iso2',
      'agency_id',
      'family_name',
      'given_names',
      'sex',
      'birth_date',
      'email',
      'phone',
      'name_keys',
    ];
    const chunk = 20_000;
    for (let i = 0; i < population.officials.length; i += chunk) {
      const lines = population.officials
        .slice(i, i + chunk)
        .map((o) =>
          [
            o.id,
            o.stateIso2,
            o.agencyId,
            o.familyName,
            o.givenNames,
            o.sex,
            o.birthDate,
            o.email,
            o.phone,
            storedNameKeys(o.familyName, o.givenNames),
          ]
            .map(csvField)
            .join(','),
        );
      await session.copyCsv('officials', columns, lines.join('\n'));
    }
  });
}

export const ms = (start: number) => Math.round(performance.now() - start);
