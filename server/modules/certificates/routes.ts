import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sendDownload } from '../../platform/files';
import { routesOf } from '../../platform/route';
import {
  certificateListSchema,
  certificateSchema,
  idParamSchema,
  issueResultSchema,
  issuerProfileSchema,
  jwksSchema,
  listParamSchema,
  listQuerySchema,
  paperQuerySchema,
  previewSchema,
  revokeInputSchema,
  verifyInputSchema,
  verifyResultSchema,
} from './schemas';
import * as service from './service';

const issuerOf = (request: FastifyRequest): service.Issuer => ({ config: request.server.config, keys: request.server.keys });

/** Issuing, reading and revoking certificates. Registered at /api. */
export const certificateRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['certificates'] });
  const publicUrl = app.config.publicUrl;

  route.get(
    '/sessions/:id/certificates/preview',
    {
      access: 'certificates.issue',
      summary: 'Who would get a certificate if the session’s certificates were issued now',
      params: idParamSchema,
      response: previewSchema,
    },
    (c) => service.preview(c.db, c.audit, c.actor, c.params.id),
  );

  route.post(
    '/sessions/:id/certificates',
    {
      access: 'certificates.issue',
      summary: 'Issue the certificates of a completed session (one per completion not yet holding one)',
      params: idParamSchema,
      response: issueResultSchema,
      status: 201,
    },
    (c) => service.issue(c.db, c.audit, c.actor, issuerOf(c.request), c.params.id),
  );

  route.get(
    '/certificates',
    {
      access: 'certificates.read',
      summary:
        'Certificates in the reader’s scope: all (officers), their state’s officials (focal points), their own (participants)',
      query: listQuerySchema,
      response: certificateListSchema,
    },
    (c) => service.list(c.db, c.audit, c.actor, publicUrl, c.query),
  );

  route.get(
    '/certificates/:id',
    { access: 'certificates.read', summary: 'One certificate', params: idParamSchema, response: certificateSchema },
    (c) => service.getOne(c.db, c.audit, c.actor, publicUrl, c.params.id),
  );

  route.get(
    '/certificates/:id/credential.jwt',
    { access: 'certificates.read', summary: 'Download the signed credential (VC-JWT)', params: idParamSchema },
    async (c) => {
      const { jwt } = await service.credentialOf(c.db, c.audit, c.actor, c.params.id);
      return sendDownload(c.reply, { name: `certificate-${c.params.id}.jwt`, mediaType: 'application/vc+jwt', content: jwt });
    },
  );

  route.get(
    '/certificates/:id/credential.json',
    {
      access: 'certificates.read',
      summary: 'Download the credential the JWT carries (Open Badges 3.0 JSON)',
      params: idParamSchema,
    },
    async (c) => {
      const { credential } = await service.credentialOf(c.db, c.audit, c.actor, c.params.id);
      return sendDownload(c.reply, {
        name: `certificate-${c.params.id}.json`,
        mediaType: 'application/json',
        content: JSON.stringify(credential, null, 2),
      });
    },
  );

  route.get(
    '/certificates/:id/certificate.pdf',
    {
      access: 'certificates.read',
      summary: 'The paper certificate (PDF) in the participant’s language, or `lang`',
      params: idParamSchema,
      query: paperQuerySchema,
    },
    async (c) => {
      const pdf = await service.paperOf(c.db, c.audit, c.actor, issuerOf(c.request), c.params.id, c.query.lang);
      return sendDownload(c.reply, { name: `certificate-${c.params.id}.pdf`, mediaType: 'application/pdf', content: pdf });
    },
  );

  route.post(
    '/certificates/:id/revoke',
    {
      access: 'certificates.issue',
      summary: 'Revoke a certificate with a reason: its bit is set in the published status list',
      params: idParamSchema,
      body: revokeInputSchema,
      response: certificateSchema,
    },
    (c) => service.revoke(c.db, c.audit, c.actor, publicUrl, c.params.id, c.body),
  );
};

/** What anyone may read or ask without signing in: the issuer, its keys, the status lists, verification. Registered at /api/credentials. */
export const credentialRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['credentials'] });

  route.get(
    '/issuer',
    { access: 'public', summary: 'The issuer’s Open Badges profile', response: issuerProfileSchema, errors: false },
    (c) => service.issuerProfile(c.request.server.config),
  );

  route.get(
    '/jwks.json',
    {
      access: 'public',
      summary: 'The issuer’s public keys (JWKS), every key ever used: old certificates still verify',
      response: jwksSchema,
      errors: false,
    },
    (c) => c.request.server.keys.credentialSigning.published(),
  );

  route.get(
    '/status/:listId',
    {
      access: 'public',
      summary: 'A signed W3C Bitstring Status List credential (VC-JWT): the revocation bits',
      params: listParamSchema,
    },
    async (c) => {
      const jwt = await service.statusListJwt(c.db, issuerOf(c.request), c.params.listId);
      return c.reply.type('application/vc+jwt').header('cache-control', 'no-cache').send(jwt);
    },
  );

  route.post(
    '/verify',
    {
      access: 'public',
      summary: 'Check a certificate by its credential (JWT) or its code; confirm a typed name without revealing it',
      body: verifyInputSchema,
      response: verifyResultSchema,
    },
    (c) => service.verify(c.db, issuerOf(c.request), c.request.ip, c.body),
  );
};
