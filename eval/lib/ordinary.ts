/**
 * Ordinary names for the negative set: people of many nationalities and everyday companies, built
 * from name parts written here (common given names and family names of each country, common
 * company words). None of these lists comes from a sanctions list; the build then removes every
 * generated name that equals or closely resembles a listed name.
 */
import type { Rng } from './prng.js';

export interface OrdinaryName {
  text: string;
  schema: 'Person' | 'Company' | 'Organization' | 'LegalEntity';
  origin: string;
  /** For Korean names: the family name and given-name syllables, to check against listed names. */
  korean?: { surname: string; given: string[] };
}

interface PersonParts {
  origin: string;
  first: readonly string[];
  last: readonly string[];
  /** How a full name is written from a first name, a second first name / middle, a last name. */
  write: (rng: Rng, p: PersonParts) => string;
}

const simple = (rng: Rng, p: PersonParts) => `${rng.pick(p.first)} ${rng.pick(p.last)}`;
const familyFirst = (rng: Rng, p: PersonParts) => `${rng.pick(p.last)} ${rng.pick(p.first)}`;

const RUSSIAN_MALE = ['Aleksandr', 'Dmitry', 'Sergey', 'Andrey', 'Alexey', 'Ivan', 'Mikhail', 'Nikolai', 'Pavel', 'Vladimir', 'Oleg', 'Igor', 'Maxim', 'Artem', 'Roman', 'Yuri', 'Kirill', 'Denis', 'Anton', 'Stanislav'];
const RUSSIAN_FEMALE = ['Anna', 'Elena', 'Olga', 'Natalia', 'Irina', 'Tatiana', 'Svetlana', 'Maria', 'Ekaterina', 'Anastasia', 'Daria', 'Polina', 'Ksenia', 'Marina', 'Yulia'];
const RUSSIAN_SURNAMES = ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Vasiliev', 'Petrov', 'Sokolov', 'Mikhailov', 'Novikov', 'Fedorov', 'Morozov', 'Volkov', 'Lebedev', 'Egorov', 'Pavlov', 'Stepanov', 'Orlov', 'Makarov', 'Nikitin', 'Zakharov', 'Belov', 'Tarasov', 'Komarov', 'Zhukov', 'Gusev', 'Titov', 'Kiselev', 'Baranov', 'Frolov', 'Sorokin'];
const RUSSIAN_PATRONYMIC_ROOTS = ['Ivan', 'Sergey', 'Petr', 'Aleksandr', 'Vladimir', 'Nikolay', 'Dmitri', 'Andrey', 'Mikhail', 'Viktor', 'Oleg', 'Yuri', 'Pavel', 'Igor'];

function russianPatronymic(root: string, female: boolean): string {
  const stem = root.replace(/[yi]$/, '');
  const soft = /[yi]$/.test(root);
  if (soft) return stem + (female ? 'evna' : 'evich');
  return root + (female ? 'ovna' : 'ovich');
}

