/**
 * Resumes built from role, skill and sentence templates, so that two clean candidates' resumes
 * differ substantially (different summary sentences, bullets, skills, employers and layout) even
 * in the same track. `editResume` makes the small edits operators make when they reuse one
 * resume across identities: another name and contact line, dates moved by a year, synonyms
 * swapped, a bullet dropped or moved, skills reordered.
 */
import type { Rng } from '../../lib/prng.js';

export const TRACKS = ['backend', 'frontend', 'fullstack', 'blockchain', 'mobile', 'devops', 'data', 'qa'] as const;
export type Track = (typeof TRACKS)[number];

export const TRACK_WEIGHTS: [Track, number][] = [
  ['backend', 22],
  ['frontend', 15],
  ['fullstack', 20],
  ['blockchain', 18],
  ['mobile', 7],
  ['devops', 8],
  ['data', 6],
  ['qa', 4],
];

const SKILLS: Record<Track, string[]> = {
  backend: ['Go', 'Rust', 'Node.js', 'TypeScript', 'Python', 'Java', 'Kotlin', 'PostgreSQL', 'Redis', 'Kafka', 'gRPC', 'Docker', 'Kubernetes', 'AWS', 'RabbitMQ', 'MongoDB', 'Elixir', 'Django', 'Spring Boot', 'NestJS'],
  frontend: ['React', 'TypeScript', 'Next.js', 'Vue', 'Svelte', 'Tailwind CSS', 'GraphQL', 'Redux', 'Vite', 'Jest', 'Storybook', 'Figma', 'Angular', 'D3.js', 'WebSockets', 'Playwright'],
  fullstack: ['TypeScript', 'React', 'Node.js', 'Next.js', 'PostgreSQL', 'GraphQL', 'Python', 'Django', 'Ruby on Rails', 'Docker', 'AWS', 'Redis', 'Prisma', 'tRPC', 'Vue', 'Go'],
  blockchain: ['Solidity', 'Hardhat', 'Foundry', 'ethers.js', 'viem', 'web3.js', 'Rust', 'Anchor', 'Solana', 'Substrate', 'The Graph', 'EVM', 'OpenZeppelin', 'Chainlink', 'TypeScript', 'Go', 'Cosmos SDK', 'zk-SNARKs', 'Vyper', 'Move'],
  mobile: ['Swift', 'SwiftUI', 'Kotlin', 'Jetpack Compose', 'React Native', 'Flutter', 'Dart', 'Firebase', 'Objective-C', 'Core Data', 'Room', 'Fastlane'],
  devops: ['Terraform', 'Kubernetes', 'Helm', 'AWS', 'GCP', 'Azure', 'Prometheus', 'Grafana', 'Ansible', 'GitHub Actions', 'ArgoCD', 'Linux', 'Bash', 'Vault', 'Datadog', 'Pulumi'],
  data: ['Python', 'Pandas', 'Spark', 'Airflow', 'dbt', 'SQL', 'BigQuery', 'Snowflake', 'Kafka', 'scikit-learn', 'PyTorch', 'Looker', 'Dagster', 'ClickHouse'],
  qa: ['Cypress', 'Playwright', 'Selenium', 'Jest', 'Postman', 'k6', 'Appium', 'TestRail', 'Python', 'TypeScript', 'JMeter', 'Gherkin'],
};

