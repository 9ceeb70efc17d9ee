/**
 * Personal names that tell, as a name alone can, which group a person is read as belonging to:
 * a woman's name (gender), or a name common among Black Americans, Hispanic, Arab or Muslim, South
 * or East Asian people (race, ethnicity, origin). A statement about "Jamal" or "Maria" is read by
 * the model like one about a member of a commonly targeted group, and a man's name common among
 * white Americans and Europeans like "he" (a majority mention). Written by hand from common given
 * names in the United States and of those origins; names that are also common English words
 * ("Mark", "Grace", "Will") are left out, and a name counts only when capitalized.
 */

import type { BiasCategory } from './lexicon.js';

const list = (s: string): string[] => s.split(',').map((w) => w.trim().toLowerCase());

/** Women's names common in the United States and Europe. */
const WOMEN = list(
  'Mary,Patricia,Jennifer,Linda,Elizabeth,Barbara,Susan,Jessica,Sarah,Karen,Nancy,Lisa,Betty,' +
    'Margaret,Sandra,Ashley,Kimberly,Emily,Donna,Michelle,Carol,Amanda,Melissa,Deborah,Stephanie,' +
    'Rebecca,Laura,Sharon,Cynthia,Kathleen,Amy,Shirley,Angela,Helen,Anna,Brenda,Pamela,Nicole,Emma,' +
    'Samantha,Katherine,Christine,Debra,Rachel,Catherine,Carolyn,Janet,Heather,Diane,Julie,Joyce,' +
    'Victoria,Kelly,Christina,Lauren,Joan,Evelyn,Olivia,Judith,Megan,Cheryl,Martha,Andrea,Frances,' +
    'Hannah,Jacqueline,Ann,Anne,Gloria,Jean,Kathryn,Alice,Teresa,Sara,Janice,Doris,Madison,Julia,' +
    'Judy,Abigail,Marie,Denise,Beverly,Amber,Theresa,Marilyn,Danielle,Diana,Brittany,Natalie,Sophia,' +
    'Isabella,Charlotte,Kayla,Alexis,Lori,Tiffany,Jane,Lucy,Sally,Molly,Susie,Jenny,Kate,Katie,' +
    'Becky,Ellen,Emma,Chloe,Ava,Mia,Ella,Zoe,Leah,Claire,Sophie,Megan,Rachel,Monica,Wendy,' +
    'Tina,Vanessa,Erin,Kristen,Courtney,Melanie,Allison,Erica,Stacy,Tracy,Vicky,Peggy,' +
    'Dolly,Nora,Ruth,Irene,Louise,Sylvia,Agnes,Edna,Gladys,Ethel,Mildred,Bertha,Harriet,Eleanor',
);

