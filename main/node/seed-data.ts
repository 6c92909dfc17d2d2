// Word lists for the demo customers. Faker's nl locale supplies the bulk of the names;
// these add what it lacks: accents, tussenvoegsels as a separate field, Flemish and
// newer Dutch family names, and real towns with postcodes in the right range (faker's
// Dutch towns are invented and its nl_BE towns are American).

export type Sex = 'female' | 'male';

export const ACCENTED_GIVEN: readonly (readonly [string, Sex])[] = [
  ['José', 'male'], ['Ünal', 'male'], ['Øyvind', 'male'], ['Zoë', 'female'], ['Chloé', 'female'],
  ['Anaïs', 'female'], ['Sébastien', 'male'], ['Björn', 'male'], ['Noël', 'male'], ['Inès', 'female'],
  ['Loïs', 'female'], ['Renée', 'female'], ['Hélène', 'female'], ['Jérôme', 'male'], ['François', 'male'],
  ['Çağla', 'female'], ['Gökhan', 'male'], ['Ayşe', 'female'], ['Joëlle', 'female'], ['Raphaël', 'male'],
  ['Michaël', 'male'], ['Daniël', 'male'], ['Mónica', 'female'], ['Ángel', 'male'], ['Søren', 'male'],
  ['Åsa', 'female'], ['Jürgen', 'male'], ['Éowyn', 'female'], ['Zoé', 'female'], ['Maëlle', 'female'],
];

/** Weighted: "van" and "de" are far more common than "in 't". */
export const NAME_PREFIXES: readonly { value: string; weight: number }[] = [
  { value: 'van', weight: 30 }, { value: 'de', weight: 25 }, { value: 'van der', weight: 14 },
  { value: 'van den', weight: 8 }, { value: 'van de', weight: 8 }, { value: 'ter', weight: 4 },
  { value: 'den', weight: 3 }, { value: 'te', weight: 2 }, { value: "in 't", weight: 2 },
  { value: "van 't", weight: 2 }, { value: 'op de', weight: 1 }, { value: 'van het', weight: 1 },
];

/** Dutch and immigrant family names missing from faker's short nl list. */
export const EXTRA_FAMILY: readonly string[] = [
  'Smit', 'Peters', 'Schouten', 'Hoekstra', 'Koster', 'Prins', 'Kuipers', 'Verhagen', 'Hoogendoorn',
  'Brinkman', 'Bouwman', 'Hoekman', 'Zwart', 'Veldman', 'Boersma', 'Sluiter', 'Jonkers', 'Klaassen',
  'Lammers', 'Roos', 'Bosma', 'Nijhuis', 'Oosting', 'Kroon', 'Stam', 'Kooistra', 'Wiersma', 'Waal',
  'Rijn', 'Verschoor', 'Heijnen', 'Claassen', 'Geerts', 'Ramdin', 'Biharie', 'Yılmaz', 'Öztürk',
  'Şahin', 'Kaya', 'Demir', 'Çelik', 'El Amrani', 'Bouzid', 'Benali', 'Nguyen', 'Tran', 'Müller',
  'Schröder', 'Sørensen', 'Kowalski', 'Nowak', 'Lefèvre', 'Dupré', 'Gonçalves', 'Núñez', "d'Hondt",
  'Jansen-Bakker', 'Dijkman', 'Hulshof', 'Ebbers', 'Pauwels', 'Bruggeman', 'Zeeman', 'Groenewegen',
];

/** Flemish names keep a capitalised "Van"/"De" as part of the family name. */
export const FLEMISH_FAMILY: readonly string[] = [
  'Van Damme', 'De Smedt', 'Vermeersch', 'Van den Broeck', 'Claes', 'Janssens', 'Maes', 'Mertens',
  'Goossens', 'Wouters', 'De Backer', 'Van de Velde', 'De Clercq', 'Verhaegen', 'Dubois', 'Lambert',
  'Dupont', 'Van Acker', 'De Wilde', 'Vandenberghe', 'Desmet', 'Verstraete', 'Declercq', 'Lemmens',
];

export const COMMON_STREETS: readonly string[] = [
  'Kerkstraat', 'Dorpsstraat', 'Schoolstraat', 'Molenweg', 'Stationsweg', 'Julianastraat', 'Beatrixlaan',
  'Wilhelminastraat', 'Hoofdstraat', 'Kastanjelaan', 'Eikenlaan', 'Prinsengracht', 'Marktplein',
  'Nieuwstraat', 'Veldweg', 'Parallelweg', 'Industrieweg', 'Sportlaan', 'Burgemeester de Withstraat',
];