const THINGS: Record<Track, string[]> = {
  backend: ['a REST API', 'a gRPC service', 'the order-matching service', 'an event-driven pipeline', 'the authentication service', 'a rate limiter', 'the billing backend', 'a job queue', 'the notification service', 'an internal admin API', 'the ledger service', 'a webhook delivery system', 'the search backend', 'a payments reconciliation service'],
  frontend: ['the checkout flow', 'a component library', 'the trading dashboard', 'the onboarding wizard', 'a design system', 'the customer portal', 'the charting module', 'the settings pages', 'an accessibility overhaul', 'the landing pages', 'a real-time order book view'],
  fullstack: ['the customer portal', 'an internal back-office tool', 'the billing pages and API', 'a referral program', 'the onboarding flow', 'a reporting dashboard', 'the admin console', 'a marketplace MVP', 'the KYC upload flow'],
  blockchain: ['an ERC-20 token contract', 'a staking contract', 'a cross-chain bridge relayer', 'an on-chain governance module', 'an NFT marketplace contract', 'a DEX aggregator', 'a wallet SDK', 'an indexer for on-chain events', 'a multisig treasury tool', 'a lending protocol', 'an account-abstraction wallet', 'a token vesting contract', 'an oracle integration'],
  mobile: ['the iOS app', 'the Android app', 'an offline-first sync layer', 'push notifications', 'the in-app wallet', 'biometric login', 'the app onboarding', 'a crash-reporting pipeline', 'deep linking'],
  devops: ['the CI/CD pipeline', 'the Kubernetes platform', 'infrastructure as code', 'the observability stack', 'the disaster-recovery setup', 'a blue-green deployment process', 'the secrets management', 'the on-call runbooks', 'multi-region failover'],
  data: ['the data warehouse', 'an ETL pipeline', 'a fraud-detection model', 'the reporting layer', 'a streaming analytics job', 'a feature store', 'the churn model', 'the finance data marts', 'a transaction-monitoring dataset'],
  qa: ['the end-to-end test suite', 'a load-testing harness', 'the regression suite', 'contract tests', 'a test-data generator', 'the release checklist', 'visual regression tests'],
};

const ROLES: Record<Track, string[]> = {
  backend: ['Backend Engineer', 'Software Engineer', 'Backend Developer', 'Platform Engineer', 'Go Developer', 'Node.js Developer'],
  frontend: ['Frontend Engineer', 'Frontend Developer', 'React Developer', 'UI Engineer', 'Web Developer'],
  fullstack: ['Full Stack Developer', 'Full-Stack Engineer', 'Software Engineer', 'Web Developer', 'Product Engineer'],
  blockchain: ['Smart Contract Engineer', 'Blockchain Developer', 'Solidity Developer', 'Web3 Engineer', 'Protocol Engineer', 'Rust Developer'],
  mobile: ['iOS Developer', 'Android Developer', 'Mobile Engineer', 'React Native Developer', 'Flutter Developer'],
  devops: ['DevOps Engineer', 'Site Reliability Engineer', 'Cloud Engineer', 'Infrastructure Engineer', 'Platform Engineer'],
  data: ['Data Engineer', 'Data Scientist', 'Analytics Engineer', 'Machine Learning Engineer'],
  qa: ['QA Engineer', 'QA Automation Engineer', 'Test Engineer', 'SDET'],
};

const DOMAINS = ['payments', 'DeFi', 'trading', 'e-commerce', 'logistics', 'healthcare', 'fintech', 'gaming', 'NFT marketplaces', 'wallets', 'custody', 'analytics', 'ad tech', 'SaaS', 'education', 'insurance', 'travel', 'real estate', 'lending', 'exchanges'];
const VERBS = ['Built', 'Developed', 'Designed', 'Implemented', 'Delivered', 'Created', 'Rebuilt', 'Maintained', 'Shipped', 'Wrote'];
const METRICS = ['p95 latency', 'cloud costs', 'build times', 'page load time', 'error rates', 'gas costs', 'crash rate', 'deployment time', 'on-call incidents', 'support tickets', 'query times', 'bundle size'];
const PRACTICES = ['trunk-based development', 'feature flags', 'property-based tests', 'canary releases', 'structured logging', 'code owners', 'design reviews', 'blameless postmortems', 'contract testing', 'fuzzing'];
const PARTNERS = ['Stripe', 'Plaid', 'Chainalysis', 'Fireblocks', 'Twilio', 'Auth0', 'Alchemy', 'Infura', 'Sumsub', 'Segment', 'Adyen', 'Circle', 'Onfido', 'SendGrid', 'Sentry'];
const TASKS = ['release notes', 'database backups', 'dependency updates', 'smoke tests', 'invoice reconciliation', 'key rotation', 'environment setup', 'data exports', 'access reviews'];
const TOOLS = ['Grafana', 'Datadog', 'Looker', 'Metabase', 'Kibana', 'New Relic'];
const ADJ = ['Experienced', 'Pragmatic', 'Detail-oriented', 'Product-minded', 'Self-driven', 'Versatile', 'Results-oriented', 'Curious', 'Hands-on', 'Reliable'];
const VALUES = ['ownership', 'code quality', 'clear communication', 'shipping fast', 'testing', 'mentorship', 'security', 'simplicity', 'documentation'];
const OSS = ['ethers.js', 'OpenZeppelin Contracts', 'Foundry', 'React Query', 'Prisma', 'a Kubernetes operator', 'Grafana plugins', 'Hardhat plugins', 'the Rust async ecosystem', 'Home Assistant', 'a Django package'];
const CS = ['distributed systems', 'algorithms and data structures', 'applied cryptography', 'databases', 'compilers', 'numerical methods', 'networking', 'operating systems'];
const HOBBIES = ['running', 'chess', 'climbing', 'photography', 'cycling', 'board games', 'hiking', 'cooking', 'football', 'music production', 'swimming', 'reading sci-fi'];