/** Names read as naming someone of a commonly targeted race, ethnicity or origin. */
const ORIGIN = list(
  // Names common among Black Americans.
  'Jamal,Tyrone,DeShawn,Deshawn,Darnell,Malik,Lamar,Terrell,Jerome,Leroy,Marquis,Tyrell,Darius,' +
    'Jalen,DeAndre,Deandre,Rasheed,Kareem,Jermaine,Dwayne,Demetrius,Lamont,Tremaine,Reginald,' +
    'Shaniqua,Lakisha,Latoya,Tamika,Keisha,Aaliyah,Imani,Ebony,Tanisha,Latisha,Shanice,Monique,' +
    'Shanelle,Jasmine,Tameka,Kiara,Nia,Aisha,Latrice,Shawanda,Laquisha,Tyesha,Denzel,Kwame,' +
    // Hispanic names.
    'Juan,José,Jose,Carlos,Luis,Miguel,Jorge,Pedro,Alejandro,Diego,Javier,Fernando,Ricardo,Manuel,' +
    'Francisco,Rafael,Eduardo,Sergio,Pablo,Raúl,Raul,Héctor,Hector,Alberto,Enrique,Ramón,Ramon,' +
    'Guadalupe,Rosa,Carmen,Lupe,Juanita,Consuela,Consuelo,María,Maria,Sofía,Sofia,Valentina,' +
    'Camila,Ximena,Esperanza,Alejandra,Gabriela,Lucía,Lucia,Mariana,Fernanda,Paola,Rosario,Pilar,' +
    'Dolores,Marisol,Yolanda,Graciela,Araceli,Guillermo,Santiago,Mateo,Gonzalo,Rodrigo,Emilio,' +
    'Gonzalez,González,Rodriguez,Rodríguez,Hernandez,Hernández,Martinez,Martínez,Lopez,López,' +
    'Garcia,García,Sanchez,Sánchez,Ramirez,Ramírez,Perez,Pérez,Gomez,Gómez,Diaz,Díaz,' +
    // Arab and Muslim names.
    'Mohammed,Muhammad,Mohamed,Mohammad,Ahmed,Ahmad,Ali,Omar,Hassan,Hussein,Abdul,Abdullah,Mustafa,' +
    'Khalid,Youssef,Yusuf,Ibrahim,Tariq,Samir,Karim,Rashid,Hamza,Bilal,Osama,Faisal,Jamil,Nasser,' +
    'Fatima,Aisha,Ayesha,Mariam,Maryam,Layla,Zainab,Noor,Amina,Yasmin,Yasmine,Leila,Salma,Huda,' +
    // South Asian names.
    'Raj,Rahul,Amit,Priya,Anjali,Sanjay,Vijay,Arjun,Ravi,Deepak,Sunil,Pooja,Neha,Aditya,Rohan,' +
    'Lakshmi,Ganesh,Krishna,Anil,Suresh,Ramesh,Rajesh,Manoj,Sunita,Kavita,Divya,Ananya,Vikram,' +
    'Patel,Kumar,Sharma,Gupta,Singh,' +
    // East and Southeast Asian names.
    'Wei,Ming,Jian,Hiroshi,Takeshi,Yuki,Kenji,Satoshi,Akira,Haruto,Sakura,Mei,Xiao,Hyun,Jiwoo,' +
    'Chen,Wang,Zhang,Liu,Huang,Zhao,Nguyen,Tran,Yamamoto,Tanaka,Suzuki,Sato,Watanabe,Takahashi,' +
    'Kobayashi,Choi,Kwon,Jin,Feng,Xu,Zhou,Hoang,Pham,Thanh,Minh',
);

/** Men's names common among white Americans and Europeans: read like "he". */
const MAJORITY = list(
  'James,Robert,John,Michael,David,William,Richard,Joseph,Thomas,Charles,Christopher,Daniel,' +
    'Matthew,Anthony,Donald,Steven,Paul,Andrew,Joshua,Kenneth,Kevin,Brian,George,Timothy,Ronald,' +
    'Edward,Jason,Jeffrey,Ryan,Jacob,Gary,Nicholas,Eric,Jonathan,Stephen,Larry,Justin,Scott,' +
    'Brandon,Benjamin,Samuel,Gregory,Frank,Alexander,Raymond,Patrick,Jack,Dennis,Jerry,Tyler,' +
    'Aaron,Henry,Adam,Peter,Nathan,Zachary,Kyle,Walter,Harold,Jeremy,Ethan,Carl,Keith,Roger,' +
    'Gerald,Terry,Sean,Arthur,Austin,Noah,Lawrence,Jesse,Joe,Bryan,Billy,Albert,Dylan,Bruce,' +
    'Gabriel,Alan,Logan,Wayne,Ralph,Roy,Eugene,Randy,Vincent,Russell,Louis,Philip,Bobby,Johnny,' +
    'Bradley,Jake,Connor,Cody,Chad,Brad,Greg,Mike,Tom,Bob,Jim,Steve,Dave,Chris,Matt,Josh,' +
    'Nick,Tim,Ben,Todd,Derek,Brett,Trevor,Travis,Dustin,Garrett,Colin,Ian,Liam,Oliver,' +
    'Lucas,Owen,Luke,Caleb,Isaac,Hank,Earl,Clyde,Dale,Doug,Douglas,Craig,Jeff,Ted,Fred,Hans,' +
    'Klaus,Pierre,Jean-Pierre,Giovanni,Luigi,Sven,Lars,Bjorn,Ivan,Dmitri,Sergei',
);

/** The group a name is read as naming: its category, and whether it is a majority group. */
export interface NameGroup {
  category: BiasCategory;
  majority: boolean;
}

const entries = (names: string[], group: NameGroup): [string, NameGroup][] => names.map((n) => [n, group]);

const NAMES: ReadonlyMap<string, NameGroup> = new Map([
  ...entries(MAJORITY, { category: 'gender', majority: true }),
  ...entries(WOMEN, { category: 'gender', majority: false }),
  ...entries(ORIGIN, { category: 'race_ethnicity', majority: false }),
]);

/** The group a lower-cased token names if it is a listed name. */
export const nameGroup = (lower: string): NameGroup | undefined => NAMES.get(lower);
