import { Password } from '../domain/passwords.js';
import { createToken } from '../services/auth/tokens.js';
import { createInstanceAdmin, findUserIdByEmail, resetPassword, temporaryPassword } from '../services/users.js';
import { readPasswordFromStdin, withStore } from './runtime.js';

interface PasswordOptions {
  passwordStdin?: boolean;
}

/** The password to set: read from standard input when asked, else made up and printed once. */
async function choosePassword(options: PasswordOptions): Promise<{ password: string; generated: boolean }> {
  if (!options.passwordStdin) return { password: temporaryPassword(), generated: true };
  const password = await readPasswordFromStdin();
  const checked = Password.safeParse(password);
  if (!checked.success) throw new Error(`the password ${checked.error.issues[0]!.message}`);
  return { password, generated: false };
}

export async function adminCreate(options: { email: string; name: string } & PasswordOptions): Promise<void> {
  const { password, generated } = await choosePassword(options);
  await withStore(async (store) => {
    const user = await createInstanceAdmin(store.db, { email: options.email, displayName: options.name, password, mustChangePassword: generated });
    console.log(`Created administrator ${user.displayName} <${user.email}>.`);
    if (generated) console.log(`Temporary password (shown once; change it after signing in): ${password}`);
  });
}

export async function adminResetPassword(options: { email: string } & PasswordOptions): Promise<void> {
  const { password, generated } = await choosePassword(options);
  await withStore(async (store) => {
    await resetPassword(store.db, options.email, password, generated);
    console.log(`Password of ${options.email} reset; their sessions are signed out.`);
    if (generated) console.log(`Temporary password (shown once; change it after signing in): ${password}`);
  });
}

export async function tokenCreate(options: { email: string; name: string; expiresInDays?: number }): Promise<void> {
  await withStore(async (store) => {
    const userId = await findUserIdByEmail(store.db, options.email);
    if (!userId) throw new Error(`no user with e-mail ${options.email}; create them first`);
    const created = await createToken(store.db, userId, { name: options.name, expiresInDays: options.expiresInDays });
    console.log(created.token);
    console.error(`Token "${created.name}" for ${options.email}${created.expiresAt ? `, valid until ${created.expiresAt}` : ''}. Send it as "Authorization: Bearer <token>"; it is shown only now.`);
  });
}