export interface Job {
  role: string;
  company: string;
  country?: string;
  /** YYYY-MM */
  from: string;
  /** YYYY-MM, or undefined for the current job. */
  to?: string;
  bullets: string[];
}

export interface ResumeDoc {
  layout: number;
  name: string;
  title: string;
  location: string;
  contact: string[];
  summary: string[];
  jobs: Job[];
  skills: string[];
  education: { degree: string; school: string; year: string }[];
  projects: string[];
  languages: string;
  interests?: string;
  /** A public resume template the candidate filled in: its boilerplate is rendered around their own content. */
  template?: ResumeTemplate;
  /** Skills before experience (some copies move sections around). */
  skillsFirst?: boolean;
}

/**
 * A public resume template: the headings and the stock sentences that people who fill it in
 * often leave in place. Two candidates of one template share these words and nothing else.
 */
export interface ResumeTemplate {
  id: string;
  headings: { summary: string; experience: string; skills: string; education: string; languages: string };
  /** Stock sentences before the candidate's own summary. */
  lead: string;
  /** Under the experience heading. */
  experienceIntro: string;
  /** A label before each job's bullets. */
  jobLabel: string;
  skillsIntro: string;
  /** The closing lines. */
  closing: string[];
}

export const RESUME_TEMPLATES: ResumeTemplate[] = [
  {
    id: 'modern-professional',
    headings: { summary: 'Professional Profile', experience: 'Professional Experience', skills: 'Core Competencies', education: 'Education and Training', languages: 'Languages' },
    lead: 'Highly motivated and results-driven professional with a proven track record of delivering high-quality solutions in fast-paced environments. Excellent communication and interpersonal skills, with the ability to work independently as well as part of a team.',
    experienceIntro: 'A summary of my most relevant roles and the results I achieved in each of them.',
    jobLabel: 'Key responsibilities and achievements:',
    skillsIntro: 'Technical and professional skills developed throughout my career:',
    closing: ['I am a fast learner who adapts quickly to new technologies and enjoys solving complex problems.', 'References are available upon request.'],
  },
  {
    id: 'simple-ats',
    headings: { summary: 'Objective', experience: 'Work History', skills: 'Skills', education: 'Education', languages: 'Languages Spoken' },
    lead: 'Seeking a challenging position in a reputable organization where I can apply my technical knowledge and skills for the growth of the company while continuing to develop professionally.',
    experienceIntro: 'Listed in reverse chronological order, most recent position first.',
    jobLabel: 'Responsibilities included:',
    skillsIntro: 'Proficient in the following tools, languages and frameworks:',
    closing: ['I hereby declare that the information given above is true and correct to the best of my knowledge and belief.'],
  },
  {
    id: 'tech-minimal',
    headings: { summary: 'About Me', experience: 'Experience', skills: 'Tech Stack', education: 'Education', languages: 'Languages' },
    lead: 'Passionate software engineer who loves building scalable, maintainable and user-friendly applications. I believe in clean code, continuous learning and collaborating closely with product, design and business stakeholders.',
    experienceIntro: 'Selected projects and positions from recent years.',
    jobLabel: 'What I did:',
    skillsIntro: 'Tools and technologies I use every day:',
    closing: ['Open to remote opportunities worldwide and happy to work across time zones.', 'Portfolio and code samples available on request.'],
  },
  {
    id: 'executive-clean',
    headings: { summary: 'Career Summary', experience: 'Employment History', skills: 'Areas of Expertise', education: 'Academic Qualifications', languages: 'Languages' },
    lead: 'Dedicated and detail-oriented engineer with strong analytical and problem-solving skills and a commitment to excellence. Proven ability to manage multiple priorities, meet tight deadlines and deliver projects on time and within budget.',
    experienceIntro: 'Roles held, with the main duties and accomplishments of each.',
    jobLabel: 'Main duties and accomplishments:',
    skillsIntro: 'Key skills and areas of expertise include:',
    closing: ['Strong work ethic, integrity and a positive attitude towards every challenge.', 'Excellent references from previous employers available upon request.'],
  },
];

