/**
 * Fictional but plausible names for the demo history, by the naming traditions of the engaged
 * states. Arabic names carry their original script, so that search by either works.
 */

export type NamePool = {
  women: string[];
  men: string[];
  families: string[];
  /** Latin spelling → Arabic script, for the names of this pool that have one. */
  arabic?: Record<string, string>;
  /** Agency names in the state's working language, by agency type. */
  language: 'fr' | 'en' | 'pt' | 'ar';
};

const maghrebArabic: Record<string, string> = {
  Mohamed: 'محمد',
  Ahmed: 'أحمد',
  Youssef: 'يوسف',
  Omar: 'عمر',
  Khalid: 'خالد',
  Hassan: 'حسن',
  Karim: 'كريم',
  Rachid: 'رشيد',
  Said: 'سعيد',
  Mustapha: 'مصطفى',
  Abdelaziz: 'عبد العزيز',
  Hamza: 'حمزة',
  Fatima: 'فاطمة',
  Khadija: 'خديجة',
  Amina: 'أمينة',
  Nadia: 'نادية',
  Samira: 'سميرة',
  Leila: 'ليلى',
  Salma: 'سلمى',
  Houda: 'هدى',
  'El Amrani': 'العمراني',
  Benali: 'بنعلي',
  'El Idrissi': 'الإدريسي',
  Bennani: 'بناني',
  Alaoui: 'العلوي',
  Tazi: 'التازي',
  Berrada: 'برادة',
  Chraibi: 'الشرايبي',
  Haddad: 'حداد',
  Mansouri: 'المنصوري',
  Bouazizi: 'البوعزيزي',
  Saidi: 'السعيدي',
  Belkacem: 'بلقاسم',
  Zerrouki: 'زروقي',
  Hamdi: 'حمدي',
  Trabelsi: 'الطرابلسي',
};

const maghreb: NamePool = {
  language: 'fr',
  men: ['Mohamed', 'Ahmed', 'Youssef', 'Omar', 'Khalid', 'Hassan', 'Karim', 'Rachid', 'Said', 'Mustapha', 'Abdelaziz', 'Hamza'],
  women: ['Fatima', 'Khadija', 'Amina', 'Nadia', 'Samira', 'Leila', 'Salma', 'Houda'],
  families: [
    'El Amrani',
    'Benali',
    'El Idrissi',
    'Bennani',
    'Alaoui',
    'Tazi',
    'Berrada',
    'Chraibi',
    'Haddad',
    'Mansouri',
    'Bouazizi',
    'Saidi',
    'Belkacem',
    'Zerrouki',
    'Hamdi',
    'Trabelsi',
  ],
  arabic: maghrebArabic,
};

const egyptSudan: NamePool = {
  language: 'en',
  men: ['Mohamed', 'Ahmed', 'Mahmoud', 'Mostafa', 'Tarek', 'Hossam', 'Osman', 'Abdelrahman', 'Ibrahim', 'Sherif'],
  women: ['Mona', 'Heba', 'Dina', 'Rania', 'Amal', 'Nour', 'Eman', 'Sara'],
  families: ['Abdelrahman', 'El Sayed', 'Hassan', 'Mostafa', 'Farouk', 'Osman', 'Elnour', 'Abdalla', 'Hamid', 'Salah', 'Fathi'],
  arabic: {
    Mohamed: 'محمد',
    Ahmed: 'أحمد',
    Mahmoud: 'محمود',
    Mostafa: 'مصطفى',
    Tarek: 'طارق',
    Hossam: 'حسام',
    Osman: 'عثمان',
    Abdelrahman: 'عبد الرحمن',
    Ibrahim: 'إبراهيم',
    Sherif: 'شريف',
    Mona: 'منى',
    Heba: 'هبة',
    Dina: 'دينا',
    Rania: 'رانيا',
    Amal: 'أمل',
    Nour: 'نور',
    Eman: 'إيمان',
    Sara: 'سارة',
    'El Sayed': 'السيد',
    Hassan: 'حسن',
    Farouk: 'فاروق',
    Elnour: 'النور',
    Abdalla: 'عبد الله',
    Hamid: 'حامد',
    Salah: 'صلاح',
    Fathi: 'فتحي',
  },
};

