import { Command, InvalidArgumentError } from 'commander';
import { DomainError } from '../domain/errors.js';
import { adminCreate, adminResetPassword, tokenCreate } from './admin.js';
import { auditCheckpoint, auditPublicKey, auditVerify, auditVerifyCheckpoint } from './audit.js';
import { demo } from './demo.js';
import { openapi } from './openapi.js';
import { planCommand, sectorShelfLife } from './plan.js';
import { serve } from './serve.js';
import { withStore } from './runtime.js';

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
};

const program = new Command('karvan')
  .description('Karvan: track in-kind humanitarian aid unit by unit, from a need to a household.')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the HTTP server (PORT, KARVAN_DATA_DIR or DATABASE_URL); applies migrations first')
  .action(serve);

program
  .command('migrate')
  .description('bring the database to the current schema and exit (serve does this too)')
  .action(() => withStore(async (store) => console.log(`database is up to date (${store.backend})`)));

const admin = program.command('admin').description('manage administrators from the server machine');
admin
  .command('create')
  .description('create an instance administrator (prints a temporary password unless --password-stdin)')
  .requiredOption('--email <email>', 'their e-mail address, used to sign in')
  .requiredOption('--name <name>', 'their name as others will see it')
  .option('--password-stdin', 'read the password from the first line of standard input')
  .action(adminCreate);
admin
  .command('reset-password')
  .description("set a new password for a user and sign out all their sessions")
  .requiredOption('--email <email>', 'the e-mail address of the user')
  .option('--password-stdin', 'read the new password from the first line of standard input')
  .action(adminResetPassword);

const token = program.command('token').description('API tokens for scripts and devices');
token
  .command('create')
  .description('create an API token for a user and print it (to standard output, once)')
  .requiredOption('--email <email>', 'the user the token acts as')
  .requiredOption('--name <name>', 'what the token is for, e.g. "tablet, Khan Younis site 3"')
  .option('--expires-in-days <days>', 'valid for this many days (default: until revoked)', positiveInteger)
  .action(tokenCreate);

const audit = program.command('audit').description("check the stock ledger's hash chains and sign checkpoints");
audit
  .command('verify')
  .description('recompute every chain and balance from scratch and name the first transfer that does not match (exit 1 if any)')
  .option('--checkpoint <file>', 'also check that the ledger still passes through this signed checkpoint')
  .option('--public-key <file>', 'the PEM public key to check the checkpoint with (default: the one in the database)')
  .option('--json', 'print the full report as JSON')
  .action(auditVerify);
audit
  .command('checkpoint')
  .description('verify the ledger, then sign the head of every chain and write it to a file (and publish it)')
  .option('--out <file>', 'where to write it (default: karvan-checkpoint-<time>.json here)')
  .action(auditCheckpoint);
audit
  .command('verify-checkpoint <file>')
  .description('check a checkpoint file with a public key, offline: no database needed')
  .requiredOption('--public-key <file>', 'the PEM public key, as published at /api/audit/public-key')
  .action(auditVerifyCheckpoint);
audit
  .command('public-key')
  .description('print the PEM public key that checkpoints are signed with (to publish it)')
  .action(auditPublicKey);

const fraction = (value: string) => {
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0 || x > 1) throw new InvalidArgumentError('must be a number above 0 and at most 1');
  return x;
};
const wholeNumber = (value: string) => {
  const x = Number(value);
  if (!Number.isSafeInteger(x) || x < 0) throw new InvalidArgumentError('must be a whole number of 0 or more');
  return x;
};

program
  .command('demo')
  .description(
    'load the demo scenario into an EMPTY database: Isfahan civic groups, Gaza partners, needs, pledges, stock, consignments, 5,000 households and 10,000 distributions; then verify the ledger and print how to sign in',
  )
  .option('--seed <n>', 'the seed of the scenario: the same seed gives the same figures', wholeNumber, 1)
  .option('--scale <fraction>', 'load a smaller scenario, e.g. 0.1 for 500 households', fraction, 1)
  .option('--json', 'print the summary as one JSON line instead of words')
  .action(demo);

const positiveNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number above 0');
  return n;
};

program
  .command('plan')
  .description('run the allocation planner for a sending organisation, keep the plan and print it (progress on stderr)')
  .option('--organisation <id>', 'the sending organisation (default: the only one there is)')
  .option('--time-limit <seconds>', "the planner's time budget (default 2)", positiveNumber)
  .option('--plan-date <YYYY-MM-DD>', 'the day of the first departures (default today, UTC)')
  .option('--min-shelf-life <days>', 'days of shelf life a lot must keep on arrival (default 90)', wholeNumber)
  .option('--shelf-life <sector=days>', 'the same for one sector, e.g. health=180 (repeatable)', sectorShelfLife)
  .option('--json', 'print the plan as JSON (as the API returns it) instead of a table')
  .action(planCommand);

program
  .command('openapi')
  .description('print the OpenAPI document, or write it to docs/openapi.json')
  .option('--write', 'write docs/openapi.json instead of printing')
  .action(openapi);

try {
  await program.parseAsync();
} catch (error) {
  const message = error instanceof DomainError ? `${error.field ? `${error.field}: ` : ''}${error.message}` : (error as Error).message;
  console.error(`karvan: ${message}`);
  process.exitCode = 1;
}