function fill(rng: Rng, template: string, track: Track, skills: string[]): string {
  const pool = skills.length >= 3 ? skills : SKILLS[track];
  const used = new Set<string>();
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'skill':
      case 'skill2':
      case 'skill3': {
        // Distinct skills within one sentence ("Go and Go" reads wrong).
        const fresh = pool.filter((x) => !used.has(x));
        const pick = rng.pick(fresh.length > 0 ? fresh : pool);
        used.add(pick);
        return pick;
      }
      case 'thing':
        return rng.pick(THINGS[track]);
      case 'verb':
        return rng.pick(VERBS);
      case 'n':
        return rng.pick(['10k', '50k', '200k', '1M', '3M', '12M', '40k', '500k']);
      case 'pct':
        return String(rng.pick([15, 20, 25, 30, 35, 40, 45, 50, 60, 70]));
      case 'k':
        return String(rng.range(2, 8));
      case 'h':
        return String(rng.range(3, 20));
      case 'metric':
        return rng.pick(METRICS);
      case 'practice':
        return rng.pick(PRACTICES);
      case 'partner':
        return rng.pick(PARTNERS);
      case 'task':
        return rng.pick(TASKS);
      case 'tool':
        return rng.pick(TOOLS);
      case 'domain':
      case 'domain2':
        return rng.pick(DOMAINS);
      case 'p1':
        return String(rng.range(20, 55));
      case 'p2':
        return String(rng.range(75, 95));
      default:
        return key;
    }
  });
}

const BULLETS = [
  '{verb} {thing} in {skill}, serving {n} users.',
  '{verb} {thing} with {skill} and {skill2}.',
  'Cut {metric} by {pct}% by reworking {thing}.',
  'Led a team of {k} engineers building {thing}.',
  'Migrated {thing} from {skill2} to {skill} with no downtime.',
  'Introduced {practice}, which reduced {metric} by {pct}%.',
  'Owned {thing} end to end, from design to on-call.',
  'Mentored {k} junior engineers and reviewed code for {thing}.',
  'Integrated {partner} into {thing}.',
  '{verb} {thing} used by {n} {domain} customers.',
  'Designed the data model for {thing} on {skill}.',
  'Raised test coverage of {thing} from {p1}% to {p2}%.',
  'Shipped {thing} for a {domain} product in {k} months.',
  'Automated {task} with {skill}, saving {h} hours a week.',
  'Worked with product and design to launch {thing}.',
  'Hardened {thing} after an external security audit.',
  'Built {tool} dashboards to monitor {thing}.',
  'Refactored {thing} into smaller {skill} modules, cutting {metric} by {pct}%.',
  'Wrote the technical design for {thing} and presented it to the architecture group.',
  'Reduced {metric} of {thing} by {pct}% through profiling and caching.',
  'On-boarded {k} new hires and wrote the team guide for {thing}.',
  'Prototyped {thing} in {skill} in two weeks; it went to production a month later.',
];