const PEOPLE: PersonParts[] = [
  {
    origin: 'Korean (RR, South)',
    first: ['Min-jun', 'Seo-yeon', 'Ji-hoon', 'Ha-eun', 'Do-yoon', 'Ji-woo', 'Seo-jun', 'Su-bin', 'Ye-jin', 'Hyun-woo', 'Ji-min', 'Eun-ji', 'Jae-won', 'So-yeon', 'Dong-hyun', 'Yu-na', 'Sung-min', 'Hye-jin', 'Young-ho', 'Mi-kyung', 'Jin-ho', 'Seung-woo', 'Da-eun', 'Tae-yang', 'Ji-ho', 'Hyun-jung', 'Sang-hoon', 'Eun-young', 'Kyung-soo', 'Min-seo', 'Woo-jin', 'Na-yeon', 'Jun-ho', 'Soo-jin', 'Jae-hyun', 'Yeon-woo', 'Chae-won', 'In-ho', 'Hae-won', 'Joon-young', 'Ye-eun', 'Si-woo', 'Ha-yoon', 'Gun-woo', 'Seo-hyun'],
    last: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin', 'Kwon', 'Hwang', 'Ahn', 'Song', 'Yoo', 'Hong', 'Jeon', 'Ko', 'Moon', 'Yang', 'Son', 'Bae', 'Baek', 'Heo', 'Nam', 'Noh'],
    write: (rng, p) => (rng.chance(0.5) ? familyFirst(rng, p) : simple(rng, p)),
  },
  {
    origin: 'Chinese',
    first: ['Wei', 'Fang', 'Xiuying', 'Na', 'Min', 'Jing', 'Lei', 'Qiang', 'Jun', 'Yang', 'Jie', 'Yan', 'Tao', 'Ming', 'Chao', 'Xiaoling', 'Hui', 'Jian', 'Xin', 'Hao', 'Yu', 'Ling', 'Bo', 'Peng', 'Zhiwei', 'Haiyan', 'Xiaoming', 'Jiahui', 'Zihan', 'Yuxuan', 'Shu', 'Kai'],
    last: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Luo', 'Gao', 'Zheng', 'Liang', 'Xie', 'Song', 'Tang', 'Feng', 'Deng', 'Cao', 'Peng', 'Zeng'],
    write: (rng, p) => (rng.chance(0.6) ? familyFirst(rng, p) : simple(rng, p)),
  },
  {
    origin: 'Russian',
    first: [...RUSSIAN_MALE, ...RUSSIAN_FEMALE],
    last: RUSSIAN_SURNAMES,
    write: (rng) => {
      const female = rng.chance(0.4);
      const first = rng.pick(female ? RUSSIAN_FEMALE : RUSSIAN_MALE);
      const last = rng.pick(RUSSIAN_SURNAMES) + (female ? 'a' : '');
      if (rng.chance(0.5)) return `${first} ${last}`;
      const patronymic = russianPatronymic(rng.pick(RUSSIAN_PATRONYMIC_ROOTS), female);
      return rng.chance(0.5) ? `${first} ${patronymic} ${last}` : `${last} ${first} ${patronymic}`;
    },
  },
  {
    origin: 'Ukrainian',
    first: ['Oleksandr', 'Andriy', 'Serhiy', 'Volodymyr', 'Mykola', 'Taras', 'Bohdan', 'Yurii', 'Dmytro', 'Vasyl', 'Ostap', 'Roman', 'Olena', 'Oksana', 'Iryna', 'Nataliia', 'Yuliia', 'Kateryna', 'Halyna', 'Solomiia', 'Khrystyna', 'Marta'],
    last: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boyko', 'Kovalchuk', 'Oliynyk', 'Lysenko', 'Marchenko', 'Savchenko', 'Rudenko', 'Moroz', 'Petrenko', 'Polishchuk', 'Hrytsenko', 'Tkachuk', 'Levchenko', 'Kharchenko', 'Pavlenko', 'Ponomarenko', 'Vlasenko', 'Klymenko'],
    write: simple,
  },
  {
    origin: 'Arabic',
    first: ['Mohammed', 'Ahmed', 'Ali', 'Omar', 'Khalid', 'Youssef', 'Hassan', 'Ibrahim', 'Mahmoud', 'Mustafa', 'Abdullah', 'Tariq', 'Karim', 'Samir', 'Nabil', 'Rami', 'Fadi', 'Ziad', 'Walid', 'Bilal', 'Fatima', 'Aisha', 'Mariam', 'Layla', 'Noor', 'Huda', 'Salma', 'Rania', 'Dina', 'Lina'],
    last: ['Haddad', 'Khoury', 'Nasser', 'Saleh', 'Mansour', 'Hamdan', 'Aziz', 'Farouk', 'Sabbagh', 'Darwish', 'Othman', 'Jaber', 'Barakat', 'Najjar', 'Saad', 'Awad', 'Hijazi', 'Shami', 'Masri', 'Tamimi', 'Kassab', 'Halabi', 'Khatib', 'Bitar', 'Sayegh', 'Qasem', 'Zoubi', 'Shawa', 'Nassar', 'Issa'],
    write: (rng, p) => {
      const male = ['Mohammed', 'Ahmed', 'Ali', 'Omar', 'Khalid', 'Youssef', 'Hassan', 'Ibrahim', 'Mahmoud', 'Mustafa', 'Abdullah', 'Tariq', 'Karim', 'Samir', 'Nabil', 'Rami', 'Fadi', 'Ziad', 'Walid', 'Bilal'];
      return rng.chance(0.6) ? `${rng.pick(p.first)} ${rng.pick(male)} ${rng.pick(p.last)}` : simple(rng, p);
    },
  },
  {
    origin: 'Persian',
    first: ['Reza', 'Mohammad', 'Ali', 'Hossein', 'Mehdi', 'Amir', 'Sara', 'Maryam', 'Zahra', 'Fatemeh', 'Neda', 'Parisa', 'Arash', 'Babak', 'Kamran', 'Dariush', 'Farhad', 'Navid', 'Shirin', 'Leila', 'Kaveh', 'Pouya', 'Niloufar', 'Yasaman'],
    last: ['Ahmadi', 'Hosseini', 'Rezaei', 'Mohammadi', 'Karimi', 'Moradi', 'Jafari', 'Rahimi', 'Hashemi', 'Ebrahimi', 'Kazemi', 'Sadeghi', 'Tehrani', 'Najafi', 'Ghasemi', 'Bagheri', 'Shirazi', 'Farahani', 'Amini', 'Nouri', 'Esfahani', 'Mousavi', 'Kiani', 'Soltani'],
    write: simple,
  },
  {
    origin: 'Turkish',
    first: ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'Murat', 'Emre', 'Burak', 'Elif', 'Zeynep', 'Ayşe', 'Fatma', 'Emine', 'Merve', 'Deniz', 'Can', 'Oğuz', 'Selin', 'Kerem', 'Ece'],
    last: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek', 'Polat', 'Erdem', 'Aksoy', 'Güneş'],
    write: simple,
  },
  {
    origin: 'Indian',
    first: ['Aarav', 'Vivaan', 'Aditya', 'Rahul', 'Amit', 'Rohan', 'Arjun', 'Vikram', 'Sanjay', 'Priya', 'Ananya', 'Kavya', 'Neha', 'Pooja', 'Divya', 'Sunita', 'Deepak', 'Rajesh', 'Suresh', 'Anil', 'Meera', 'Lakshmi', 'Karthik', 'Ishaan'],
    last: ['Sharma', 'Verma', 'Gupta', 'Patel', 'Singh', 'Kumar', 'Reddy', 'Nair', 'Iyer', 'Mehta', 'Joshi', 'Desai', 'Rao', 'Bhat', 'Chopra', 'Malhotra', 'Kapoor', 'Agarwal', 'Banerjee', 'Mukherjee', 'Pillai', 'Menon', 'Saxena', 'Trivedi'],
    write: simple,
  },
  {
    origin: 'Japanese',
    first: ['Haruto', 'Yuto', 'Sota', 'Ren', 'Takumi', 'Hiroshi', 'Kenji', 'Takeshi', 'Yuki', 'Sakura', 'Aoi', 'Yui', 'Hina', 'Mei', 'Akiko', 'Naoko', 'Keiko', 'Daiki', 'Sho', 'Kaito', 'Riku', 'Misaki', 'Yuna', 'Kenta'],
    last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Mori', 'Abe', 'Ikeda', 'Hashimoto', 'Ogawa'],
    write: (rng, p) => (rng.chance(0.4) ? `${rng.pick(p.last).toUpperCase()} ${rng.pick(p.first)}` : simple(rng, p)),
  },
  {
    origin: 'Spanish / Latin American',
    first: ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Alejandro', 'Diego', 'Andrés', 'Javier', 'María', 'Ana', 'Lucía', 'Carmen', 'Sofía', 'Valentina', 'Camila', 'Isabel', 'Gabriela', 'Daniela', 'Fernando', 'Ricardo', 'Paula', 'Mariana'],
    last: ['García', 'Rodríguez', 'Martínez', 'López', 'González', 'Hernández', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Morales', 'Vargas', 'Castro', 'Ortiz', 'Ruiz', 'Mendoza', 'Romero', 'Navarro', 'Herrera', 'Medina', 'Aguilar', 'Rojas'],
    write: (rng, p) => {
      const first = rng.chance(0.3) ? `${rng.pick(p.first)} ${rng.pick(p.first)}` : rng.pick(p.first);
      return `${first} ${rng.pick(p.last)} ${rng.pick(p.last)}`;
    },
  },
  {
    origin: 'English',
    first: ['James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Thomas', 'Emily', 'Sarah', 'Jessica', 'Jennifer', 'Laura', 'Emma', 'Olivia', 'Sophie', 'Daniel', 'Matthew', 'Andrew', 'Christopher', 'Rachel', 'Hannah', 'Oliver', 'Charlotte'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson', 'Thomas', 'Moore', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'Wright', 'Green', 'Baker', 'Cooper'],
    write: (rng, p) => (rng.chance(0.3) ? `${rng.pick(p.first)} ${String.fromCharCode(65 + rng.int(26))}. ${rng.pick(p.last)}` : simple(rng, p)),
  },
  {
    origin: 'German',
    first: ['Lukas', 'Leon', 'Jonas', 'Felix', 'Maximilian', 'Paul', 'Tobias', 'Stefan', 'Jürgen', 'Klaus', 'Anna', 'Lena', 'Julia', 'Katrin', 'Sabine', 'Monika', 'Hannah', 'Lea', 'Uwe', 'Dieter', 'Ursula', 'Greta'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner'],
    write: simple,
  },
  {
    origin: 'French',
    first: ['Jean', 'Pierre', 'Michel', 'Philippe', 'Nicolas', 'Julien', 'Antoine', 'Louis', 'Hugo', 'Mathieu', 'Marie', 'Camille', 'Chloé', 'Léa', 'Manon', 'Claire', 'Sophie', 'Élodie', 'Nathalie', 'Isabelle', 'Théo', 'Margaux'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert'],
    write: (rng, p) => (rng.chance(0.25) ? `${rng.pick(p.first)}-${rng.pick(p.first)} ${rng.pick(p.last)}` : simple(rng, p)),
  },
  {
    origin: 'Nigerian',
    first: ['Chinedu', 'Emeka', 'Oluwaseun', 'Adebayo', 'Tunde', 'Ifeanyi', 'Chukwuemeka', 'Babatunde', 'Obinna', 'Uche', 'Ngozi', 'Chiamaka', 'Funmilayo', 'Amaka', 'Yetunde', 'Folake', 'Adaeze', 'Kelechi', 'Temitope', 'Damilola', 'Segun', 'Nkechi'],
    last: ['Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Ogunleye', 'Nwosu', 'Olawale', 'Okeke', 'Obi', 'Nnamdi', 'Bello', 'Chukwu', 'Onyeka', 'Afolabi', 'Ogbonna', 'Adewale', 'Oyelaran', 'Nwachukwu', 'Adeleke', 'Ekwueme', 'Oladipo'],
    write: simple,
  },
  {
    origin: 'Vietnamese',
    first: ['Anh', 'Binh', 'Cuong', 'Dung', 'Hai', 'Hieu', 'Hung', 'Khanh', 'Linh', 'Long', 'Mai', 'Nam', 'Phuong', 'Quan', 'Son', 'Thao', 'Trang', 'Tuan', 'Vy', 'Yen', 'Huong', 'Duc'],
    last: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Phan', 'Vu', 'Dang', 'Bui', 'Do', 'Ho', 'Ngo', 'Duong', 'Ly'],
    write: (rng, p) => `${rng.pick(p.last)} ${rng.pick(['Van', 'Thi', 'Duc', 'Minh', 'Quang', 'Thanh', 'Ngoc', 'Huu', 'Xuan'])} ${rng.pick(p.first)}`,
  },
  {
    origin: 'Indonesian / Malay',
    first: ['Budi', 'Agus', 'Dewi', 'Siti', 'Putri', 'Rizky', 'Andi', 'Wahyu', 'Ayu', 'Fitri', 'Hendra', 'Indah', 'Nurul', 'Fajar', 'Sri', 'Yusuf'],
    last: ['Santoso', 'Wijaya', 'Saputra', 'Hidayat', 'Kusuma', 'Pratama', 'Setiawan', 'Gunawan', 'Lestari', 'Nugroho', 'Halim', 'Rahman', 'Susanto', 'Tan', 'Kurniawan', 'Hakim'],
    write: simple,
  },
];

// MR syllables as the North Korean lists write them, for ordinary (South or North) Korean names
// written the same way; the build drops any that could be a listed name in any romanization.
const MR_SURNAMES = ['Kim', 'Ri', 'Pak', 'Choe', 'Jong', 'Kang', 'Jo', 'Yun', 'Jang', 'Han', 'Rim', 'Sin', 'O', 'So', 'Hwang', 'An', 'Song', 'Ryu', 'Hong', 'Jon', 'Ko', 'Mun', 'Yang', 'Son', 'Paek', 'Ho', 'Nam', 'Chae', 'Kwak', 'Cha'];
const MR_GIVEN = ['chol', 'il', 'su', 'nam', 'ho', 'man', 'sang', 'kwang', 'myong', 'hyok', 'jin', 'min', 'hun', 'hak', 'sik', 'hwan', 'hwa', 'ryong', 'kil', 'sok', 'kyong', 'hui', 'ok', 'sam', 'se', 'won', 'kuk', 'tong', 'ha', 'sun', 'chan', 'in', 'mu', 'hong', 'bok', 'un', 'yong', 'song', 'jong', 'chun', 'pyong', 'kum', 'ae', 'mi', 'yon', 'hyang', 'ran', 'sil', 'chon', 'gyu'];

const PLACES = ['Seoul', 'Busan', 'Incheon', 'Daegu', 'Gwangju', 'Shanghai', 'Shenzhen', 'Guangzhou', 'Ningbo', 'Xiamen', 'Moscow', 'Kazan', 'Novosibirsk', 'Kyiv', 'Lviv', 'Dubai', 'Sharjah', 'Istanbul', 'Izmir', 'Mumbai', 'Pune', 'Chennai', 'Lagos', 'Abuja', 'Hanoi', 'Da Nang', 'Osaka', 'Nagoya', 'Berlin', 'Hamburg', 'Munich', 'Lyon', 'Marseille', 'Madrid', 'Valencia', 'Bogota', 'Lima', 'Toronto', 'Texas', 'Ohio', 'Baltic', 'Nordic', 'Pacific', 'Atlantic', 'Alpine', 'Andes', 'Danube', 'Mekong', 'Yangtze', 'Hanriver', 'Jeju', 'Surabaya', 'Penang'];
const IMAGERY = ['Blue River', 'Golden Star', 'Silver Oak', 'Green Valley', 'Northern Light', 'Red Maple', 'Crystal Lake', 'Summit Peak', 'Pioneer', 'Evergreen', 'Sunrise', 'Bright Horizon', 'Iron Bridge', 'Stone Harbor', 'White Crane', 'Jade Dragon', 'Lucky Clover', 'Royal Palm', 'Eagle Rock', 'Ocean Breeze', 'Maple Leaf', 'Cedar Hill', 'Polar Bear', 'Blue Whale', 'Twin Rivers', 'Three Peaks', 'Seven Seas', 'Morning Calm', 'Silk Road', 'Amber Wave', 'Copper Kettle', 'Velvet Moon', 'Orchid', 'Lotus', 'Nova', 'Quantum Leaf', 'Bluebird', 'Harbor Light', 'Pine Ridge', 'Falcon Crest'];
const INDUSTRIES = ['Trading', 'Logistics', 'Software', 'Consulting', 'Foods', 'Textiles', 'Electronics', 'Shipping', 'Construction', 'Pharmaceuticals', 'Holdings', 'Digital', 'Media', 'Energy', 'Machinery', 'Motors', 'Furniture', 'Farms', 'Fisheries', 'Steel', 'Chemicals', 'Cosmetics', 'Solutions', 'Systems', 'Analytics', 'Robotics', 'Games', 'Apparel', 'Tea', 'Coffee', 'Bakery', 'Dental Clinic', 'Travel', 'Realty', 'Insurance Brokers', 'Freight', 'Packaging', 'Plastics', 'Paper', 'Glass', 'Ceramics', 'Bicycles', 'Printing', 'Music', 'Design Studio', 'Data Services', 'Payments', 'Labs'];
const FORMS = ['Co., Ltd.', 'LLC', 'GmbH', 'S.A.', 'Inc.', 'Corporation', 'Limited', 'Pte. Ltd.', 'JSC', 'OOO', 'S.L.', 'Ltda.', 'SARL', 'PLC', 'A.Ş.', 'Sdn. Bhd.', 'Company', 'B.V.', 'AB', 'Oy', 'K.K.', 'Pty Ltd', 'S.p.A.', 'LLP', 'FZE', 'Trading Co.'];
const SURNAME_FIRMS = ['Miller', 'Keller', 'Okafor', 'Nakamura', 'Haddad', 'Kovalenko', 'Garcia', 'Dubois', 'Sharma', 'Nguyen', 'Yilmaz', 'Schmidt', 'Petrov', 'Wang', 'Park', 'Santoso'];

/** Ordinary names: `perOrigin` people per nationality (plus MR-style Korean), `companies` companies. */
export function ordinaryNames(rng: Rng, perOrigin: number, koreanMr: number, companies: number): OrdinaryName[] {
  const seen = new Set<string>();
  const out: OrdinaryName[] = [];
  const add = (n: OrdinaryName) => {
    const key = n.text.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    out.push(n);
    return true;
  };
  for (const parts of PEOPLE) {
    let made = 0;
    for (let attempt = 0; made < perOrigin && attempt < perOrigin * 20; attempt++) {
      const text = parts.write(rng, parts);
      const korean = parts.origin.startsWith('Korean') ? koreanParts(text) : undefined;
      if (add({ text, schema: 'Person', origin: parts.origin, korean })) made++;
    }
  }
  let made = 0;
  for (let attempt = 0; made < koreanMr && attempt < koreanMr * 20; attempt++) {
    const surname = rng.pick(MR_SURNAMES);
    const given = rng.chance(0.85) ? [rng.pick(MR_GIVEN), rng.pick(MR_GIVEN)] : [rng.pick(MR_GIVEN)];
    if (given.length === 2 && given[0] === given[1]) continue;
    const givenText = rng.chance(0.5) ? given.map((g) => g[0]!.toUpperCase() + g.slice(1)).join(' ') : given.join('-').replace(/^./, (c) => c.toUpperCase());
    const text = rng.chance(0.8) ? `${surname} ${givenText}` : `${givenText} ${surname}`;
    if (add({ text, schema: 'Person', origin: 'Korean (MR, North-style)', korean: { surname: surname.toLowerCase(), given } })) made++;
  }
  made = 0;
  for (let attempt = 0; made < companies && attempt < companies * 20; attempt++) {
    const style = rng.int(4);
    const industry = rng.pick(INDUSTRIES);
    const form = rng.pick(FORMS);
    let text: string;
    if (style === 0) text = `${rng.pick(PLACES)} ${industry} ${form}`;
    else if (style === 1) text = `${rng.pick(IMAGERY)} ${industry} ${form}`;
    else if (style === 2) text = `${rng.pick(SURNAME_FIRMS)} & ${rng.pick(SURNAME_FIRMS)} ${form}`;
    else text = `${rng.pick(SURNAME_FIRMS)} ${industry} ${form}`;
    if (/&/.test(text) && text.split(' & ')[0] === text.split(' & ')[1]!.split(' ')[0]) continue;
    const schema = rng.pick(['Company', 'Company', 'Organization', 'LegalEntity'] as const);
    if (add({ text, schema, origin: 'company' })) made++;
  }
  return out;
}

/** "Kim Min-jun" / "Min-jun Kim" -> family name and given syllables (RR). */
function koreanParts(text: string): { surname: string; given: string[] } | undefined {
  const words = text.split(' ');
  if (words.length !== 2) return undefined;
  const [a, b] = words as [string, string];
  const hyphenated = a.includes('-') ? a : b;
  const surname = hyphenated === a ? b : a;
  return { surname: surname.toLowerCase(), given: hyphenated.toLowerCase().split('-') };
}
