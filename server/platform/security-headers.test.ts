import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { helmetOptions, securityHeaders } from './security-headers';

/** The headers helmet's own middleware sets on a real response to a request of `url`, as it ran on every request. */
function helmetSets(strictTransportSecurity: boolean, url: string): Record<string, string> {
  const middleware = helmet(helmetOptions({ secureCookies: strictTransportSecurity ? 'always' : 'auto' }));
  const request = new IncomingMessage(new Socket());
  request.url = url;
  const response = new ServerResponse(request);
  middleware(request, response, () => {});
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]));
}

describe('securityHeaders', () => {
  it('are the headers helmet sets on a response, whatever the request, with and without HSTS', () => {
    for (const url of ['/api/sessions', '/', '/assets/index.js?x=1']) {
      expect(securityHeaders({ secureCookies: 'always' })).toEqual(helmetSets(true, url));
      expect(securityHeaders({ secureCookies: 'auto' })).toEqual(helmetSets(false, url));
    }
    expect(securityHeaders({ secureCookies: 'always' })['strict-transport-security']).toMatch(/^max-age=/);
    expect(securityHeaders({ secureCookies: 'auto' })['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