const SUMMARY = [
  '{adj} {title} with {years} years of experience in {domain} and {domain2}.',
  'I build reliable {kind} with {skill} and {skill2}.',
  'Specialised in {skill}, {skill2} and {skill3}.',
  'Most recently at {company}, where I {did}.',
  'Looking for a remote role on a product team that values {value}.',
  'Open-source contributor to {oss}.',
  'Fluent in {languages}; used to distributed teams across time zones.',
  'Strong background in {cs}.',
  'I enjoy turning vague requirements into small, well-tested releases.',
  'Comfortable owning features from the first sketch to production monitoring.',
  'Happy to mentor, write docs and take my turn on call.',
  'Previously freelanced for {k} clients in {domain}.',
];

const KIND: Record<Track, string> = {
  backend: 'backend services',
  frontend: 'web interfaces',
  fullstack: 'web products',
  blockchain: 'smart contracts and dApps',
  mobile: 'mobile apps',
  devops: 'cloud infrastructure',
  data: 'data pipelines',
  qa: 'test automation',
};

const DID = ['led the migration to microservices', 'built the payments stack', 'shipped the mobile wallet', 'scaled the API to millions of requests', 'rewrote the settlement engine', 'launched two products from zero', 'owned the smart-contract audits', 'ran the platform team'];

const DEGREES = ['B.Sc. in Computer Science', 'B.Eng. in Software Engineering', 'M.Sc. in Computer Science', 'B.Sc. in Information Technology', 'B.Sc. in Mathematics', 'M.Eng. in Computer Engineering', 'B.Sc. in Electrical Engineering', 'B.A. in Economics'];

export function pickDegree(rng: Rng): string {
  return rng.pick(DEGREES);
}

export function roleFor(rng: Rng, track: Track, seniority: number): string {
  const base = rng.pick(ROLES[track]);
  if (seniority <= 0) return rng.chance(0.5) ? `Junior ${base}` : base;
  if (seniority >= 3) return rng.pick([`Lead ${base}`, `Staff ${base}`, `Principal ${base}`, `Senior ${base}`]);
  if (seniority === 2) return `Senior ${base}`;
  return base;
}

export function skillsFor(rng: Rng, track: Track): string[] {
  const own = rng.sample(SKILLS[track], rng.range(6, 10));
  const other = track === 'fullstack' ? [] : rng.sample(SKILLS[rng.pick(TRACKS)], rng.range(0, 3));
  return [...new Set([...own, ...other])];
}

export function bulletsFor(rng: Rng, track: Track, skills: string[], n: number): string[] {
  return rng.sample(BULLETS, n).map((t) => fill(rng, t, track, skills));
}

export interface ResumeInput {
  track: Track;
  name: string;
  title: string;
  location: string;
  email: string;
  phone?: string;
  years: number;
  jobs: Job[];
  skills: string[];
  education: { degree: string; school: string; year: string }[];
  languages: string;
  /** A shared paragraph (the same bootcamp's capstone, for instance). */
  project?: string;
}

