import { eq, inArray } from 'drizzle-orm';
import { docxWithText, pdfWithText, pptxWithText } from '../../modules/library/documents';
import { extractText } from '../../modules/library/extract';
import * as repo from '../../modules/library/repository';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { storeFile } from '../../platform/files';
import {
  courses,
  type LibraryAudience,
  type LibraryItemType,
  type Locale,
  type LocalisedText,
  librarySubmissions,
  memberStates,
  type SubmissionStatus,
  securityCouncilResolutions,
  users,
} from '../schema';

/**
 * The demo knowledge library (about 60 items): the Security Council resolutions (titles and
 * links), manuals in the four languages, materials of the demo courses, case studies, research,
 * templates and meeting documents, good practices from several states, one draft national strategy
 * for Nigeria's focal point only, and good-practice submissions of Nigeria in each status. The files
 * are real documents whose text is generated from the sentences below, so that the search finds
 * words from inside them. Runs once, after the training history (it links the demo courses).
 */

export type Topic = { key: string; pillar: string; text: Record<Locale, string> };

export const TOPICS: Topic[] = [
  {
    key: 'borders',
    pillar: 'II',
    text: {
      en: 'border security and management',
      fr: 'la sécurité et la gestion des frontières',
      ar: 'أمن الحدود وإدارتها',
      pt: 'a segurança e gestão das fronteiras',
    },
  },
  {
    key: 'financing',
    pillar: 'II',
    text: {
      en: 'countering the financing of terrorism',
      fr: 'la lutte contre le financement du terrorisme',
      ar: 'مكافحة تمويل الإرهاب',
      pt: 'o combate ao financiamento do terrorismo',
    },
  },
  {
    key: 'pve',
    pillar: 'I',
    text: {
      en: 'preventing violent extremism',
      fr: 'la prévention de l’extrémisme violent',
      ar: 'منع التطرف العنيف',
      pt: 'a prevenção do extremismo violento',
    },
  },
  {
    key: 'justice',
    pillar: 'II',
    text: {
      en: 'the criminal justice response to terrorism',
      fr: 'la réponse de la justice pénale au terrorisme',
      ar: 'استجابة العدالة الجنائية للإرهاب',
      pt: 'a resposta da justiça penal ao terrorismo',
    },
  },
  {
    key: 'infrastructure',
    pillar: 'II',
    text: {
      en: 'protecting critical infrastructure',
      fr: 'la protection des infrastructures critiques',
      ar: 'حماية البنية التحتية الحيوية',
      pt: 'a proteção das infraestruturas críticas',
    },
  },
  {
    key: 'ftf',
    pillar: 'II',
    text: {
      en: 'foreign terrorist fighters and returnees',
      fr: 'les combattants terroristes étrangers et leur retour',
      ar: 'المقاتلين الإرهابيين الأجانب والعائدين',
      pt: 'os combatentes terroristas estrangeiros e o seu regresso',
    },
  },
  {
    key: 'victims',
    pillar: 'IV',
    text: {
      en: 'supporting victims of terrorism',
      fr: 'le soutien aux victimes du terrorisme',
      ar: 'دعم ضحايا الإرهاب',
      pt: 'o apoio às vítimas do terrorismo',
    },
  },
  {
    key: 'rights',
    pillar: 'IV',
    text: {
      en: 'human rights in counter-terrorism',
      fr: 'les droits de l’homme dans la lutte antiterroriste',
      ar: 'حقوق الإنسان في مكافحة الإرهاب',
      pt: 'os direitos humanos no combate ao terrorismo',
    },
  },
  {
    key: 'prisons',
    pillar: 'I',
    text: {
      en: 'radicalisation in prisons',
      fr: 'la radicalisation en milieu carcéral',
      ar: 'التطرف في السجون',
      pt: 'a radicalização nas prisões',
    },
  },
  {
    key: 'online',
    pillar: 'I',
    text: {
      en: 'terrorist propaganda online',
      fr: 'la propagande terroriste en ligne',
      ar: 'الدعاية الإرهابية على الإنترنت',
      pt: 'a propaganda terrorista online',
    },
  },
  {
    key: 'maritime',
    pillar: 'II',
    text: { en: 'maritime security', fr: 'la sûreté maritime', ar: 'الأمن البحري', pt: 'a segurança marítima' },
  },
  {
    key: 'cooperation',
    pillar: 'III',
    text: {
      en: 'inter-agency cooperation',
      fr: 'la coopération interinstitutionnelle',
      ar: 'التعاون بين الوكالات',
      pt: 'a cooperação interinstitucional',
    },
  },
];

