import { z } from 'zod';
import { organisationKinds } from '../../db/schema';

export const organisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  acronym: z.string().nullable(),
  kind: z.enum(organisationKinds),
});
export type OrganisationView = z.infer<typeof organisationSchema>;

export const organisationListSchema = z.object({ items: z.array(organisationSchema) });

export const organisationListQuerySchema = z.strictObject({
  kind: z.enum(organisationKinds).optional(),
});

export const createOrganisationSchema = z.strictObject({
  name: z.string().trim().min(2, 'Required').max(200),
  acronym: z
    .string()
    .trim()
    .max(30)
    .transform((v) => (v === '' ? null : v))
    .nullish(),
  kind: z.enum(organisationKinds, `Use one of ${organisationKinds.join(', ')}`),
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationSchema>;
