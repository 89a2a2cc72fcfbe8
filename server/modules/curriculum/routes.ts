import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import {
  courseListQuerySchema,
  courseListSchema,
  courseSchema,
  createCourseSchema,
  createProgrammeSchema,
  idParamsSchema,
  programmeListSchema,
  programmeSchema,
  updateCourseSchema,
  updateProgrammeSchema,
} from './schemas';
import * as service from './service';

const read = { access: 'curriculum.read' } as const;
const write = { access: 'curriculum.write' } as const;
const tags = ['curriculum'];

/**
 * Programmes and courses. Content fields (title, description, learning objectives) come back as
 * { text, lang, values }: the text in the reader's language (else en, fr, ar, pt) and every language.
 */
export const curriculumRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/programmes',
    {
      config: read,
      schema: { tags, summary: 'Programmes with their courses', response: { 200: programmeListSchema, ...errorResponses } },
    },
    async (request) => service.listProgrammes(app.db, actorOf(request)),
  );

  app.post(
    '/programmes',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a programme',
        body: createProgrammeSchema,
        response: { 201: programmeSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createProgramme(app.db, actorOf(request), request.auditContext(), request.body)),
  );

  app.get(
    '/programmes/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A programme and its courses',
        params: idParamsSchema,
        response: { 200: programmeSchema, ...errorResponses },
      },
    },
    async (request) => service.getProgramme(app.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/programmes/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a programme',
        params: idParamsSchema,
        body: updateProgrammeSchema,
        response: { 200: programmeSchema, ...errorResponses },
      },
    },
    async (request) => service.updateProgramme(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );

  app.get(
    '/courses',
    {
      config: read,
      schema: {
        tags,
        summary: 'Courses, by programme or level',
        querystring: courseListQuerySchema,
        response: { 200: courseListSchema, ...errorResponses },
      },
    },
    async (request) => service.listCourses(app.db, actorOf(request), request.query),
  );

  app.post(
    '/courses',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a course (unknown pillars, resolutions, organisations or states: 422 naming the field)',
        body: createCourseSchema,
        response: { 201: courseSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createCourse(app.db, actorOf(request), request.auditContext(), request.body)),
  );

  app.get(
    '/courses/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A course with every field',
        params: idParamsSchema,
        response: { 200: courseSchema, ...errorResponses },
      },
    },
    async (request) => service.getCourse(app.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/courses/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a course',
        params: idParamsSchema,
        body: updateCourseSchema,
        response: { 200: courseSchema, ...errorResponses },
      },
    },
    async (request) => service.updateCourse(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );
};