/** Sentences of the generated documents: {t} is the topic, {s} a state. */
export const SENTENCES: Record<Locale, string[]> = {
  en: [
    'This chapter sets out how national authorities approach {t} within the framework of the Global Counter-Terrorism Strategy.',
    'In {s}, the national coordination body brought together police, customs, prosecutors and intelligence services to work on {t}.',
    'Practitioners should document every decision, record the legal basis relied upon and review it regularly with their supervisors.',
    'A risk assessment precedes any operational measure; it identifies vulnerabilities, actors and the resources available.',
    'Training sessions combine case studies, simulation exercises and peer exchanges between agencies of neighbouring states.',
    'Measures taken on {t} must respect international human rights law, refugee law and international humanitarian law.',
    'Indicators of progress include the number of joint investigations, the time taken to exchange information and convictions obtained.',
    'Civil society organisations, religious leaders and local communities contribute to early warning and to reintegration.',
    'The annex lists the relevant Security Council resolutions, regional instruments and model legislation.',
    'Lessons learned from {s} show that sustained political support and adequate budgets matter more than new structures.',
  ],
  fr: [
    'Ce chapitre présente la manière dont les autorités nationales abordent {t} dans le cadre de la Stratégie antiterroriste mondiale.',
    'Au {s}, l’organe national de coordination a réuni police, douanes, parquet et services de renseignement autour de {t}.',
    'Les praticiens documentent chaque décision, consignent la base juridique retenue et la réexaminent régulièrement avec leur hiérarchie.',
    'Une évaluation des risques précède toute mesure opérationnelle; elle recense les vulnérabilités, les acteurs et les moyens disponibles.',
    'Les sessions de formation associent études de cas, exercices de simulation et échanges entre services des États voisins.',
    'Les mesures relatives à {t} respectent le droit international des droits de l’homme, le droit des réfugiés et le droit humanitaire.',
    'Les indicateurs de progrès comprennent le nombre d’enquêtes conjointes, les délais d’échange d’informations et les condamnations obtenues.',
    'Les organisations de la société civile, les responsables religieux et les communautés locales contribuent à l’alerte précoce et à la réinsertion.',
    'L’annexe énumère les résolutions pertinentes du Conseil de sécurité, les instruments régionaux et les lois types.',
    'L’expérience du {s} montre qu’un soutien politique durable et des budgets suffisants comptent davantage que de nouvelles structures.',
  ],
  ar: [
    'يعرض هذا الفصل كيفية تناول السلطات الوطنية لموضوع {t} في إطار الاستراتيجية العالمية لمكافحة الإرهاب.',
    'في {s}، جمعت هيئة التنسيق الوطنية الشرطة والجمارك والنيابة العامة وأجهزة الاستخبارات للعمل على {t}.',
    'ينبغي للممارسين توثيق كل قرار وتسجيل الأساس القانوني الذي استندوا إليه ومراجعته بانتظام مع رؤسائهم.',
    'يسبق تقييم المخاطر أي إجراء عملياتي، ويحدد مواطن الضعف والجهات الفاعلة والموارد المتاحة.',
    'تجمع الدورات التدريبية بين دراسات الحالة وتمارين المحاكاة وتبادل الخبرات بين أجهزة الدول المجاورة.',
    'يجب أن تحترم التدابير المتعلقة بموضوع {t} القانون الدولي لحقوق الإنسان وقانون اللاجئين والقانون الإنساني الدولي.',
    'تشمل مؤشرات التقدم عدد التحقيقات المشتركة والمدة اللازمة لتبادل المعلومات والإدانات التي تم الحصول عليها.',
    'تسهم منظمات المجتمع المدني والقادة الدينيون والمجتمعات المحلية في الإنذار المبكر وإعادة الإدماج.',
    'يتضمن المرفق قرارات مجلس الأمن ذات الصلة والصكوك الإقليمية والتشريعات النموذجية.',
    'تبين تجربة {s} أن الدعم السياسي المستدام والميزانيات الكافية أهم من إنشاء هياكل جديدة.',
  ],
  pt: [
    'Este capítulo apresenta a forma como as autoridades nacionais abordam {t} no quadro da Estratégia Global das Nações Unidas contra o Terrorismo.',
    'Em {s}, o órgão nacional de coordenação reuniu polícia, alfândegas, ministério público e serviços de informações em torno de {t}.',
    'Os profissionais devem documentar cada decisão, registar a base jurídica invocada e revê-la regularmente com as chefias.',
    'Uma avaliação de riscos precede qualquer medida operacional; identifica vulnerabilidades, atores e meios disponíveis.',
    'As sessões de formação combinam estudos de caso, exercícios de simulação e intercâmbios entre serviços de Estados vizinhos.',
    'As medidas relativas a {t} respeitam o direito internacional dos direitos humanos, o direito dos refugiados e o direito humanitário.',
    'Os indicadores de progresso incluem o número de investigações conjuntas, os prazos de troca de informações e as condenações obtidas.',
    'As organizações da sociedade civil, os líderes religiosos e as comunidades locais contribuem para o alerta precoce e a reintegração.',
    'O anexo enumera as resoluções pertinentes do Conselho de Segurança, os instrumentos regionais e a legislação modelo.',
    'A experiência de {s} mostra que o apoio político duradouro e orçamentos adequados contam mais do que novas estruturas.',
  ],
};

