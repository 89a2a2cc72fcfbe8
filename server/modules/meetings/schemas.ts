import { z } from 'zod';
import { editionStatuses } from '../../../contract/enums';
import { agendaItemKinds, delegateStatuses, delegationRoles, locales, meetingDocumentKinds } from '../../db/schema';
import { localisedFieldSchema } from '../../platform/localised';
import { capabilities, int4, isoDate, localisedInput, optionalText } from '../../platform/schemas';
import { clockTime, iso2, requiredText } from './inputs';

export * from './inputs';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });

export const editionSchema = z.object({
  id: z.uuid(),
  number: int4(),
  startDate: z.string(),
  endDate: z.string(),
  city: z.string(),
  countryIso2: z.string(),
  theme: localisedFieldSchema,
  status: z.enum(editionStatuses),
  /** What the reader may count: delegations and delegates are left out for partners. */
  counts: z.object({
    delegations: int4().nullable(),
    delegatesApproved: int4().nullable(),
    delegatesPending: int4().nullable(),
    agendaItems: int4().nullable(),
    documents: int4(),
  }),
});
export type EditionView = z.infer<typeof editionSchema>;

export const editionListSchema = z.object({ items: z.array(editionSchema) });

// Delegations and delegates

export const createDelegationSchema = z
  .strictObject({
    stateIso2: iso2.optional(),
    agencyId: z.uuid('Not a valid agency id').optional(),
    organisationId: z.uuid('Not a valid organisation id').optional(),
    role: z.enum(delegationRoles, `Use one of ${delegationRoles.join(', ')}`),
  })
  .superRefine((v, ctx) => {
    const parties = [v.stateIso2, v.agencyId, v.organisationId].filter((p) => p !== undefined).length;
    if (parties !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['stateIso2'],
        message: 'Name exactly one of stateIso2, agencyId or organisationId',
      });
    }
  });
export type CreateDelegationInput = z.infer<typeof createDelegationSchema>;

export const updateDelegationSchema = z.strictObject({
  role: z.enum(delegationRoles, `Use one of ${delegationRoles.join(', ')}`),
});

export const headInputSchema = z.strictObject({ delegateId: z.uuid('Not a valid delegate id').nullable() });

export const delegateDecisionSchema = z
  .strictObject({
    decision: z.enum(['approved', 'declined'], 'Use approved or declined'),
    reason: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'declined' && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A decline needs a reason' });
    }
  });
export type DelegateDecisionInput = z.infer<typeof delegateDecisionSchema>;

export const delegateSchema = z.object({
  id: z.uuid(),
  delegationId: z.uuid(),
  title: z.string().nullable(),
  givenNames: z.string(),
  familyName: z.string(),
  function: z.string(),
  email: z.string(),
  status: z.enum(delegateStatuses),
  decisionReason: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  registeredAt: z.iso.datetime(),
  /**
   * For office staff, who approve one registration per person and edition: the same email in the
   * edition's other delegations. Null for a focal point, who never learns of another state's.
   */
  sameEmailElsewhere: z
    .array(
      z.object({
        delegateId: z.uuid(),
        delegationId: z.uuid(),
        stateIso2: z.string().nullable(),
        organisationName: z.string().nullable(),
        status: z.enum(delegateStatuses),
      }),
    )
    .nullable(),
  can: capabilities('edit', 'decide'),
});
export type DelegateView = z.infer<typeof delegateSchema>;

export const delegationSchema = z.object({
  id: z.uuid(),
  editionId: z.uuid(),
  role: z.enum(delegationRoles),
  stateIso2: z.string().nullable(),
  agency: z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() }).nullable(),
  organisation: z.object({ id: z.uuid(), name: z.string(), acronym: z.string().nullable() }).nullable(),
  headDelegateId: z.uuid().nullable(),
  delegates: z.array(delegateSchema),
  can: capabilities('edit', 'register'),
});
export type DelegationView = z.infer<typeof delegationSchema>;

export const delegationListSchema = z.object({
  editionStatus: z.enum(editionStatuses),
  items: z.array(delegationSchema),
});

// Badges

export const badgeSchema = z.object({
  delegateId: z.uuid(),
  title: z.string().nullable(),
  givenNames: z.string(),
  familyName: z.string(),
  function: z.string(),
  headOfDelegation: z.boolean(),
  delegationId: z.uuid(),
  role: z.enum(delegationRoles),
  stateIso2: z.string().nullable(),
  agencyName: z.string().nullable(),
  organisationName: z.string().nullable(),
});
export type BadgeView = z.infer<typeof badgeSchema>;

export const badgeListSchema = z.object({
  edition: z.object({ id: z.uuid(), number: int4(), city: z.string(), startDate: z.string(), endDate: z.string() }),
  items: z.array(badgeSchema),
});

// Agenda

const speakerInputSchema = z
  .strictObject({
    delegateId: z.uuid('Not a valid delegate id').optional(),
    name: z.string().trim().min(1, 'Give the name').max(200).optional(),
    part: optionalText(120),
  })
  .refine(
    (v) => (v.delegateId === undefined) !== (v.name === undefined),
    'Name either a delegate (delegateId) or a person (name)',
  );

export const agendaItemInputSchema = z
  .strictObject({
    day: isoDate,
    startsAt: clockTime,
    endsAt: clockTime,
    kind: z.enum(agendaItemKinds, `Use one of ${agendaItemKinds.join(', ')}`),
    title: localisedInput(300, { required: true }),
    room: optionalText(120),
    speakers: z.array(speakerInputSchema).max(30).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt <= v.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end is not after the start' });
  });
export type AgendaItemInput = z.infer<typeof agendaItemInputSchema>;

export const speakerSchema = z.object({
  delegateId: z.uuid().nullable(),
  name: z.string(),
  part: z.string().nullable(),
  /** The speaker's delegation (state code or organisation) when they are a delegate. */
  delegationLabel: z.string().nullable(),
});

export const agendaItemSchema = z.object({
  id: z.uuid(),
  editionId: z.uuid(),
  day: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  kind: z.enum(agendaItemKinds),
  title: localisedFieldSchema,
  room: z.string().nullable(),
  speakers: z.array(speakerSchema),
});
export type AgendaItemView = z.infer<typeof agendaItemSchema>;

export const agendaSchema = z.object({ items: z.array(agendaItemSchema) });

// Documents

export const documentFieldsSchema = z.strictObject({
  kind: z.enum(meetingDocumentKinds, `Use one of ${meetingDocumentKinds.join(', ')}`),
  language: z.enum(locales, `Use one of ${locales.join(', ')}`),
  title: requiredText(300, 'Give the title'),
});

export const documentSchema = z.object({
  id: z.uuid(),
  editionId: z.uuid(),
  kind: z.enum(meetingDocumentKinds),
  language: z.enum(locales),
  title: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: int4(),
  uploadedAt: z.iso.datetime(),
});
export type DocumentView = z.infer<typeof documentSchema>;

export const documentListSchema = z.object({ items: z.array(documentSchema) });
