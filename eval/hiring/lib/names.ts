/**
 * Personal names for the hard pool (`--pool hard`), by name origin: fifteen groups, each with
 * given names and family names written here, common ones first and drawn more often (Zipf-like
 * weights), so that the names real pools are full of ("Muhammad Ali Khan", "Ahmed Hassan",
 * "Kim Min-jun", "Li Wei", "Nguyen Van Anh", "José García") are as frequent here as there.
 *
 * Unlike people.ts (the classic pool), nothing here was filtered against a sanctions list: a
 * common name that resembles a listed one is exactly what a vetting system must cope with.
 * The origin is drawn independently of everything else about a candidate (country, employer,
 * behaviour) and goes only to truth.json, so a gap in flag rates between origins can only come
 * from the name itself.
 */
import type { Rng } from '../../lib/prng.js';

export interface DrawnName {
  /** The full name as the candidate writes it. */
  name: string;
  given: string;
  family: string;
  origin: string;
}

interface OriginParts {
  male: readonly string[];
  female: readonly string[];
  family: readonly string[];
  /** Build the written name from a given name and a family name (order, middle names, prefixes). */
  write: (rng: Rng, given: string, family: string, female: boolean) => { name: string; given: string; family: string };
}

/** Index into a list with weights 1/(i+1)^0.9: the first entries are the common ones. */
function zipf(rng: Rng, list: readonly string[]): string {
  let total = 0;
  for (let i = 0; i < list.length; i++) total += 1 / (i + 1) ** 0.9;
  let x = rng.next() * total;
  for (let i = 0; i < list.length; i++) {
    x -= 1 / (i + 1) ** 0.9;
    if (x < 0) return list[i]!;
  }
  return list[list.length - 1]!;
}

const plain = (_rng: Rng, given: string, family: string) => ({ name: `${given} ${family}`, given, family });