const TITLES: Record<'manual' | 'case_study' | 'research' | 'good_practice' | 'course_material', Record<Locale, string>> = {
  manual: { en: 'Manual on {t}', fr: 'Manuel sur {t}', ar: 'دليل بشأن {t}', pt: 'Manual sobre {t}' },
  case_study: {
    en: 'Case study: {t} in {s}',
    fr: 'Étude de cas: {t} au {s}',
    ar: 'دراسة حالة: {t} في {s}',
    pt: 'Estudo de caso: {t} em {s}',
  },
  research: {
    en: 'Research paper on {t}',
    fr: 'Document de recherche sur {t}',
    ar: 'ورقة بحثية بشأن {t}',
    pt: 'Documento de investigação sobre {t}',
  },
  good_practice: {
    en: 'Good practice from {s}: {t}',
    fr: 'Bonne pratique du {s}: {t}',
    ar: 'ممارسة جيدة من {s}: {t}',
    pt: 'Boa prática de {s}: {t}',
  },
  course_material: {
    en: 'Course materials: {t}',
    fr: 'Supports de cours: {t}',
    ar: 'مواد الدورة: {t}',
    pt: 'Materiais do curso: {t}',
  },
};

const fill = (template: string, t: string, s: string) => template.replaceAll('{t}', t).replaceAll('{s}', s);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Paragraphs of generated text on a topic: each sentence once, in an order that depends on `seed`. */
function paragraphs(lang: Locale, topic: string, state: string, seed: number, count: number): string[] {
  const bank = SENTENCES[lang];
  return Array.from({ length: count }, (_, i) =>
    [0, 1, 2, 3].map((k) => fill(bank[(seed + i * 3 + k * 7) % bank.length] ?? '', topic, state)).join(' '),
  );
}

/** Lines of at most `width` characters, for a PDF page. */
function wrapped(text: string, width = 88): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

type DemoFile = { language: Locale; name: string; content: Buffer; mediaType: string };