export function makeResume(rng: Rng, input: ResumeInput): ResumeDoc {
  const k = rng.range(2, 4);
  const summary = rng.sample(SUMMARY, k + 1).slice(0, k);
  if (!summary.some((s) => s.startsWith('{adj}'))) summary.unshift(SUMMARY[0]!);
  const current = input.jobs[0];
  const filled = summary.map((t) =>
    fill(
      rng,
      t
        .replace('{adj}', rng.pick(ADJ))
        .replace('{title}', input.title.replace(/^(Junior|Senior|Lead|Staff|Principal) /, '').toLowerCase())
        .replace('{years}', String(input.years))
        .replace('{kind}', KIND[input.track])
        .replace('{company}', current?.company ?? 'a startup')
        .replace('{did}', rng.pick(DID))
        .replace('{value}', rng.pick(VALUES))
        .replace('{oss}', rng.pick(OSS))
        .replace('{languages}', input.languages)
        .replace('{cs}', rng.pick(CS)),
      input.track,
      input.skills,
    ),
  );
  const projects: string[] = [];
  if (input.project) projects.push(input.project);
  if (rng.chance(0.35)) projects.push(`Side project: ${fill(rng, '{thing}', input.track, input.skills)} in {skill}, open source on GitHub.`.replace('{skill}', rng.pick(input.skills)));
  return {
    layout: rng.int(3),
    name: input.name,
    title: input.title,
    location: input.location,
    contact: [input.email, ...(input.phone && rng.chance(0.7) ? [input.phone] : [])],
    summary: filled,
    jobs: input.jobs,
    skills: input.skills,
    education: input.education,
    projects,
    languages: input.languages,
    interests: rng.chance(0.3) ? rng.sample(HOBBIES, 3).join(', ') : undefined,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = (ym: string | undefined, layout: number) => {
  if (!ym) return layout === 2 ? 'now' : 'Present';
  const [y, m] = ym.split('-');
  return layout === 1 ? `${m}/${y}` : `${MONTHS[Number(m) - 1]} ${y}`;
};

export function renderResume(doc: ResumeDoc): string {
  const L = doc.layout;
  const h = (s: string) => (L === 0 ? s.toUpperCase() : L === 1 ? `## ${s}` : `${s}:`);
  const bullet = L === 0 ? '• ' : L === 1 ? '- ' : '* ';
  const t = doc.template;
  const heads = t?.headings ?? { summary: 'Summary', experience: 'Experience', skills: 'Skills', education: 'Education', languages: 'Languages' };
  const out: string[] = [];
  out.push(L === 1 ? `# ${doc.name}` : doc.name);
  out.push([doc.title, doc.location, ...doc.contact].join(L === 0 ? ' · ' : ' | '));
  out.push('', h(heads.summary), [...(t ? [t.lead] : []), ...doc.summary].join(' '));
  const skills = () => out.push('', h(heads.skills), ...(t ? [t.skillsIntro] : []), doc.skills.join(', '));
  if (doc.skillsFirst) skills();
  out.push('', h(heads.experience));
  if (t) out.push(t.experienceIntro);
  for (const j of doc.jobs) {
    out.push(L === 2 ? `${j.company} - ${j.role} (${month(j.from, L)} - ${month(j.to, L)})` : `${j.role}, ${j.company} (${month(j.from, L)} – ${month(j.to, L)})`);
    if (t) out.push(t.jobLabel);
    for (const b of j.bullets) out.push(`${bullet}${b}`);
  }
  if (doc.projects.length > 0) {
    out.push('', h('Projects'));
    for (const p of doc.projects) out.push(`${bullet}${p}`);
  }
  if (!doc.skillsFirst) skills();
  out.push('', h(heads.education));
  for (const e of doc.education) out.push(`${e.degree}, ${e.school}, ${e.year}`);
  out.push('', h(heads.languages), doc.languages);
  if (doc.interests) out.push('', h('Interests'), doc.interests);
  if (t) out.push('', ...t.closing);
  return out.join('\n');
}

const SYNONYMS: [RegExp, string][] = [
  [/\bBuilt\b/g, 'Developed'],
  [/\bDeveloped\b/g, 'Built'],
  [/\bDesigned\b/g, 'Architected'],
  [/\bImplemented\b/g, 'Delivered'],
  [/\bLed\b/g, 'Headed'],
  [/\bCut\b/g, 'Reduced'],
  [/\bReduced\b/g, 'Lowered'],
  [/\bExperienced\b/g, 'Seasoned'],
  [/\bPragmatic\b/g, 'Practical'],
  [/\breliable\b/g, 'robust'],
  [/\bcustomers\b/g, 'clients'],
  [/\bteam\b/g, 'squad'],
  [/\bShipped\b/g, 'Launched'],
  [/\bWrote\b/g, 'Authored'],
  [/\bworked\b/gi, 'collaborated'],
  [/\bMentored\b/g, 'Coached'],
  [/\bOwned\b/g, 'Drove'],
  [/\bexperience\b/g, 'expertise'],
  [/\bproduct\b/g, 'platform'],
];

interface Site {
  frag: number;
  start: number;
  end: number;
  to: string;
}

/** Swap `k` synonym sites chosen at random over all the fragments (at most one per word). */
function swapSome(rng: Rng, fragments: string[], k: number): string[] {
  const sites: Site[] = [];
  fragments.forEach((f, frag) => {
    for (const [re, to] of SYNONYMS) {
      for (const m of f.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))) {
        sites.push({ frag, start: m.index, end: m.index + m[0].length, to });
      }
    }
  });
  const chosen: Site[] = [];
  for (const site of rng.shuffle(sites)) {
    if (chosen.length >= k) break;
    if (chosen.some((c) => c.frag === site.frag && c.start < site.end && site.start < c.end)) continue;
    chosen.push(site);
  }
  const out = [...fragments];
  for (const c of chosen.sort((a, b) => b.start - a.start)) {
    const f = out[c.frag]!;
    out[c.frag] = f.slice(0, c.start) + c.to + f.slice(c.end);
  }
  return out;
}

