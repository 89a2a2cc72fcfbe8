import { z } from 'zod';
import { subregions } from '../../../contract/enums';
import { int4 } from '../../platform/schemas';
import { iso2Schema } from '../users/schemas';

const localisedText = z.object({ en: z.string(), fr: z.string(), ar: z.string(), pt: z.string() });

export const referenceSchema = z.object({
  pillars: z.array(z.object({ code: z.string(), titles: localisedText })),
  resolutions: z.array(z.object({ number: int4(), year: int4(), subject: z.string() })),
  agencyTypes: z.array(z.string()),
  subregions: z.array(z.enum(subregions)),
});

export const stateSchema = z.object({
  iso2: z.string(),
  iso3: z.string(),
  names: localisedText,
  subregion: z.enum(subregions),
});

export const stateListQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  subregion: z.enum(subregions).optional(),
});

export const stateParamsSchema = z.object({ iso2: iso2Schema });

export const stateDetailSchema = stateSchema.extend({
  contacts: z.array(z.object({ id: z.string(), displayName: z.string(), email: z.string() })).nullable(),
  userCounts: z.object({ focalPoints: int4(), participants: int4() }).nullable(),
});
