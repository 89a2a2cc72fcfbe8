import type { LocalisedText } from '../schema';

/**
 * The recommendations adopted at the four demo editions of the meeting (2022 Marrakech, 2023
 * Tangier, 2024 Fez, 2025 Agadir), about ten each, and their actions in every status: done on time
 * and late, in progress, planned and overdue, dropped with a reason, and carried from one edition
 * to the next. Owners are states, their agencies, the office and partner organisations. Everything
 * is found by natural keys (edition number, state code, agency type, organisation acronym) and
 * every date is fixed, so the same database gets the same data, ids included.
 */

/** The day the demo's story stops: nothing is completed after it. */
export const AS_OF = '2026-09-30';

/** What happened to an action, counted in days after its edition's end. */
export type Outcome =
  | { status: 'planned' }
  | { status: 'in_progress'; days: number }
  | { status: 'done'; days: number; evidence?: string; url?: string }
  | { status: 'dropped'; days: number; reason: string };

const planned = (): Outcome => ({ status: 'planned' });
const progress = (days: number): Outcome => ({ status: 'in_progress', days });
const done = (days: number, evidence?: { text?: string; url?: string }): Outcome => ({
  status: 'done',
  days,
  ...(evidence?.text ? { evidence: evidence.text } : {}),
  ...(evidence?.url ? { url: evidence.url } : {}),
});
const dropped = (days: number, reason: string): Outcome => ({ status: 'dropped', days, reason });

/**
 * An owner: a state code ('NG'), an agency of a state by type ('NG/financial_intelligence_unit'),
 * 'office', or a partner organisation by acronym ('org:UNODC').
 */
type ActionSpec = { owner: string; text: LocalisedText; outcome: Outcome };

export type RecommendationSpec = {
  text: LocalisedText;
  pillars: string[];
  resolutions: number[];
  actions: ActionSpec[];
  /** Carried to the next edition: what then happens to each open action's copy, in order. */
  carriedThen?: Outcome[];
};

