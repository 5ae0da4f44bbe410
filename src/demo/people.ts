import type { Role } from '../domain/access.js';

/**
 * Invented names for the demo's people, one per organisation and role, in the script people there
 * write them in; the role follows in brackets so a screenshot says who is signed in.
 */
const persian = ['Maryam Ahmadi', 'Reza Karimi', 'Zahra Hosseini', 'Ali Mousavi', 'Fatemeh Rahimi', 'Hossein Jafari', 'Narges Sadeghi', 'Mehdi Rostami', 'Leila Ebrahimi', 'Saeed Moradi', 'Parisa Ghasemi', 'Amir Rezaei'];
const arabic = ['Samira Abu Shaaban', 'Khaled Al-Najjar', 'Huda Al-Masri', 'Yousef Baroud', 'Rana Abu Ouda', 'Mahmoud Shurrab', 'Nour Al-Farra', 'Ibrahim Qudaih', 'Amal Al-Agha', 'Omar Abu Jamea'];

const roleNames: Record<Role, string> = { admin: 'administrator', coordinator: 'coordinator', warehouse: 'warehouse officer', field: 'field officer', monitor: 'monitor' };

/** The display name of the `index`-th demo person of a country. */
export function demoPersonName(country: string, index: number, role: Role): string {
  const names = country === 'IR' ? persian : arabic;
  return `${names[index % names.length]} (${roleNames[role]})`;
}