const ORIGINS: Record<string, OriginParts> = {
  Korean: {
    male: ['Min-jun', 'Ji-hoon', 'Hyun-woo', 'Seo-jun', 'Do-yoon', 'Jun-ho', 'Sung-min', 'Jae-won', 'Dong-hyun', 'Young-ho', 'Jin-ho', 'Seung-woo', 'Sang-hoon', 'Kyung-soo', 'Woo-jin', 'Tae-yang', 'Jae-hyun', 'Joon-young', 'Gun-woo', 'In-ho', 'Chul-soo', 'Young-jae', 'Min-ho', 'Jong-hyun'],
    female: ['Seo-yeon', 'Ji-woo', 'Ha-eun', 'Ji-min', 'Su-bin', 'Ye-jin', 'Eun-ji', 'So-yeon', 'Yu-na', 'Hye-jin', 'Min-seo', 'Da-eun', 'Soo-jin', 'Na-yeon', 'Mi-kyung', 'Eun-young', 'Chae-won', 'Hyun-jung', 'Ji-eun', 'Seo-hyun'],
    family: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin', 'Kwon', 'Hwang', 'Ahn', 'Song', 'Yoo', 'Hong', 'Jeon', 'Ko', 'Moon', 'Yang', 'Son', 'Bae', 'Baek', 'Nam'],
    write: (rng, given, family) => {
      // Family name first at home, often given name first abroad; some drop the hyphen.
      const g = rng.chance(0.25) ? given.replace('-', '').replace(/^(.)(.*)$/, (_, a: string, b: string) => a + b.toLowerCase()) : given;
      return rng.chance(0.55) ? { name: `${family} ${g}`, given: g, family } : { name: `${g} ${family}`, given: g, family };
    },
  },
  Chinese: {
    male: ['Wei', 'Jun', 'Lei', 'Qiang', 'Jie', 'Tao', 'Ming', 'Chao', 'Jian', 'Hao', 'Yu', 'Peng', 'Bo', 'Zhiwei', 'Xiaoming', 'Yiming', 'Haoran', 'Zihao', 'Kai', 'Long', 'Feng', 'Gang'],
    female: ['Fang', 'Jing', 'Min', 'Yan', 'Na', 'Li', 'Xiuying', 'Hui', 'Ling', 'Xin', 'Ying', 'Haiyan', 'Jiahui', 'Yuxuan', 'Xiaoling', 'Mei', 'Qian', 'Lan'],
    family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Luo', 'Gao', 'Zheng', 'Liang', 'Xie', 'Tang', 'Feng', 'Deng', 'Cao', 'Zeng'],
    write: (rng, given, family, female) => {
      // Some use an English first name abroad ("Kevin Zhang").
      if (rng.chance(0.15)) {
        const en = rng.pick(female ? ['Grace', 'Vivian', 'Emily', 'Cindy', 'Annie', 'Helen'] : ['Kevin', 'Eric', 'Jason', 'Tony', 'Frank', 'David']);
        return { name: `${en} ${family}`, given: en, family };
      }
      return rng.chance(0.5) ? { name: `${family} ${given}`, given, family } : { name: `${given} ${family}`, given, family };
    },
  },
  Japanese: {
    male: ['Haruto', 'Yuto', 'Sota', 'Ren', 'Takumi', 'Hiroshi', 'Kenji', 'Takeshi', 'Daiki', 'Sho', 'Kaito', 'Riku', 'Kenta', 'Yusuke', 'Shota', 'Naoki', 'Tatsuya', 'Kazuki'],
    female: ['Yuki', 'Sakura', 'Aoi', 'Yui', 'Hina', 'Mei', 'Akiko', 'Naoko', 'Keiko', 'Misaki', 'Yuna', 'Ayaka', 'Mai', 'Haruka', 'Emi', 'Rina'],
    family: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Mori', 'Abe', 'Ikeda'],
    write: (rng, given, family) => (rng.chance(0.3) ? { name: `${family.toUpperCase()} ${given}`, given, family: family.toUpperCase() } : plain(rng, given, family)),
  },
  Vietnamese: {
    male: ['Anh', 'Minh', 'Hung', 'Tuan', 'Duc', 'Nam', 'Long', 'Quan', 'Hieu', 'Khanh', 'Son', 'Dung', 'Thanh', 'Huy', 'Phuc', 'Bao', 'Cuong', 'Hai'],
    female: ['Linh', 'Trang', 'Huong', 'Thao', 'Mai', 'Lan', 'Ngoc', 'Phuong', 'Anh', 'Hoa', 'Vy', 'Yen', 'Thu', 'Ha', 'Nhung'],
    family: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Huynh', 'Phan', 'Vu', 'Vo', 'Dang', 'Bui', 'Do', 'Ho', 'Ngo', 'Duong', 'Ly'],
    write: (rng, given, family, female) => {
      const middle = female ? rng.pick(['Thi', 'Thi', 'Ngoc', 'Thu', 'Thanh']) : rng.pick(['Van', 'Van', 'Duc', 'Minh', 'Quang', 'Huu', 'Thanh']);
      if (rng.chance(0.3)) return { name: `${given} ${family}`, given, family };
      return { name: `${family} ${middle} ${given}`, given: `${middle} ${given}`, family };
    },
  },
  Arabic: {
    male: ['Mohammed', 'Ahmed', 'Mohamed', 'Ali', 'Omar', 'Youssef', 'Khaled', 'Hassan', 'Ibrahim', 'Mahmoud', 'Abdullah', 'Mustafa', 'Hussein', 'Tarek', 'Karim', 'Samir', 'Yasser', 'Walid', 'Bilal', 'Nabil', 'Faisal', 'Saeed', 'Hamza', 'Osama'],
    female: ['Fatima', 'Aisha', 'Mariam', 'Nour', 'Sara', 'Layla', 'Huda', 'Rania', 'Salma', 'Yasmin', 'Amina', 'Dina', 'Reem', 'Hana', 'Noura', 'Zainab'],
    family: ['Hassan', 'Ali', 'Mohamed', 'Ahmed', 'Ibrahim', 'Mahmoud', 'Abdullah', 'Saleh', 'Khalil', 'Al-Sayed', 'Al-Masri', 'Haddad', 'Nasser', 'Mansour', 'Hamdan', 'Othman', 'Yousef', 'Abdelrahman', 'El-Sayed', 'Al-Ahmad', 'Hussein', 'Suleiman', 'Khoury', 'Al-Zahrani', 'Al-Qahtani', 'Darwish'],
    write: (rng, given, family) => {
      // Often given name + father's name + family name ("Mohamed Ahmed Ali").
      if (rng.chance(0.4)) {
        const father = zipf(rng, ORIGINS.Arabic!.male);
        if (father !== given && father !== family) return { name: `${given} ${father} ${family}`, given, family: `${father} ${family}` };
      }
      return plain(rng, given, family);
    },
  },
  Pakistani: {
    male: ['Muhammad', 'Ahmed', 'Ali', 'Hassan', 'Usman', 'Bilal', 'Hamza', 'Imran', 'Asif', 'Faisal', 'Kamran', 'Zeeshan', 'Waqas', 'Adnan', 'Tariq', 'Saad', 'Umar', 'Abdullah', 'Shahid', 'Fahad', 'Arslan', 'Haris', 'Junaid', 'Naveed'],
    female: ['Ayesha', 'Fatima', 'Sana', 'Hina', 'Amna', 'Zainab', 'Maryam', 'Sadia', 'Nida', 'Rabia', 'Saima', 'Iqra', 'Mahnoor', 'Kiran', 'Aiman', 'Sidra'],
    family: ['Khan', 'Ahmed', 'Ali', 'Malik', 'Hussain', 'Butt', 'Shah', 'Iqbal', 'Qureshi', 'Siddiqui', 'Chaudhry', 'Raza', 'Akhtar', 'Sheikh', 'Abbasi', 'Mirza', 'Javed', 'Aslam', 'Rana', 'Awan', 'Baig', 'Hashmi'],
    write: (rng, given, family, female) => {
      // "Muhammad" before the name in use is very common ("Muhammad Ali Khan", "Muhammad Usman").
      if (!female && given !== 'Muhammad' && rng.chance(0.35)) return rng.chance(0.3) ? { name: `Muhammad ${given}`, given: `Muhammad ${given}`, family: given } : { name: `Muhammad ${given} ${family}`, given: `Muhammad ${given}`, family };
      if (!female && rng.chance(0.08)) return { name: `Syed ${given} ${family}`, given: `Syed ${given}`, family };
      return plain(rng, given, family);
    },
  },
  Persian: {
    male: ['Mohammad', 'Ali', 'Reza', 'Hossein', 'Mehdi', 'Amir', 'Hamid', 'Saeed', 'Mohammad Reza', 'Alireza', 'Majid', 'Behzad', 'Arash', 'Babak', 'Farhad', 'Navid', 'Kaveh', 'Pouya', 'Omid', 'Hassan'],
    female: ['Sara', 'Maryam', 'Zahra', 'Fatemeh', 'Neda', 'Parisa', 'Shirin', 'Leila', 'Niloufar', 'Yasaman', 'Mahsa', 'Nazanin', 'Elham', 'Samira'],
    family: ['Hosseini', 'Ahmadi', 'Mohammadi', 'Rezaei', 'Karimi', 'Moradi', 'Hashemi', 'Jafari', 'Rahimi', 'Ghasemi', 'Kazemi', 'Sadeghi', 'Mousavi', 'Rostami', 'Najafi', 'Amini', 'Sharifi', 'Tehrani', 'Ebrahimi', 'Hosseinzadeh', 'Azizi', 'Akbari'],
    write: plain,
  },
  Indian: {
    male: ['Rahul', 'Amit', 'Rohit', 'Arjun', 'Vikram', 'Sanjay', 'Deepak', 'Rajesh', 'Suresh', 'Anil', 'Karthik', 'Aditya', 'Vivek', 'Nikhil', 'Pradeep', 'Ravi', 'Manoj', 'Srinivas', 'Venkatesh', 'Abhishek', 'Gaurav', 'Harsh'],
    female: ['Priya', 'Pooja', 'Neha', 'Divya', 'Ananya', 'Kavya', 'Sneha', 'Swati', 'Lakshmi', 'Meera', 'Anjali', 'Shreya', 'Deepika', 'Sunita', 'Aishwarya', 'Nisha'],
    family: ['Kumar', 'Sharma', 'Singh', 'Patel', 'Reddy', 'Gupta', 'Verma', 'Rao', 'Nair', 'Iyer', 'Joshi', 'Mehta', 'Desai', 'Shah', 'Pillai', 'Menon', 'Agarwal', 'Chopra', 'Kapoor', 'Banerjee', 'Mukherjee', 'Naidu', 'Yadav'],
    write: (rng, given, family) => {
      // South Indian initials ("K. Suresh") and the odd double given name.
      if (rng.chance(0.08)) return { name: `${family[0]}. ${given}`, given, family: `${family[0]}.` };
      return plain(rng, given, family);
    },
  },
  Turkish: {
    male: ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'Murat', 'Emre', 'Burak', 'Can', 'Oğuz', 'Kerem', 'Serkan', 'Onur', 'Yusuf', 'Ömer', 'Furkan'],
    female: ['Elif', 'Zeynep', 'Ayşe', 'Fatma', 'Emine', 'Merve', 'Deniz', 'Selin', 'Ece', 'Büşra', 'Esra', 'Gizem', 'Tuğba', 'Derya'],
    family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek', 'Polat', 'Erdem'],
    write: (rng, given, family) => (rng.chance(0.15) ? { name: `${given} ${family}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i').replace(/İ/g, 'I'), given, family } : plain(rng, given, family)),
  },
  'Russian/Ukrainian': {
    male: ['Dmitry', 'Aleksandr', 'Sergey', 'Andrey', 'Alexey', 'Ivan', 'Mikhail', 'Oleksandr', 'Andriy', 'Serhiy', 'Dmytro', 'Maxim', 'Artem', 'Pavel', 'Vladimir', 'Yurii', 'Taras', 'Bohdan', 'Nikolai', 'Roman', 'Denis', 'Igor'],
    female: ['Anna', 'Elena', 'Olga', 'Natalia', 'Irina', 'Tatiana', 'Maria', 'Ekaterina', 'Anastasia', 'Olena', 'Oksana', 'Iryna', 'Yuliia', 'Kateryna', 'Daria', 'Svetlana'],
    family: ['Ivanov', 'Shevchenko', 'Smirnov', 'Kovalenko', 'Kuznetsov', 'Bondarenko', 'Popov', 'Petrov', 'Melnyk', 'Volkov', 'Tkachenko', 'Sokolov', 'Kravchenko', 'Novikov', 'Boyko', 'Morozov', 'Lysenko', 'Pavlov', 'Savchenko', 'Orlov', 'Marchenko', 'Zakharov'],
    write: (rng, given, family, female) => {
      // Russian family names ending in -ov/-ev/-in take -a for women; Ukrainian -enko/-uk do not.
      const f = female && /(ov|ev|in)$/.test(family) ? `${family}a` : family;
      return { name: `${given} ${f}`, given, family: f };
    },
  },
  Hispanic: {
    male: ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Alejandro', 'Diego', 'Andrés', 'Javier', 'Fernando', 'Ricardo', 'Eduardo', 'Sergio', 'Manuel', 'Francisco', 'Antonio', 'Daniel', 'Pablo', 'Raúl'],
    female: ['María', 'Ana', 'Lucía', 'Carmen', 'Sofía', 'Valentina', 'Camila', 'Isabel', 'Gabriela', 'Daniela', 'Paula', 'Mariana', 'Laura', 'Fernanda', 'Andrea', 'Patricia'],
    family: ['García', 'Rodríguez', 'Martínez', 'López', 'González', 'Hernández', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Morales', 'Vargas', 'Castro', 'Ortiz', 'Ruiz', 'Mendoza', 'Romero', 'Herrera'],
    write: (rng, given, family, female) => {
      // Two family names (father's, mother's), often only the first in use; compound given names.
      const second = zipf(rng, female ? ORIGINS.Hispanic!.female : ORIGINS.Hispanic!.male);
      const given2 = rng.chance(0.25) && second !== given ? `${given} ${second}` : given;
      const mother = zipf(rng, ORIGINS.Hispanic!.family);
      if (rng.chance(0.5) && mother !== family && !family.includes(' ')) return { name: `${given2} ${family} ${mother}`, given: given2, family: `${family} ${mother}` };
      return { name: `${given2} ${family}`, given: given2, family };
    },
  },
  Anglo: {
    male: ['James', 'John', 'Michael', 'David', 'Robert', 'William', 'Daniel', 'Matthew', 'Christopher', 'Andrew', 'Joshua', 'Ryan', 'Thomas', 'Brian', 'Kevin', 'Jason', 'Justin', 'Tyler', 'Brandon', 'Nicholas'],
    female: ['Jennifer', 'Sarah', 'Jessica', 'Emily', 'Ashley', 'Elizabeth', 'Megan', 'Lauren', 'Rachel', 'Amanda', 'Hannah', 'Emma', 'Olivia', 'Rebecca', 'Katherine', 'Nicole'],
    family: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson', 'Thomas', 'Moore', 'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'Wright', 'Scott', 'Green', 'Baker'],
    write: (rng, given, family) => (rng.chance(0.2) ? { name: `${given} ${String.fromCharCode(65 + rng.int(26))}. ${family}`, given, family } : plain(rng, given, family)),
  },
  'Western European': {
    male: ['Thomas', 'Lukas', 'Jan', 'Pierre', 'Luca', 'Marco', 'Stefan', 'Nicolas', 'Julien', 'Matteo', 'Daan', 'Pieter', 'Felix', 'Jonas', 'Alessandro', 'Antoine', 'Sebastian', 'Florian', 'Maximilian', 'Giovanni'],
    female: ['Marie', 'Anna', 'Julia', 'Sophie', 'Laura', 'Giulia', 'Chiara', 'Camille', 'Lena', 'Lotte', 'Sanne', 'Claire', 'Francesca', 'Hannah', 'Léa', 'Katrin'],
    family: ['Müller', 'Schmidt', 'Rossi', 'Martin', 'de Vries', 'Schneider', 'Bernard', 'Fischer', 'Russo', 'Dubois', 'Weber', 'Jansen', 'Ferrari', 'Meyer', 'Bianchi', 'Moreau', 'Wagner', 'Bakker', 'Romano', 'Becker', 'Lefebvre', 'van Dijk', 'Colombo', 'Hoffmann'],
    write: plain,
  },
  'West African': {
    male: ['Chinedu', 'Emeka', 'Oluwaseun', 'Adebayo', 'Kwame', 'Kofi', 'Ibrahim', 'Abdullahi', 'Musa', 'Tunde', 'Ifeanyi', 'Babatunde', 'Obinna', 'Yaw', 'Kwabena', 'Aminu', 'Segun', 'Moussa', 'Mamadou', 'Usman'],
    female: ['Ngozi', 'Chiamaka', 'Funmilayo', 'Amaka', 'Abena', 'Akosua', 'Adwoa', 'Aisha', 'Fatima', 'Yetunde', 'Temitope', 'Blessing', 'Grace', 'Aminata', 'Hauwa', 'Efua'],
    family: ['Okafor', 'Adeyemi', 'Mensah', 'Okonkwo', 'Bello', 'Musa', 'Mohammed', 'Balogun', 'Asante', 'Boateng', 'Eze', 'Abubakar', 'Osei', 'Ogunleye', 'Nwosu', 'Diallo', 'Traoré', 'Owusu', 'Yusuf', 'Danjuma', 'Olawale', 'Appiah'],
    write: plain,
  },
  Filipino: {
    male: ['Juan', 'Jose', 'Mark', 'John Paul', 'Mark Anthony', 'Jerome', 'Christian', 'Carlo', 'Paolo', 'Rommel', 'Ramon', 'Miguel', 'Jericho', 'Angelo', 'Joshua', 'Rafael'],
    female: ['Maria', 'Kristine', 'Angelica', 'Jasmine', 'Mary Grace', 'Kristine Mae', 'Joy', 'Princess', 'Camille', 'Patricia', 'Nicole', 'Rhea', 'Cherry', 'Lovely'],
    family: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Garcia', 'Mendoza', 'dela Cruz', 'Villanueva', 'Ramos', 'Aquino', 'Castillo', 'Flores', 'Gonzales', 'Torres', 'Del Rosario', 'Fernandez', 'Navarro', 'Soriano', 'Manalo', 'Pascual'],
    write: plain,
  },
};

/** Pool share of each origin (clean and operators alike); every group gets n >= 100 at 3,000 candidates. */
export const HARD_ORIGIN_WEIGHTS: [string, number][] = [
  ['Anglo', 12],
  ['Hispanic', 9],
  ['Indian', 9],
  ['Chinese', 8],
  ['Western European', 7],
  ['Russian/Ukrainian', 7],
  ['Arabic', 6],
  ['Pakistani', 6],
  ['West African', 6],
  ['Filipino', 5],
  ['Vietnamese', 5],
  ['Korean', 5],
  ['Japanese', 4],
  ['Turkish', 4],
  ['Persian', 4],
];

export const HARD_ORIGINS = HARD_ORIGIN_WEIGHTS.map(([o]) => o);

/** The language a person of this origin may list besides the country's own (half of them do). */
export const HERITAGE_LANGUAGE: Record<string, string> = {
  Korean: 'Korean',
  Chinese: 'Mandarin',
  Japanese: 'Japanese',
  Vietnamese: 'Vietnamese',
  Arabic: 'Arabic',
  Pakistani: 'Urdu',
  Persian: 'Persian',
  Indian: 'Hindi',
  Turkish: 'Turkish',
  'Russian/Ukrainian': 'Russian',
  Hispanic: 'Spanish',
  Filipino: 'Tagalog',
  'West African': 'Yoruba',
};

/** Whether the family name is usually shared by a married couple of this origin. */
export const SPOUSES_SHARE_SURNAME: ReadonlySet<string> = new Set(['Anglo', 'Western European', 'Filipino', 'Russian/Ukrainian', 'Indian', 'Pakistani', 'Turkish', 'Japanese', 'West African']);

/** A name of the given origin (drawn from the pool's weights when none is given). */
export function drawName(rng: Rng, origin?: string, opts: { female?: boolean; family?: string } = {}): DrawnName {
  const o = origin ?? weightedOrigin(rng);
  const parts = ORIGINS[o];
  if (!parts) throw new Error(`no names of origin ${o}`);
  const female = opts.female ?? rng.chance(0.4);
  const given = zipf(rng, female ? parts.female : parts.male);
  const family = opts.family ?? zipf(rng, parts.family);
  const w = parts.write(rng, given, family, female);
  return { ...w, origin: o };
}

function weightedOrigin(rng: Rng): string {
  let total = 0;
  for (const [, w] of HARD_ORIGIN_WEIGHTS) total += w;
  let x = rng.next() * total;
  for (const [o, w] of HARD_ORIGIN_WEIGHTS) {
    x -= w;
    if (x < 0) return o;
  }
  return HARD_ORIGIN_WEIGHTS[HARD_ORIGIN_WEIGHTS.length - 1]![0];
}