/** A document in a language: PDF for the Latin scripts (three pages), Word for Arabic (the PDF writer's font is Latin). */
function documentIn(lang: Locale, title: string, body: string[], name: string): DemoFile {
  if (lang === 'ar') {
    return {
      language: lang,
      name: `${name}-ar.docx`,
      content: docxWithText([title, ...body]),
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
  }
  const lines = [title, '', ...body.flatMap((p) => [...wrapped(p), ''])];
  const pages = [0, 1, 2].map((p) => lines.slice(Math.floor((p * lines.length) / 3), Math.floor(((p + 1) * lines.length) / 3)));
  return { language: lang, name: `${name}-${lang}.pdf`, content: pdfWithText(pages), mediaType: 'application/pdf' };
}

type DemoItem = {
  type: LibraryItemType;
  audience: LibraryAudience;
  title: LocalisedText;
  summary: LocalisedText;
  publishedOn: string;
  author: string | null;
  linkUrl?: string;
  pillars: string[];
  resolutions?: number[];
  thematicAreas: string[];
  states?: string[];
  courseIds?: string[];
  files: DemoFile[];
};

async function insertDemoItem(tx: Queryable, audit: AuditContext, createdBy: string | null, spec: DemoItem): Promise<string> {
  const item = await repo.insertItem(tx, {
    type: spec.type,
    audience: spec.audience,
    title: spec.title,
    summary: spec.summary,
    publishedOn: spec.publishedOn,
    author: spec.author,
    linkUrl: spec.linkUrl ?? null,
    pillars: spec.pillars,
    resolutions: spec.resolutions ?? [],
    thematicAreas: spec.thematicAreas,
    states: spec.states ?? [],
    createdBy,
  });
  await repo.setLinks(tx, item.id, { courseIds: spec.courseIds ?? [] });
  for (const file of spec.files) {
    const stored = await storeFile(tx, audit, { name: file.name, mediaType: file.mediaType, content: file.content });
    const extracted = await extractText(stored.mediaType, file.content);
    await repo.insertFile(tx, {
      itemId: item.id,
      language: file.language,
      version: 1,
      fileId: stored.id,
      textStatus: extracted.status,
      text: extracted.text,
      pages: extracted.pages,
      uploadedBy: createdBy,
    });
  }
  await repo.refreshSearch(tx, item.id);
  await writeAudit(tx, audit, {
    action: 'library_item.create',
    recordType: 'library_item',
    recordId: item.id,
    details: { type: spec.type, audience: spec.audience, title: spec.title, demo: true },
  });
  return item.id;
}

const LANGS: Locale[] = ['en', 'fr', 'ar', 'pt'];
const ORGANISATION = 'United Nations Office of Counter-Terrorism';

export async function seedDemoLibrary(
  db: Database,
  audit: AuditContext,
): Promise<{ items: number; files: number; submissions: number }> {
  const stateRows = await db
    .select()
    .from(memberStates)
    .where(inArray(memberStates.iso2, ['NG', 'MA', 'SN', 'KE', 'TN', 'ML', 'GH', 'MZ', 'EG', 'CM']));
  const stateName = (iso2: string, lang: Locale) => {
    const s = stateRows.find((r) => r.iso2 === iso2);
    return s ? { en: s.nameEn, fr: s.nameFr, ar: s.nameAr, pt: s.namePt }[lang] : iso2;
  };
  const resolutions = await db.select().from(securityCouncilResolutions).orderBy(securityCouncilResolutions.number);
  const courseRows = await db
    .select({ id: courses.id, title: courses.title, thematicArea: courses.thematicArea, pillars: courses.pillars })
    .from(courses)
    .orderBy(courses.code)
    .limit(12);
  const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'officer@tadrib.demo'));
  const createdBy = officer?.id ?? null;
  const items: DemoItem[] = [];
  const year = (i: number) => `${2016 + (i % 11)}-${String((i % 12) + 1).padStart(2, '0')}-15`;
  const titled = (kind: keyof typeof TITLES, topic: Topic, iso2: string, langs: Locale[]) =>
    Object.fromEntries(
      langs.map((l) => [l, capitalised(fill(TITLES[kind][l], topic.text[l], stateName(iso2, l)))]),
    ) as LocalisedText;
  const summarised = (topic: Topic, iso2: string, langs: Locale[], seed: number) =>
    Object.fromEntries(
      langs.map((l) => [l, paragraphs(l, topic.text[l], stateName(iso2, l), seed, 1)[0] ?? '']),
    ) as LocalisedText;

  // The resolutions: public, titles and links.
  for (const r of resolutions) {
    items.push({
      type: 'legal_text',
      audience: 'public',
      title: {
        en: `Security Council resolution ${r.number} (${r.year})`,
        fr: `Résolution ${r.number} (${r.year}) du Conseil de sécurité`,
        ar: `قرار مجلس الأمن ${r.number} (${r.year})`,
        pt: `Resolução ${r.number} (${r.year}) do Conselho de Segurança`,
      },
      summary: { en: r.subject },
      publishedOn: `${r.year}-01-01`,
      author: 'United Nations Security Council',
      linkUrl: `https://undocs.org/S/RES/${r.number}(${r.year})`,
      pillars: [],
      resolutions: [r.number],
      thematicAreas: [],
      files: [],
    });
  }
  // Manuals: every topic in the four languages.
  for (const [i, topic] of TOPICS.entries()) {
    items.push({
      type: 'manual',
      audience: i % 3 === 2 ? 'signed_in' : 'public',
      title: titled('manual', topic, 'NG', LANGS),
      summary: summarised(topic, 'MA', LANGS, i),
      publishedOn: year(i),
      author: ORGANISATION,
      pillars: [topic.pillar],
      thematicAreas: [topic.key],
      files: LANGS.map((l) =>
        documentIn(
          l,
          capitalised(fill(TITLES.manual[l], topic.text[l], '')),
          paragraphs(l, topic.text[l], stateName('MA', l), i, 12),
          `manual-${topic.key}`,
        ),
      ),
    });
  }
  // Materials of the demo courses, for their participants: slides in English and French.
  for (const [i, course] of courseRows.entries()) {
    const title = course.title.en ?? course.title.fr ?? '';
    items.push({
      type: 'course_material',
      audience: 'participants',
      title: Object.fromEntries(
        (['en', 'fr'] as const).map((l) => [l, fill(TITLES.course_material[l], course.title[l] ?? title, '')]),
      ),
      summary: {},
      publishedOn: year(i + 3),
      author: ORGANISATION,
      pillars: course.pillars,
      thematicAreas: [course.thematicArea],
      courseIds: [course.id],
      files: (['en', 'fr'] as const).map((l) => ({
        language: l,
        name: `slides-${i + 1}-${l}.pptx`,
        mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        content: pptxWithText(paragraphs(l, course.title[l] ?? title, stateName('SN', l), i, 6).map((p) => [p])),
      })),
    });
  }
  // Good practices from several states, published to everyone or to signed-in users.
  const practiceStates = ['MA', 'SN', 'KE', 'TN', 'ML', 'GH', 'MZ', 'EG'];
  for (const [i, iso2] of practiceStates.entries()) {
    const topic = TOPICS[(i * 5) % TOPICS.length] as Topic;
    const lang = LANGS[i % 4] as Locale;
    items.push({
      type: 'good_practice',
      audience: i % 2 ? 'signed_in' : 'public',
      title: titled('good_practice', topic, iso2, [lang]),
      summary: summarised(topic, iso2, [lang], i + 5),
      publishedOn: year(i + 7),
      author: stateName(iso2, 'en'),
      pillars: [topic.pillar],
      thematicAreas: [topic.key],
      states: [iso2],
      files: [
        documentIn(
          lang,
          String(titled('good_practice', topic, iso2, [lang])[lang]),
          paragraphs(lang, topic.text[lang], stateName(iso2, lang), i, 6),
          `practice-${iso2.toLowerCase()}`,
        ),
      ],
    });
  }
  // Case studies and research.
  for (const [i, [kind, iso2, audience]] of (
    [
      ['case_study', 'KE', 'public'],
      ['case_study', 'CM', 'public'],
      ['case_study', 'TN', 'signed_in'],
      ['case_study', 'MZ', 'signed_in'],
      ['research', 'SN', 'public'],
      ['research', 'EG', 'signed_in'],
      ['research', 'ML', 'office'],
    ] as const
  ).entries()) {
    const topic = TOPICS[(i * 7 + 3) % TOPICS.length] as Topic;
    const langs: Locale[] = i % 2 ? ['fr', 'pt'] : ['en', 'ar'];
    items.push({
      type: kind,
      audience,
      title: titled(kind, topic, iso2, langs),
      summary: summarised(topic, iso2, langs, i + 2),
      publishedOn: year(i + 1),
      author: audience === 'office' ? 'Monitoring and Evaluation Unit' : ORGANISATION,
      pillars: [topic.pillar],
      thematicAreas: [topic.key],
      states: [iso2],
      files: langs.map((l) =>
        documentIn(
          l,
          String(titled(kind, topic, iso2, [l])[l]),
          paragraphs(l, topic.text[l], stateName(iso2, l), i, 8),
          `${kind}-${iso2.toLowerCase()}`,
        ),
      ),
    });
  }
  // Templates and meeting documents.
  const templates: [LibraryItemType, LocalisedText, string][] = [
    [
      'template',
      {
        en: 'Template: national counter-terrorism action plan',
        fr: 'Modèle: plan d’action national de lutte contre le terrorisme',
      },
      'plan',
    ],
    [
      'template',
      { en: 'Template: request for mutual legal assistance', pt: 'Modelo: pedido de auxílio judiciário mútuo' },
      'mla',
    ],
    [
      'meeting_document',
      {
        en: 'Outcome document of the high-level meeting, Marrakech 2022',
        fr: 'Document final de la réunion de haut niveau, Marrakech 2022',
        ar: 'الوثيقة الختامية للاجتماع الرفيع المستوى، مراكش 2022',
      },
      'outcome-2022',
    ],
    [
      'meeting_document',
      {
        en: 'Concept note of the high-level meeting, Agadir 2025',
        fr: 'Note conceptuelle de la réunion de haut niveau, Agadir 2025',
      },
      'concept-2025',
    ],
  ];
  for (const [i, [type, title, name]] of templates.entries()) {
    const topic = TOPICS[(i * 4 + 11) % TOPICS.length] as Topic;
    const langs = Object.keys(title) as Locale[];
    items.push({
      type,
      audience: type === 'template' ? 'signed_in' : 'public',
      title,
      summary: {},
      publishedOn: type === 'template' ? year(i + 9) : name.endsWith('2022') ? '2022-06-08' : '2025-04-30',
      author: ORGANISATION,
      pillars: [topic.pillar],
      thematicAreas: [topic.key],
      files: langs.map((l) => documentIn(l, title[l] ?? '', paragraphs(l, topic.text[l], stateName('MA', l), i, 5), name)),
    });
  }
  // A draft national strategy: Nigeria's focal points and the office only.
  const strategyTopic = TOPICS[2] as Topic;
  items.push({
    type: 'national_strategy',
    audience: 'states',
    title: { en: 'Draft national counter-terrorism strategy of Nigeria (2026–2030)' },
    summary: { en: 'Working draft for validation by the national coordination body; not for circulation.' },
    publishedOn: '2026-09-30',
    author: 'Office of the National Security Adviser, Nigeria',
    pillars: ['I', 'II', 'III', 'IV'],
    thematicAreas: ['pve', 'justice'],
    states: ['NG'],
    files: [
      documentIn(
        'en',
        'Draft national counter-terrorism strategy of Nigeria',
        paragraphs('en', strategyTopic.text.en, stateName('NG', 'en'), 4, 10),
        'strategy-ng-draft',
      ),
    ],
  });

  let files = 0;
  await db.transaction(async (tx) => {
    for (const spec of items) {
      await insertDemoItem(tx, audit, createdBy, spec);
      files += spec.files.length;
    }
  });
  const submissions = await seedDemoSubmissions(db, audit);
  return { items: items.length, files, submissions };
}

