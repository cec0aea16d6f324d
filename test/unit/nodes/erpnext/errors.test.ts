// Frappe error bodies → node errors: the double-encoded _server_messages, and a message per status
// that tells the user what to fix.
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../../host/engine/http-request.ts';
import { NodeApiError } from '../../../../host/model/errors.ts';
import { erpNextError, errorText, isRateLimited, serverMessages, transportError } from '../../../../nodes/erpnext/errors.ts';
import type { RequestSubject } from '../../../../nodes/erpnext/errors.ts';

/** _server_messages as Frappe builds it: a JSON list of JSON-encoded message objects. */
const encode = (...messages: string[]) => JSON.stringify(messages.map((message) => JSON.stringify({ message, title: 'Message', indicator: 'red', raise_exception: 1 })));
const res = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ statusCode, body, headers, statusMessage: '' });
const doc: RequestSubject = { method: 'GET', path: '/api/resource/Issue/ISS-1', host: 'erp.test', doctype: 'Issue', name: 'ISS-1', permission: 'read' };

describe('serverMessages / errorText', () => {
  it('decodes the twice-encoded list, strips HTML and keeps every message', () => {
    const body = { exc_type: 'MandatoryError', _server_messages: encode('<b>Subject</b> is required', 'Row #1: &quot;qty&quot; must be &gt; 0') };
    expect(serverMessages(body)).toEqual(['Subject is required', 'Row #1: "qty" must be > 0']);
    expect(errorText(body)).toBe('Subject is required Row #1: "qty" must be > 0');
  });
  it('accepts inner plain strings and survives garbage', () => {
    expect(serverMessages({ _server_messages: JSON.stringify(['plain text']) })).toEqual(['plain text']);
    expect(serverMessages({ _server_messages: 'not json' })).toEqual(['not json']);
    expect(serverMessages({ _server_messages: 42 })).toEqual([]);
    expect(serverMessages('text')).toEqual([]);
  });
  it('falls back to the exception line (without the class path), then message, then text', () => {
    expect(errorText({ exception: 'frappe.exceptions.ValidationError: Date is wrong' })).toBe('Date is wrong');
    expect(errorText({ message: 'Method not allowed' })).toBe('Method not allowed');
    expect(errorText('<html><body><h1>502 Bad Gateway</h1></body></html>')).toBe('502 Bad Gateway');
    expect(errorText({})).toBe('');
  });
});

describe('erpNextError', () => {
  it('401 tells to check the API key and secret', () => {
    const e = erpNextError('ERP', res(401, { exc_type: 'AuthenticationError' }), doc);
    expect(e).toBeInstanceOf(NodeApiError);
    expect(e.message).toBe('ERPNext rejected the credentials (401 AuthenticationError): check the ERPNext API key and API secret in the credential');
    expect(e.httpCode).toBe('401');
    expect(e.description).toContain('erp.test');
  });
  it('403 names the doctype and the permission the user lacks', () => {
    const e = erpNextError('ERP', res(403, { exc_type: 'PermissionError', _server_messages: encode('Insufficient Permission for Service Contract') }), {
      ...doc,
      doctype: 'Service Contract',
      name: undefined,
      permission: 'create',
    });
    expect(e.message).toBe('No permission to create Service Contract in ERPNext (403 PermissionError)');
    expect(e.description).toContain('lacks the "create" permission on Service Contract');
    expect(e.description).toContain('Insufficient Permission for Service Contract');
  });
  it('404 names the doctype and the document, or the doctype alone, or the method', () => {
    expect(erpNextError('ERP', res(404, { exc_type: 'DoesNotExistError' }), doc).message).toBe('Issue "ISS-1" does not exist in ERPNext (404 DoesNotExistError)');
    expect(erpNextError('ERP', res(404, { exc_type: 'DoesNotExistError' }), { ...doc, doctype: 'Isue', name: undefined }).message).toBe(
      'DocType "Isue" does not exist in ERPNext (404 DoesNotExistError)',
    );
    expect(erpNextError('ERP', res(404, {}), { ...doc, methodName: 'gigafibre.api.nope' }).message).toBe('ERPNext has no whitelisted method "gigafibre.api.nope" (404)');
  });
  it('409 says the document exists; 417 shows the server message', () => {
    const dup = erpNextError('ERP', res(409, { exc_type: 'DuplicateEntryError', _server_messages: encode('Customer Acme already exists') }), { ...doc, doctype: 'Customer', name: 'Acme', permission: 'create' });
    expect(dup.message).toBe('Customer "Acme" already exists in ERPNext (409 DuplicateEntryError)');
    const invalid = erpNextError('ERP', res(417, { exc_type: 'ValidationError', _server_messages: encode('Cannot submit a cancelled document') }), { ...doc, permission: 'submit' });
    expect(invalid.message).toBe('ERPNext could not submit Issue "ISS-1": Cannot submit a cancelled document (417 ValidationError)');
  });
  it('rate limits (429, or 417 RateLimitExceededError) say how many tries and the Retry-After', () => {
    expect(isRateLimited(res(429, 'Too Many Requests'))).toBe(true);
    expect(isRateLimited(res(417, { exc_type: 'RateLimitExceededError' }))).toBe(true);
    expect(isRateLimited(res(417, { exc_type: 'ValidationError' }))).toBe(false);
    const e = erpNextError('ERP', res(429, 'Too Many Requests', { 'retry-after': '30' }), doc, 4);
    expect(e.message).toBe('ERPNext is rate limiting requests (429); gave up after 4 tries');
    expect(e.description).toContain('wait 30 s');
  });
  it('5xx says it failed inside ERPNext, with the exception when shown', () => {
    const e = erpNextError('ERP', res(500, { exc_type: 'OperationalError', exception: 'pymysql.err.OperationalError: (1213, Deadlock)' }), doc);
    expect(e.message).toBe('ERPNext server error (500 OperationalError) while trying to read Issue "ISS-1"');
    expect(e.description).toContain('Deadlock');
  });
});

describe('transportError', () => {
  it('a timeout names the host and the time limit; other failures name the host and the Base URL', () => {
    const timeout = transportError('ERP', new NodeApiError('ERP', 'Request to erp.test timed out after 500 ms', { httpCode: 'ETIMEDOUT' }), doc, 500) as NodeApiError;
    expect(timeout.message).toBe('ERPNext at erp.test did not answer within 500 ms');
    expect(timeout.description).toContain('Timeout (ms)');
    const refused = transportError('ERP', new NodeApiError('ERP', 'Could not reach erp.test: connect ECONNREFUSED', { httpCode: 'ECONNREFUSED' }), doc, 500) as NodeApiError;
    expect(refused.message).toContain('Could not reach ERPNext at erp.test');
    expect(refused.description).toContain('Base URL');
    const canceled = new NodeApiError('ERP', 'canceled', { httpCode: 'ECANCELED' });
    expect(transportError('ERP', canceled, doc, 500)).toBe(canceled);
  });
});