const sahelFrancophone: NamePool = {
  language: 'fr',
  men: [
    'Mamadou',
    'Amadou',
    'Ibrahim',
    'Moussa',
    'Oumar',
    'Boubacar',
    'Souleymane',
    'Abdoulaye',
    'Issa',
    'Seydou',
    'Adama',
    'Yacouba',
  ],
  women: ['Aïssata', 'Mariam', 'Fatoumata', 'Kadiatou', 'Aminata', 'Ramatou', 'Hawa', 'Salimata'],
  families: [
    'Traoré',
    'Diallo',
    'Coulibaly',
    'Keïta',
    'Ouédraogo',
    'Sawadogo',
    'Maïga',
    'Touré',
    'Cissé',
    'Sanogo',
    'Diarra',
    'Issoufou',
  ],
};

const mauritania: NamePool = {
  language: 'fr',
  men: ['Mohamed', 'Ahmed', 'Sidi', 'Cheikh', 'Brahim', 'Moctar', 'El Hacen'],
  women: ['Mariem', 'Aïchetou', 'Khadijetou', 'Zeinabou', 'Vatimetou'],
  families: ['Ould Ahmed', 'Ould Sidi', 'Ould Cheikh', 'Ould Mohamed', 'Mint Ahmed', 'Ould Brahim', 'Ould Abdallahi'],
  arabic: {
    Mohamed: 'محمد',
    Ahmed: 'أحمد',
    Sidi: 'سيدي',
    Cheikh: 'الشيخ',
    Brahim: 'ابراهيم',
    Moctar: 'المختار',
    'El Hacen': 'الحسن',
    Mariem: 'مريم',
    Aïchetou: 'عيشتو',
    Khadijetou: 'خديجتو',
    Zeinabou: 'زينبو',
    Vatimetou: 'فاطمتو',
    'Ould Ahmed': 'ولد أحمد',
    'Ould Sidi': 'ولد سيدي',
    'Ould Cheikh': 'ولد الشيخ',
    'Ould Mohamed': 'ولد محمد',
    'Mint Ahmed': 'منت أحمد',
    'Ould Brahim': 'ولد ابراهيم',
    'Ould Abdallahi': 'ولد عبد الله',
  },
};

const coastalFrancophone: NamePool = {
  language: 'fr',
  men: ['Kouassi', 'Koffi', 'Yao', 'Serge', 'Jean-Baptiste', 'Komlan', 'Mensah', 'Cheikh', 'Ousmane', 'Pape', 'Modou'],
  women: ['Adjoua', 'Akissi', 'Awa', 'Ndeye', 'Aminata', 'Afi', 'Marie-Claire', 'Rokhaya'],
  families: [
    'Kouamé',
    "N'Guessan",
    'Konan',
    'Agbodjan',
    'Hounkpatin',
    'Ndiaye',
    'Diop',
    'Sow',
    'Fall',
    'Gueye',
    'Adjovi',
    'Lawson',
  ],
};

const central: NamePool = {
  language: 'fr',
  men: ['Jean', 'Paul', 'Emmanuel', 'Christian', 'Hervé', 'Patrick', 'Mahamat', 'Idriss', 'Alain', 'Blaise'],
  women: ['Marie', 'Brigitte', 'Clarisse', 'Hadjé', 'Solange', 'Prisca', 'Nadège'],
  families: ['Mbarga', 'Nkodo', 'Essomba', 'Ngoma', 'Mahamat', 'Abakar', 'Mboumba', 'Ndong', 'Yakité', 'Nzapali'],
};

const nigeriaGhana: NamePool = {
  language: 'en',
  men: ['Chinedu', 'Musa', 'Emeka', 'Abubakar', 'Tunde', 'Kwame', 'Kofi', 'Yaw', 'Ibrahim', 'Olumide', 'Samuel', 'Usman'],
  women: ['Aisha', 'Ngozi', 'Funmilayo', 'Zainab', 'Ama', 'Akosua', 'Chiamaka', 'Hauwa', 'Efua'],
  families: [
    'Okafor',
    'Bello',
    'Abubakar',
    'Adeyemi',
    'Okonkwo',
    'Mensah',
    'Boateng',
    'Owusu',
    'Danjuma',
    'Eze',
    'Asante',
    'Yusuf',
  ],
};

const eastAfrica: NamePool = {
  language: 'en',
  men: ['Otieno', 'Kamau', 'Mwangi', 'Abdi', 'Hassan', 'Tesfaye', 'Dawit', 'Joseph', 'Emmanuel', 'Juma', 'Baraka', 'Farah'],
  women: ['Wanjiru', 'Achieng', 'Amina', 'Hodan', 'Tigist', 'Grace', 'Rehema', 'Faith', 'Halima'],
  families: [
    'Ochieng',
    'Kariuki',
    'Njoroge',
    'Mohamed',
    'Warsame',
    'Alemu',
    'Bekele',
    'Mutua',
    'Mwakasege',
    'Nsubuga',
    'Okello',
    'Haji',
  ],
};

