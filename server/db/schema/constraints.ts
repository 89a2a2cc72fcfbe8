import { unique } from 'drizzle-orm/pg-core';

/**
 * Names of the unique constraints that a migration makes DEFERRABLE INITIALLY IMMEDIATE. Drizzle
 * cannot declare deferrability, so the schema says it here, beside the constraint, and the
 * schema-drift test (test/api/schema-drift.test.ts) holds this list against the database.
 */
export const deferrableUniqueConstraints = new Set<string>();

/** A unique constraint that a hand-written migration makes deferrable (name it in that migration). */
export function deferrableUnique(name: string) {
  deferrableUniqueConstraints.add(name);
  return unique(name);
}