const shiftYm = (ym: string | undefined, years: number) => (ym ? `${Number(ym.slice(0, 4)) + years}${ym.slice(4)}` : ym);

/**
 * The same resume under another identity, with the small edits operators make: another name,
 * location and contact line; every date moved by the same number of years (at most one, never
 * past `maxYm`); a few words swapped for synonyms (1-5 words; in one copy out of seven a heavier
 * pass of 6-10); sometimes one bullet dropped or two swapped; skills reordered. Employers are
 * kept unless `replaceCompany` is given (then the oldest one is replaced).
 */
export function editResume(rng: Rng, doc: ResumeDoc, who: { name: string; location: string; contact: string[]; languages?: string }, maxYm: string, replaceCompany?: string): ResumeDoc {
  let shift = rng.pick([-1, 0, 0, 1]);
  const latest = doc.jobs.map((j) => j.to ?? j.from).sort().pop() ?? '0000-00';
  if (shift > 0 && shiftYm(latest, shift)! > maxYm) shift = 0;
  // All the prose, flattened, so that the word swaps land anywhere in it.
  const fragments = [doc.title, ...doc.summary, ...doc.jobs.flatMap((j) => [j.role, ...j.bullets])];
  const k = rng.chance(1 / 7) ? rng.range(6, 10) : rng.range(1, 5);
  const edited = swapSome(rng, fragments, k);
  let at = 0;
  const title = edited[at++]!;
  const summary = doc.summary.map(() => edited[at++]!);
  let jobs = doc.jobs.map((j, i) => ({
    ...j,
    company: replaceCompany !== undefined && i === doc.jobs.length - 1 ? replaceCompany : j.company,
    role: edited[at++]!,
    from: shiftYm(j.from, shift)!,
    to: shiftYm(j.to, shift),
    bullets: j.bullets.map(() => edited[at++]!),
  }));
  if (rng.chance(0.35)) {
    const withMany = jobs.filter((j) => j.bullets.length > 2);
    if (withMany.length > 0) {
      const j = rng.pick(withMany);
      const drop = rng.int(j.bullets.length);
      j.bullets = j.bullets.filter((_, i) => i !== drop);
    }
  }
  if (rng.chance(0.3)) {
    const j = rng.pick(jobs);
    if (j.bullets.length > 1) {
      const a = rng.int(j.bullets.length - 1);
      j.bullets = [...j.bullets.slice(0, a), j.bullets[a + 1]!, j.bullets[a]!, ...j.bullets.slice(a + 2)];
    }
  }
  jobs = jobs.map((j) => ({ ...j, bullets: j.bullets.filter(Boolean) }));
  return {
    ...doc,
    name: who.name,
    location: who.location,
    contact: who.contact,
    title,
    summary,
    jobs,
    skills: rng.chance(0.6) ? rng.shuffle(doc.skills) : [...doc.skills],
    languages: who.languages ?? doc.languages,
    education: doc.education.map((e) => ({ ...e, year: String(Number(e.year) + shift) })),
  };
}