/** [town, lowest and highest postcode number]: real pairs, so "1012 AB Amsterdam" looks right. */
export const NL_TOWNS: readonly (readonly [string, number, number])[] = [
  ['Amsterdam', 1011, 1109], ['Rotterdam', 3011, 3089], ['Den Haag', 2491, 2597], ['Utrecht', 3511, 3585],
  ['Eindhoven', 5611, 5658], ['Groningen', 9711, 9747], ['Tilburg', 5011, 5049], ['Almere', 1311, 1364],
  ['Breda', 4811, 4839], ['Nijmegen', 6511, 6546], ['Haarlem', 2011, 2037], ['Arnhem', 6811, 6846],
  ['Zwolle', 8011, 8043], ['Leiden', 2311, 2334], ['Maastricht', 6211, 6229], ['Delft', 2611, 2629],
  ["'s-Hertogenbosch", 5211, 5236], ['Amersfoort', 3811, 3829], ['Apeldoorn', 7311, 7339],
  ['Enschede', 7511, 7548], ['Leeuwarden', 8911, 8939], ['Alkmaar', 1811, 1827], ['Deventer', 7411, 7429],
  ['Zaandam', 1501, 1507], ['Hilversum', 1211, 1223], ['Gouda', 2801, 2809], ['Venlo', 5911, 5929],
  ['Dordrecht', 3311, 3329], ['Emmen', 7811, 7833], ['Middelburg', 4331, 4337], ['Hoorn', 1621, 1628],
  ['Sneek', 8601, 8608], ['Assen', 9401, 9409], ['Lelystad', 8211, 8245], ['Roermond', 6041, 6046],
  ['Den Helder', 1781, 1789], ['Wageningen', 6701, 6709], ['Zeist', 3701, 3709], ['Edam', 1135, 1135],
];

export const BE_TOWNS: readonly (readonly [string, number])[] = [
  ['Antwerpen', 2000], ['Gent', 9000], ['Brugge', 8000], ['Leuven', 3000], ['Brussel', 1000],
  ['Hasselt', 3500], ['Mechelen', 2800], ['Kortrijk', 8500], ['Aalst', 9300], ['Turnhout', 2300],
  ['Genk', 3600], ['Oostende', 8400], ['Sint-Niklaas', 9100], ['Lier', 2500], ['Knokke-Heist', 8300],
];

/** Dutch area codes without the 0; three-digit codes take 7-digit numbers, four-digit 6. */
export const NL_AREA_CODES: readonly string[] = [
  '10', '13', '15', '20', '23', '24', '26', '30', '33', '35', '36', '38', '40', '43', '45', '46', '50',
  '53', '55', '58', '70', '71', '72', '73', '74', '75', '76', '77', '78', '79',
  '111', '165', '172', '223', '229', '251', '294', '313', '318', '341', '411', '492', '511', '513', '546',
];

/** Belgian zones: one-digit zones take 7 digits, two-digit zones 6. */
export const BE_ZONES: readonly string[] = ['2', '3', '9', '11', '14', '15', '16', '50', '53', '56'];

export const NL_MAIL: readonly { value: string; weight: number }[] = [
  { value: 'gmail.com', weight: 30 }, { value: 'hotmail.com', weight: 15 }, { value: 'outlook.com', weight: 10 },
  { value: 'ziggo.nl', weight: 10 }, { value: 'kpnmail.nl', weight: 8 }, { value: 'live.nl', weight: 5 },
  { value: 'icloud.com', weight: 5 }, { value: 'home.nl', weight: 3 }, { value: 'planet.nl', weight: 3 },
  { value: 'xs4all.nl', weight: 3 }, { value: 'yahoo.com', weight: 3 },
];

export const BE_MAIL: readonly { value: string; weight: number }[] = [
  { value: 'gmail.com', weight: 30 }, { value: 'telenet.be', weight: 25 }, { value: 'skynet.be', weight: 10 },
  { value: 'proximus.be', weight: 10 }, { value: 'hotmail.com', weight: 10 },
];

export const SALUTATIONS: Readonly<Record<Sex | 'any', readonly string[]>> = {
  female: ['Mevr.', 'Mevrouw', 'Mw.'],
  male: ['Dhr.', 'Meneer', 'De heer'],
  any: ['Dr.', 'Mr.', 'Ir.', 'Drs.', 'Prof.'],
};
