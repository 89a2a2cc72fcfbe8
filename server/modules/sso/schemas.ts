import { z } from 'zod';

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Give a domain such as office.example.org');

export const ssoSettingsInput = z.strictObject({
  enabled: z.boolean(),
  displayName: z.string().trim().min(1).max(60),
  issuer: z.string().trim().min(1).max(500),
  clientId: z.string().trim().min(1).max(300),
  /** Left out to keep the stored secret. */
  clientSecret: z.string().min(1).max(1000).optional(),
  domains: z.array(domainSchema).max(50),
  trustProviderMfa: z.boolean(),
});

export const ssoSettingsView = z.object({
  enabled: z.boolean(),
  displayName: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  /** Whether a client secret is stored; the secret itself is never sent back. */
  clientSecretSet: z.boolean(),
  domains: z.array(z.string()),
  trustProviderMfa: z.boolean(),
  /** The redirect URI to register at the provider. */
  redirectUri: z.string(),
});

export const ssoPublicView = z.object({
  enabled: z.boolean(),
  displayName: z.string().nullable(),
  domains: z.array(z.string()),
});
