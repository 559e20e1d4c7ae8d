import type { Command } from 'commander';

type Register = (program: Command) => void;
type Loader = () => Promise<Register>;

// Every `hattama` sub-command: its name, and the module that defines it, loaded only when that
// command runs (or for --help). Loading all of them costs ~1 s of CPU (Fastify, tus, Kysely,
// pdfkit, docx), which a 60-second `hattama record` should not pay. A new command is a file in
// this folder and one line here.
const modules: Record<string, Loader> = {
  serve: async () => (await import('./serve')).registerServe,
  central: async () => (await import('./central')).registerCentral,
  enroll: async () => (await import('./enroll')).registerEnroll,
  sync: async () => (await import('./sync')).registerSync,
  protocol: async () => (await import('./protocol')).registerProtocol,
  status: async () => (await import('./status')).registerStatus,
  user: async () => (await import('./user')).registerUser,
  audit: async () => (await import('./audit')).registerAudit,
  schedule: async () => (await import('./schedule')).registerSchedule,
  record: async () => (await import('./record')).registerRecord,
  verify: async () => (await import('./record')).registerRecord,
  recover: async () => (await import('./record')).registerRecord,
  check: async () => (await import('./check')).registerCheck,
  doctor: async () => (await import('./doctor')).registerDoctor,
  seal: async () => (await import('./seal')).registerSeal,
  clip: async () => (await import('./clip')).registerClip,
  copy: async () => (await import('./copy')).registerCopy,
};

/** The registrations needed to run `argv`: just its command's, or all of them (help, unknown names). */
export async function registrationsFor(argv: readonly string[]): Promise<Register[]> {
  const name = argv.find((a) => !a.startsWith('-') && !['kk', 'ru', 'en'].includes(a));
  const loaders = name && Object.hasOwn(modules, name) ? [modules[name]!] : Object.values(modules);
  const registers = await Promise.all(loaders.map((load) => load()));
  return [...new Set(registers)];
}