const southern: NamePool = {
  language: 'en',
  men: ['Thabo', 'Sipho', 'Tendai', 'Blessing', 'Kagiso', 'Mpho', 'Chipo', 'Lungile'],
  women: ['Nomvula', 'Thandiwe', 'Naledi', 'Rutendo', 'Lerato', 'Precious'],
  families: ['Dlamini', 'Nkosi', 'Moyo', 'Ndlovu', 'Mokoena', 'Banda', 'Phiri', 'Mbeki', 'Sithole'],
};

const lusophone: NamePool = {
  language: 'pt',
  men: ['João', 'Domingos', 'António', 'Manuel', 'Armando', 'Celestino', 'Adilson', 'Nelson'],
  women: ['Maria', 'Ana', 'Isabel', 'Esperança', 'Celeste', 'Filomena', 'Luísa'],
  families: ['Santos', 'Silva', 'Mendes', 'Gomes', 'Fernandes', 'Cabral', 'Tavares', 'Lopes', 'Monteiro', 'Vaz'],
};

/** The naming tradition behind each engaged state's officials. */
export const namePoolOf: Record<string, NamePool> = {
  MA: maghreb,
  DZ: maghreb,
  TN: maghreb,
  LY: { ...maghreb, language: 'en' },
  EG: egyptSudan,
  SD: egyptSudan,
  MR: mauritania,
  ML: sahelFrancophone,
  BF: sahelFrancophone,
  NE: sahelFrancophone,
  GN: sahelFrancophone,
  CI: coastalFrancophone,
  SN: coastalFrancophone,
  TG: coastalFrancophone,
  BJ: coastalFrancophone,
  CM: central,
  TD: central,
  CF: central,
  GA: central,
  CD: central,
  NG: nigeriaGhana,
  GH: nigeriaGhana,
  SL: nigeriaGhana,
  GM: nigeriaGhana,
  LR: nigeriaGhana,
  KE: eastAfrica,
  SO: eastAfrica,
  ET: eastAfrica,
  UG: eastAfrica,
  TZ: eastAfrica,
  DJ: { ...eastAfrica, language: 'fr' },
  ZA: southern,
  MZ: lusophone,
  CV: lusophone,
};

export const engagedStates = Object.keys(namePoolOf);

/** Agency names per working language and agency type. */
export const agencyNames: Record<NamePool['language'], Record<string, string>> = {
  fr: {
    police: 'Direction Générale de la Police Nationale',
    gendarmerie: 'Gendarmerie Nationale',
    intelligence: 'Agence Nationale de Renseignement',
    border_and_immigration: 'Direction de la Surveillance du Territoire et des Frontières',
    prosecution: 'Pôle Judiciaire Spécialisé de Lutte contre le Terrorisme',
    financial_intelligence_unit: 'Cellule Nationale de Traitement des Informations Financières',
    prisons: "Direction de l'Administration Pénitentiaire",
    ct_coordination_body: 'Comité National de Coordination de la Lutte contre le Terrorisme',
  },
  en: {
    police: 'National Police Service — Counter-Terrorism Unit',
    intelligence: 'National Intelligence Service',
    border_and_immigration: 'Immigration and Border Management Service',
    prosecution: 'Office of the Director of Public Prosecutions — Terrorism Division',
    financial_intelligence_unit: 'Financial Intelligence Centre',
    prisons: 'Correctional Service',
    ct_coordination_body: 'National Counter-Terrorism Centre',
    customs: 'Revenue Authority — Customs Services',
  },
  pt: {
    police: 'Polícia Nacional',
    intelligence: 'Serviço de Informações do Estado',
    border_and_immigration: 'Serviço de Migração e Fronteiras',
    prosecution: 'Procuradoria-Geral da República',
    financial_intelligence_unit: 'Unidade de Informação Financeira',
    prisons: 'Serviço Nacional Penitenciário',
  },
  ar: {
    police: 'المديرية العامة للأمن الوطني',
    intelligence: 'جهاز المخابرات العامة',
    border_and_immigration: 'الإدارة العامة للجوازات والهجرة',
    prosecution: 'النيابة العامة المختصة بقضايا الإرهاب',
    financial_intelligence_unit: 'وحدة التحريات المالية',
  },
};