export const editionSpecs: Record<1 | 2 | 3 | 4, RecommendationSpec[]> = {
  1: [
    {
      text: {
        en: 'Designate a focal point for the Platform in every participating agency and keep the list of contacts current.',
        fr: 'Désigner un point focal pour la Plateforme dans chaque agence participante et tenir à jour la liste des contacts.',
        ar: 'تعيين منسق للمنصة في كل جهاز مشارك وتحديث قائمة جهات الاتصال باستمرار.',
      },
      pillars: ['III'],
      resolutions: [1373],
      actions: [
        { owner: 'office', text: { en: 'Circulate the contact list to all agencies' }, outcome: done(60) },
        {
          owner: 'NG',
          text: { en: 'Designate the national focal point' },
          outcome: done(120, { text: 'Letter of designation sent on behalf of the National Security Adviser.' }),
        },
        { owner: 'SN', text: { fr: 'Désigner le point focal national' }, outcome: done(200) },
      ],
    },
    {
      text: {
        en: 'Establish or strengthen national fusion cells that bring police, intelligence and border services together.',
        fr: 'Créer ou renforcer des cellules nationales de fusion réunissant la police, le renseignement et les services des frontières.',
      },
      pillars: ['II', 'III'],
      resolutions: [2178, 2396],
      actions: [
        { owner: 'NG', text: { en: 'Set up the fusion cell and its standard operating procedures' }, outcome: progress(90) },
        { owner: 'ML', text: { fr: 'Créer la cellule de fusion nationale' }, outcome: planned() },
        { owner: 'office', text: { en: 'Deliver the fusion cell course to the two pilot states' }, outcome: done(150) },
      ],
      carriedThen: [
        done(200, { text: 'Fusion cell inaugurated; first joint threat assessment issued.' }),
        dropped(240, 'The national fusion cell project was suspended after the change of government.'),
      ],
    },
    {
      text: {
        en: 'Connect border posts to the INTERPOL databases (I-24/7) and check travellers against them in real time.',
        fr: 'Connecter les postes frontières aux bases de données d’INTERPOL (I-24/7) et y vérifier les voyageurs en temps réel.',
      },
      pillars: ['II'],
      resolutions: [2178, 2396],
      actions: [
        {
          owner: 'org:INTERPOL',
          text: { en: 'Extend I-24/7 to the main land borders' },
          outcome: done(180, { url: 'https://www.interpol.int/en/How-we-work/Databases' }),
        },
        { owner: 'KE', text: { en: 'Connect the airports of Nairobi and Mombasa' }, outcome: done(300) },
        { owner: 'TD', text: { fr: 'Connecter les postes frontières de N’Djamena' }, outcome: done(420) },
        {
          owner: 'NE',
          text: { fr: 'Connecter les postes frontières du nord' },
          outcome: dropped(250, 'Replaced by the AFRIPOL regional connectivity project.'),
        },
      ],
    },
    {
      text: {
        en: 'Criminalise the financing of terrorism in line with the FATF standards and give financial intelligence units the means to act.',
        fr: 'Incriminer le financement du terrorisme conformément aux normes du GAFI et donner aux cellules de renseignement financier les moyens d’agir.',
        pt: 'Criminalizar o financiamento do terrorismo em conformidade com as normas do GAFI.',
      },
      pillars: ['II', 'IV'],
      resolutions: [1373, 2462],
      actions: [
        {
          owner: 'BF/financial_intelligence_unit',
          text: { fr: 'Publier les lignes directrices sur les déclarations de soupçon' },
          outcome: done(330),
        },
        {
          owner: 'CM/financial_intelligence_unit',
          text: { fr: 'Former les analystes aux typologies du financement du terrorisme' },
          outcome: done(500),
        },
        { owner: 'org:UNODC', text: { en: 'Provide legislative assistance on request' }, outcome: done(100) },
      ],
    },
    {
      text: {
        en: 'Develop prison management programmes for violent extremist offenders, including disengagement and reintegration.',
        fr: 'Élaborer des programmes de gestion pénitentiaire des détenus extrémistes violents, y compris le désengagement et la réinsertion.',
      },
      pillars: ['I', 'IV'],
      resolutions: [2396],
      actions: [
        { owner: 'MA', text: { fr: 'Étendre le programme de réconciliation à trois établissements' }, outcome: done(250) },
        { owner: 'office', text: { en: 'Publish a compendium of good practice' }, outcome: done(90) },
      ],
    },
    {
      text: {
        en: 'Share good practice on investigating kidnapping for ransom and on refusing ransom payments.',
        fr: 'Partager les bonnes pratiques en matière d’enquête sur les enlèvements contre rançon et de refus du paiement des rançons.',
      },
      pillars: ['II'],
      resolutions: [2133],
      actions: [
        { owner: 'org:UNODC', text: { en: 'Hold a regional workshop on kidnapping for ransom' }, outcome: done(200) },
        { owner: 'office', text: { en: 'Add a module on ransom to the investigations course' }, outcome: done(60) },
      ],
    },
    {
      text: {
        en: 'Increase the participation of women in counter-terrorism agencies, including in leadership roles.',
        fr: 'Accroître la participation des femmes dans les services antiterroristes, y compris aux postes de direction.',
        ar: 'زيادة مشاركة المرأة في أجهزة مكافحة الإرهاب، بما في ذلك في المناصب القيادية.',
      },
      pillars: ['I', 'IV'],
      resolutions: [2242],
      actions: [
        { owner: 'office', text: { en: 'Set a women’s participation target for every course' }, outcome: done(150) },
        { owner: 'TN', text: { fr: 'Adopter un plan d’action sur le genre au sein des services' }, outcome: progress(300) },
      ],
      carriedThen: [done(100, { text: 'Gender action plan adopted by ministerial order.' })],
    },
    {
      text: {
        en: 'Ensure that counter-terrorism investigations respect human rights and fair-trial guarantees.',
        fr: 'Veiller à ce que les enquêtes antiterroristes respectent les droits de l’homme et les garanties d’un procès équitable.',
      },
      pillars: ['IV'],
      resolutions: [1624],
      actions: [
        {
          owner: 'SN/prosecution',
          text: { fr: 'Diffuser un guide sur les droits des personnes gardées à vue' },
          outcome: done(270),
        },
        { owner: 'CI', text: { fr: 'Réviser le code de procédure pénale' }, outcome: planned() },
      ],
    },
    {
      text: {
        en: 'Use advance passenger information and passenger name records to detect the travel of terrorists.',
        fr: 'Utiliser les informations préalables sur les passagers et les dossiers passagers pour détecter les déplacements de terroristes.',
      },
      pillars: ['II'],
      resolutions: [2396, 2309],
      actions: [
        { owner: 'GH/border_and_immigration', text: { en: 'Set up a passenger information unit' }, outcome: progress(200) },
        { owner: 'office', text: { en: 'Deliver the API/PNR course' }, outcome: done(300) },
      ],
    },
    {
      text: {
        en: 'Strengthen research cooperation with the African Centre for the Study and Research on Terrorism.',
        fr: 'Renforcer la coopération en matière de recherche avec le Centre africain d’études et de recherche sur le terrorisme.',
      },
      pillars: ['III'],
      resolutions: [],
      actions: [{ owner: 'org:ACSRT/CAERT', text: { en: 'Publish a joint annual threat assessment' }, outcome: done(240) }],
    },
  ],
  2: [
    {
      text: {
        en: 'Counter terrorist narratives online with credible voices, in partnership with civil society.',
        fr: 'Contrer les discours terroristes en ligne par des voix crédibles, en partenariat avec la société civile.',
        ar: 'مواجهة الخطاب الإرهابي على الإنترنت بأصوات موثوقة بالشراكة مع المجتمع المدني.',
      },
      pillars: ['I'],
      resolutions: [2354],
      actions: [
        { owner: 'office', text: { en: 'Run a regional workshop on counter-narratives' }, outcome: done(120) },
        { owner: 'MA', text: { fr: 'Lancer une campagne nationale de contre-discours' }, outcome: done(330) },
        {
          owner: 'EG',
          text: { en: 'Set up a counter-narrative unit' },
          outcome: dropped(200, 'Covered by the national strategy adopted in 2024.'),
        },
      ],
    },
    {
      text: {
        en: 'Protect critical infrastructure and soft targets against terrorist attacks.',
        fr: 'Protéger les infrastructures critiques et les cibles vulnérables contre les attaques terroristes.',
      },
      pillars: ['III'],
      resolutions: [2341],
      actions: [
        { owner: 'KE', text: { en: 'Adopt a list of critical infrastructure and its protection plans' }, outcome: done(250) },
        { owner: 'org:UNDP', text: { en: 'Support the risk assessment of energy sites' }, outcome: done(180) },
      ],
    },
    {
      text: {
        en: 'Prevent terrorists from acquiring small arms and light weapons, including through better stockpile management.',
        fr: 'Empêcher les terroristes d’acquérir des armes légères et de petit calibre, notamment par une meilleure gestion des stocks.',
      },
      pillars: ['II'],
      resolutions: [2370],
      actions: [
        { owner: 'NE/police', text: { fr: 'Marquer et enregistrer les armes saisies' }, outcome: done(400) },
        { owner: 'TD/police', text: { fr: 'Créer un registre national des armes' }, outcome: progress(300) },
      ],
    },
    {
      text: {
        en: 'Speed up mutual legal assistance and extradition in terrorism cases through central authorities.',
        fr: 'Accélérer l’entraide judiciaire et l’extradition dans les affaires de terrorisme grâce aux autorités centrales.',
      },
      pillars: ['IV'],
      resolutions: [2322],
      actions: [
        { owner: 'SN', text: { fr: 'Désigner l’autorité centrale et publier ses coordonnées' }, outcome: done(200) },
        { owner: 'ML', text: { fr: 'Adopter la loi sur l’entraide judiciaire' }, outcome: planned() },
        { owner: 'office', text: { en: 'Publish a directory of central authorities' }, outcome: done(60) },
      ],
      carriedThen: [progress(150)],
    },
    {
      text: {
        en: 'Prosecute, rehabilitate and reintegrate returning foreign terrorist fighters and their families.',
        fr: 'Poursuivre, réhabiliter et réintégrer les combattants terroristes étrangers de retour et leurs familles.',
      },
      pillars: ['II', 'IV'],
      resolutions: [2178, 2396],
      actions: [
        { owner: 'NG', text: { en: 'Adopt a screening and referral process for returnees' }, outcome: progress(250) },
        { owner: 'org:UNODC', text: { en: 'Train prosecutors on battlefield evidence' }, outcome: done(240) },
      ],
      carriedThen: [done(300, { text: 'Screening and referral process approved by the National Security Council.' })],
    },
    {
      text: {
        en: 'Investigate the links between terrorism and organised crime, including trafficking in persons.',
        fr: 'Enquêter sur les liens entre le terrorisme et la criminalité organisée, y compris la traite des personnes.',
      },
      pillars: ['II'],
      resolutions: [2482, 2195, 2331],
      actions: [
        { owner: 'CM', text: { fr: 'Créer une équipe d’enquête conjointe' }, outcome: done(390) },
        { owner: 'org:INTERPOL', text: { en: 'Share analysis of trafficking routes' }, outcome: done(150) },
      ],
    },
    {
      text: {
        en: 'Support victims of terrorism and give them a voice in prevention.',
        fr: 'Soutenir les victimes du terrorisme et leur donner une voix dans la prévention.',
        pt: 'Apoiar as vítimas do terrorismo e dar-lhes voz na prevenção.',
      },
      pillars: ['I', 'IV'],
      resolutions: [],
      actions: [
        { owner: 'office', text: { en: 'Invite victims’ associations to the next edition' }, outcome: done(200) },
        { owner: 'TN', text: { fr: 'Créer un fonds d’indemnisation des victimes' }, outcome: done(100) },
      ],
    },
    {
      text: {
        en: 'Protect personal data when sharing information between counter-terrorism agencies.',
        fr: 'Protéger les données personnelles lors des échanges d’informations entre services antiterroristes.',
      },
      pillars: ['III', 'IV'],
      resolutions: [2322],
      actions: [
        {
          owner: 'office',
          text: { en: 'Draft model data-protection clauses' },
          outcome: dropped(90, 'Merged into the 2024 recommendation on prosecution-led investigations.'),
        },
        { owner: 'BF', text: { fr: 'Adopter un protocole d’échange de données' }, outcome: done(300) },
      ],
    },
  ],
  3: [
    {
      text: {
        en: 'Move to prosecution-led investigations, with prosecutors involved from the first steps.',
        fr: 'Passer à des enquêtes dirigées par le parquet, le procureur intervenant dès les premiers actes.',
      },
      pillars: ['IV'],
      resolutions: [1373, 2322],
      actions: [
        { owner: 'MA/prosecution', text: { fr: 'Diffuser une circulaire aux parquets' }, outcome: done(200) },
        { owner: 'CI/prosecution', text: { fr: 'Créer un pôle antiterroriste au parquet' }, outcome: progress(120) },
      ],
      carriedThen: [done(200, { text: 'Pôle antiterroriste créé par décret.' })],
    },
    {
      text: {
        en: 'Build watch lists of foreign terrorist fighters with biometric data, and share them through INTERPOL.',
        fr: 'Constituer des listes de surveillance des combattants terroristes étrangers avec des données biométriques et les partager via INTERPOL.',
      },
      pillars: ['II'],
      resolutions: [2396],
      actions: [
        {
          owner: 'NG',
          text: { en: 'Enrol the watch list in the national biometric system' },
          outcome: done(150, { url: 'https://example.org/ng/biometric-watch-list-report' }),
        },
        { owner: 'KE/border_and_immigration', text: { en: 'Deploy biometric checks at the main airports' }, outcome: done(330) },
        { owner: 'org:INTERPOL', text: { en: 'Train the national central bureaux' }, outcome: done(100) },
      ],
    },
    {
      text: {
        en: 'Strengthen aviation security against terrorist threats, including insider threats.',
        fr: 'Renforcer la sûreté de l’aviation face aux menaces terroristes, y compris les menaces internes.',
      },
      pillars: ['II', 'III'],
      resolutions: [2309],
      actions: [
        { owner: 'office', text: { en: 'Add aviation security to the border course' }, outcome: done(80) },
        { owner: 'SN', text: { fr: 'Réaliser un audit de la sûreté aéroportuaire' }, outcome: planned() },
      ],
    },
    {
      text: {
        en: 'Assess the risk of abuse of non-profit organisations for terrorist financing, without hindering legitimate work.',
        fr: 'Évaluer le risque d’utilisation abusive des organismes à but non lucratif pour le financement du terrorisme, sans entraver leur action légitime.',
      },
      pillars: ['II', 'IV'],
      resolutions: [2462],
      actions: [
        { owner: 'NG/financial_intelligence_unit', text: { en: 'Complete the sector risk assessment' }, outcome: done(380) },
        {
          owner: 'GH/financial_intelligence_unit',
          text: { en: 'Publish guidance for non-profit organisations' },
          outcome: progress(200),
        },
      ],
    },
    {
      text: {
        en: 'Involve communities, religious leaders and youth in preventing violent extremism.',
        fr: 'Associer les communautés, les chefs religieux et les jeunes à la prévention de l’extrémisme violent.',
        ar: 'إشراك المجتمعات المحلية والقيادات الدينية والشباب في منع التطرف العنيف.',
      },
      pillars: ['I'],
      resolutions: [],
      actions: [
        { owner: 'office', text: { en: 'Map community engagement programmes' }, outcome: done(150) },
        { owner: 'org:UNDP', text: { en: 'Fund local prevention projects' }, outcome: progress(260) },
      ],
    },
    {
      text: {
        en: 'Train national trainers so that courses are repeated at home (training of trainers).',
        fr: 'Former des formateurs nationaux afin que les formations soient démultipliées dans chaque pays.',
        pt: 'Formar formadores nacionais para que os cursos sejam repetidos em cada país.',
      },
      pillars: ['III'],
      resolutions: [],
      actions: [
        { owner: 'office', text: { en: 'Run two training-of-trainers courses a year' }, outcome: done(300) },
        {
          owner: 'ET',
          text: { en: 'Set up a national pool of trainers' },
          outcome: dropped(120, 'The training academy was reorganised; to be proposed again in 2025.'),
        },
      ],
    },
    {
      text: {
        en: 'Mainstream gender in counter-terrorism training and operations.',
        fr: 'Intégrer la dimension de genre dans les formations et les opérations antiterroristes.',
      },
      pillars: ['I', 'IV'],
      resolutions: [2242],
      actions: [
        { owner: 'TN', text: { fr: 'Former les formateurs à l’approche genre' }, outcome: done(250) },
        { owner: 'MR', text: { fr: 'Nommer des conseillères genre dans les services' }, outcome: planned() },
      ],
      carriedThen: [progress(120)],
    },
    {
      text: {
        en: 'Evaluate the Platform’s results and report them at each edition.',
        fr: 'Évaluer les résultats de la Plateforme et en rendre compte à chaque édition.',
      },
      pillars: ['III'],
      resolutions: [],
      actions: [{ owner: 'office', text: { en: 'Publish the follow-through report' }, outcome: done(330) }],
    },
  ],
  4: [
    {
      text: {
        en: 'Prepare for the use of artificial intelligence and emerging technologies by terrorists and by counter-terrorism agencies.',
        fr: 'Se préparer à l’utilisation de l’intelligence artificielle et des technologies émergentes par les terroristes et par les services antiterroristes.',
      },
      pillars: ['II', 'III'],
      resolutions: [2617],
      actions: [
        { owner: 'office', text: { en: 'Develop a course on emerging technologies' }, outcome: done(300) },
        { owner: 'org:CTED', text: { en: 'Share the findings of the technology trends report' }, outcome: done(200) },
      ],
    },
    {
      text: {
        en: 'Counter the use of unmanned aircraft systems by terrorist groups.',
        fr: 'Contrer l’utilisation de systèmes d’aéronefs sans pilote par les groupes terroristes.',
        ar: 'مواجهة استخدام الجماعات الإرهابية للطائرات المسيّرة.',
      },
      pillars: ['II'],
      resolutions: [2370],
      actions: [
        { owner: 'MA', text: { fr: 'Adopter une réglementation des drones civils' }, outcome: done(330) },
        { owner: 'NG', text: { en: 'Equip the police with counter-drone systems' }, outcome: planned() },
      ],
    },
    {
      text: {
        en: 'Adopt or update national counter-terrorism strategies that comply with international law.',
        fr: 'Adopter ou mettre à jour des stratégies nationales de lutte contre le terrorisme conformes au droit international.',
      },
      pillars: ['III', 'IV'],
      resolutions: [1373],
      actions: [
        { owner: 'SN', text: { fr: 'Valider la stratégie nationale' }, outcome: done(150) },
        { owner: 'CD', text: { fr: 'Lancer l’élaboration de la stratégie nationale' }, outcome: planned() },
        { owner: 'BJ', text: { fr: 'Organiser l’atelier de rédaction' }, outcome: done(380) },
      ],
    },
    {
      text: {
        en: 'Strengthen cross-border cooperation between the security services of the Sahel.',
        fr: 'Renforcer la coopération transfrontalière entre les services de sécurité du Sahel.',
      },
      pillars: ['II'],
      resolutions: [2178],
      actions: [
        {
          owner: 'ML',
          text: { fr: 'Signer les accords de poursuite transfrontalière' },
          outcome: dropped(90, 'Withdrawal from the regional force.'),
        },
        { owner: 'NE', text: { fr: 'Créer des patrouilles mixtes' }, outcome: progress(100) },
        { owner: 'BF', text: { fr: 'Mettre en place des points de contact frontaliers' }, outcome: planned() },
      ],
    },
    {
      text: {
        en: 'Detect and disrupt terrorist financing through virtual assets.',
        fr: 'Détecter et entraver le financement du terrorisme au moyen d’actifs virtuels.',
      },
      pillars: ['II'],
      resolutions: [2462],
      actions: [
        { owner: 'KE/financial_intelligence_unit', text: { en: 'Register virtual asset service providers' }, outcome: done(180) },
        { owner: 'org:UNODC', text: { en: 'Train investigators on blockchain analysis' }, outcome: done(250) },
      ],
    },
    {
      text: {
        en: 'Investigate trafficking in persons that finances or serves terrorist groups.',
        fr: 'Enquêter sur la traite des personnes qui finance les groupes terroristes ou les sert.',
      },
      pillars: ['II', 'IV'],
      resolutions: [2331],
      actions: [
        {
          owner: 'NG/police',
          text: { en: 'Create a joint trafficking and terrorism desk' },
          outcome: done(280, {
            text: 'Desk set up at Force Headquarters, Abuja; staffing order attached to the follow-up report.',
          }),
        },
        { owner: 'GH', text: { en: 'Amend the trafficking law' }, outcome: done(210) },
      ],
    },
    {
      text: {
        en: 'Protect places of worship, schools and public events against attacks.',
        fr: 'Protéger les lieux de culte, les écoles et les manifestations publiques contre les attaques.',
      },
      pillars: ['III'],
      resolutions: [2341],
      actions: [
        { owner: 'office', text: { en: 'Publish a guide on protecting soft targets' }, outcome: done(90) },
        { owner: 'CI', text: { fr: 'Élaborer un plan de protection des sites sensibles' }, outcome: planned() },
      ],
    },
    {
      text: {
        en: 'Give young people a role in prevention programmes.',
        fr: 'Donner aux jeunes un rôle dans les programmes de prévention.',
        pt: 'Dar aos jovens um papel nos programas de prevenção.',
      },
      pillars: ['I'],
      resolutions: [],
      actions: [
        { owner: 'TG', text: { fr: 'Créer un conseil national de la jeunesse pour la prévention' }, outcome: progress(200) },
        { owner: 'org:UNDP', text: { en: 'Fund youth-led prevention projects' }, outcome: done(160) },
      ],
    },
  ],
};