/** Nigeria's good-practice submissions, one in each status before publication. */
async function seedDemoSubmissions(db: Database, audit: AuditContext): Promise<number> {
  const submitters = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, ['focal.ng@tadrib.demo', 'participant.ng@tadrib.demo']));
  const focal = submitters.find((u) => u.email.startsWith('focal'))?.id;
  const participant = submitters.find((u) => u.email.startsWith('participant'))?.id;
  if (!focal || !participant) return 0;
  const specs: [string, Locale, SubmissionStatus, string | null, Topic][] = [
    [focal, 'en', 'submitted', null, TOPICS[0] as Topic],
    [
      participant,
      'fr',
      'returned',
      'Merci: précisez les résultats obtenus et le nombre de personnes formées.',
      TOPICS[3] as Topic,
    ],
    [focal, 'en', 'resubmitted', null, TOPICS[1] as Topic],
    [participant, 'pt', 'declined', 'Já publicada em 2024 pela mesma instituição.', TOPICS[8] as Topic],
  ];
  await db.transaction(async (tx) => {
    for (const [i, [submittedBy, lang, status, note, topic]] of specs.entries()) {
      const [context, challenge, approach, results, lessons] = paragraphs(lang, topic.text[lang], stateName(lang), i, 5);
      const [row] = await tx
        .insert(librarySubmissions)
        .values({
          stateIso2: 'NG',
          submittedBy,
          language: lang,
          title: capitalised(topic.text[lang]),
          context: context ?? '',
          challenge: challenge ?? '',
          approach: approach ?? '',
          results: results ?? '',
          lessons: lessons ?? '',
          contact: 'National Counter-Terrorism Centre, Abuja',
          nameState: i % 2 === 0,
          status,
          reviewNote: note,
        })
        .returning({ id: librarySubmissions.id });
      await writeAudit(tx, audit, {
        action: 'library_submission.create',
        recordType: 'library_submission',
        recordId: row?.id,
        details: { status, demo: true },
      });
    }
  });
  return specs.length;
}

const stateName = (lang: Locale) => ({ en: 'Nigeria', fr: 'Nigéria', ar: 'نيجيريا', pt: 'Nigéria' })[lang];
