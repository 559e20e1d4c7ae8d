import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../../../common/contract/people';
import { HattamaError } from '../../../common/errors';
import { dataOption } from '../context';
import { actingPinFileOption, pinFileSets, readPinFile } from '../identity';
import { withStation } from '../station-client';

// `hattama user …`: the station's people. The first person (an administrator or a technician)
// is added without signing in; after that, as an administrator:
//   hattama user add --as ADMIN --as-pin-file admin.pin --data D --name NAME --role secretary --pin-file new.pin

function roles(v: string): Role[] {
  const list = v.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = list.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length || list.length === 0) throw new HattamaError('app.badArgument', { detail: `--role ${v} (${ROLES.join(', ')})` });
  return list as Role[];
}

function personId(v: string): number {
  if (!/^\d+$/.test(v)) throw new HattamaError('app.badArgument', { detail: `person id ${v}` });
  return Number(v);
}

const out = (s: string) => process.stdout.write(`${s}\n`);

export function registerUser(program: Command): void {
  const user = program.command('user').description("the station's people: add, list, disable, set a PIN");

  pinFileSets(user.command('add'))
    .description('add a person (prints the new id)')
    .addOption(dataOption())
    .requiredOption('--name <full name>', 'full name')
    .requiredOption('--role <role[,role]>', `roles: ${ROLES.join(', ')}`)
    .requiredOption('--pin-file <file>', "file whose first line is the new person's PIN (4–12 digits)")
    .option('--iin <iin>', 'individual identification number (12 digits)')
    .option('--cert-sha256 <hex>', "SHA-256 of the person's signing certificate")
    .action(async (o: { data: string; name: string; role: string; pinFile: string; iin?: string; certSha256?: string }) => {
      const input = { fullName: o.name, roles: roles(o.role), pin: readPinFile(o.pinFile), ...(o.iin ? { iin: o.iin } : {}), ...(o.certSha256 ? { certFingerprint: o.certSha256 } : {}) };
      const p = await withStation(o.data, (s) => s.call('people.add', input));
      out(String(p.id));
    });

  user
    .command('list')
    .description('everyone known to the station')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .option('--json', 'print JSON')
    .action(async (o: { data: string; json?: boolean }) => {
      const people = await withStation(o.data, (s) => s.call('people.list', {}));
      if (o.json) {
        out(JSON.stringify(people, null, 2));
        return;
      }
      for (const p of people) out(`${p.id}\t${p.fullName}\t${p.roles.join(',')}\t${p.active ? 'active' : 'inactive'}${p.iin ? `\t${p.iin}` : ''}`);
    });

  user
    .command('disable')
    .description('make a person inactive (people are never deleted)')
    .addOption(dataOption())
    .addOption(actingPinFileOption())
    .argument('<id>', 'person id')
    .action(async (id: string, o: { data: string }) => {
      await withStation(o.data, (s) => s.call('people.update', { personId: personId(id), active: false }));
    });

  pinFileSets(user.command('set-pin'))
    .description("set a person's PIN (clears a lock-out)")
    .addOption(dataOption())
    .argument('<id>', 'person id')
    .addOption(new Option('--pin-file <file>', "file whose first line is the new PIN").makeOptionMandatory())
    .action(async (id: string, o: { data: string; pinFile: string }) => {
      await withStation(o.data, (s) => s.call('people.setPin', { personId: personId(id), pin: readPinFile(o.pinFile) }));
    });
}