/** Rewordings an operator makes when retelling one bullet in other words (applied all at once to a chosen sentence). */
const PARAPHRASES: [RegExp, string][] = [
  [/^Led a team of (\d+) engineers building /, 'Managed $1 developers to deliver '],
  [/^Migrated (.+) from (\S+) to (\S+) with no downtime\.$/, 'Moved $1 off $2 and onto $3 without any downtime.'],
  [/^Owned (.+) end to end, from design to on-call\.$/, 'Took full ownership of $1, from the first design to production support.'],
  [/^Mentored (\d+) junior engineers and reviewed code for /, 'Coached $1 junior developers and did code reviews for '],
  [/^Integrated (\S+) into /, 'Connected $1 with '],
  [/^Raised test coverage of (.+) from /, 'Increased the test coverage of $1 from '],
  [/^Worked with product and design to launch /, 'Partnered with the product and design teams on the launch of '],
  [/^Automated (.+) with (\S+), saving /, 'Used $2 to automate $1 and saved '],
  [/^Introduced (.+), which reduced /, 'Brought in $1 and so lowered '],
  [/^Cut (.+) by (\d+)% by reworking /, 'Reduced $1 by $2% through a rework of '],
  [/^Designed the data model for /, 'Created the database schema for '],
  [/^Shipped (.+) for a (.+) product in /, 'Delivered $1 for a $2 company within '],
  [/, serving (\S+) users\.$/, ' used by $1 people.'],
  [/ with (\S+) and (\S+)\.$/, ' using $1 together with $2.'],
  [/^I build reliable /, 'I develop dependable '],
  [/^Specialised in /, 'My focus areas are '],
  [/^Looking for a remote role on a product team that values /, 'I am seeking a remote position with a team that cares about '],
  [/ years of experience in /, ' years of hands-on work in '],
];
const TAILS = [' in an agile team', ' while working with remote stakeholders', ' as part of a cross-functional squad', ' under tight deadlines', ' in close collaboration with QA'];
const LEADS = ['Successfully ', 'Independently ', 'Proactively '];

/** One sentence told in other words: every matching rewording and synonym, sometimes a lead-in or a tail. */
function paraphrase(rng: Rng, sentence: string): string {
  let out = sentence;
  for (const [re, to] of PARAPHRASES) out = out.replace(re, to);
  for (const [re, to] of SYNONYMS) out = out.replace(new RegExp(re.source, re.flags.replace('g', '')), to);
  if (rng.chance(0.4)) out = `${rng.pick(LEADS)}${out[0]!.toLowerCase()}${out.slice(1)}`;
  if (rng.chance(0.4)) out = out.replace(/\.$/, `${rng.pick(TAILS)}.`);
  return out;
}

/**
 * The same resume retold by an operator under another identity: what `editResume` does (name,
 * contact, dates moved, synonyms), and then the order changed (summary sentences and each job's
 * bullets shuffled, a quarter of the time each; skills moved before experience, or another
 * layout, in one copy of ten) and a share `reword` of the sentences told in other words. With
 * reword 0-0.1, two copies of one resume share 40-66% of their 3-word sequences (10th to 90th
 * percentile, median 0.53; the pool statistics print the figure for each pool).
 */
export function paraphraseResume(rng: Rng, doc: ResumeDoc, who: { name: string; location: string; contact: string[] }, maxYm: string, reword: number): ResumeDoc {
  const base = editResume(rng, doc, who, maxYm);
  const redo = (s: string) => (rng.chance(reword) ? paraphrase(rng, s) : s);
  const maybeShuffle = (xs: string[]) => (rng.chance(0.25) ? rng.shuffle(xs) : xs);
  return {
    ...base,
    layout: rng.chance(0.1) ? rng.int(3) : base.layout,
    skillsFirst: rng.chance(0.1) ? !doc.skillsFirst : doc.skillsFirst,
    summary: maybeShuffle(base.summary).map(redo),
    jobs: base.jobs.map((j) => ({ ...j, bullets: maybeShuffle(j.bullets).map(redo) })),
  };
}

/** Word 3-shingle Jaccard similarity (for the pool's self-check, not a detector). */
export function shingleSimilarity(a: string, b: string): number {
  const sh = (s: string) => {
    const w = s.toLowerCase().split(/[^a-z0-9%+#.]+/).filter(Boolean);
    const set = new Set<string>();
    for (let i = 0; i + 2 < w.length; i++) set.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
    return set;
  };
  const A = sh(a);
  const B = sh(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const union = A.size + B.size - inter;
  return union === 0 ? 0 : inter / union;
}
