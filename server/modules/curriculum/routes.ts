import type { FastifyPluginAsync } from 'fastify';
import { routesOf } from '../../platform/route';
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

const read = 'curriculum.read';
const write = 'curriculum.write';

/**
 * Programmes and courses. Content fields (title, description, learning objectives) come back as
 * { text, lang, values }: the text in the reader's language (else en, fr, ar, pt) and every language.
 */
export const curriculumRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['curriculum'] });

  route.get('/programmes', { access: read, summary: 'Programmes with their courses', response: programmeListSchema }, (c) =>
    service.listProgrammes(c.db, c.actor),
  );

  route.post(
    '/programmes',
    { access: write, summary: 'Create a programme', body: createProgrammeSchema, response: programmeSchema, status: 201 },

    (c) => service.createProgramme(c.db, c.actor, c.audit, c.body),
  );

  route.get(
    '/programmes/:id',
    { access: read, summary: 'A programme and its courses', params: idParamsSchema, response: programmeSchema },

    (c) => service.getProgramme(c.db, c.actor, c.params.id),
  );

  route.patch(
    '/programmes/:id',
    {
      access: write,
      summary: 'Edit a programme',
      params: idParamsSchema,
      body: updateProgrammeSchema,
      response: programmeSchema,
    },
    (c) => service.updateProgramme(c.db, c.actor, c.audit, c.params.id, c.body),
  );

  route.get(
    '/courses',
    { access: read, summary: 'Courses, by programme or level', query: courseListQuerySchema, response: courseListSchema },

    (c) => service.listCourses(c.db, c.actor, c.query),
  );

  route.post(
    '/courses',
    {
      access: write,
      summary: 'Create a course (unknown pillars, resolutions, organisations or states: 422 naming the field)',
      body: createCourseSchema,
      response: courseSchema,
      status: 201,
    },
    (c) => service.createCourse(c.db, c.actor, c.audit, c.body),
  );

  route.get(
    '/courses/:id',
    { access: read, summary: 'A course with every field', params: idParamsSchema, response: courseSchema },

    (c) => service.getCourse(c.db, c.actor, c.params.id),
  );

  route.patch(
    '/courses/:id',
    { access: write, summary: 'Edit a course', params: idParamsSchema, body: updateCourseSchema, response: courseSchema },

    (c) => service.updateCourse(c.db, c.actor, c.audit, c.params.id, c.body),
  );
};
