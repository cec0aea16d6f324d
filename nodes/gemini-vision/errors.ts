// Gemini failures as node errors that say what to do: fix the key, pick another model, shorten
// the prompt, or wait (and, for scans, that the photo was queued instead).
import { NodeApiError } from '../../host/model/errors.ts';
import { describeFailure, GeminiError } from './client.ts';

function advice(e: GeminiError, model: string): { message: string; description: string } {
  const code = describeFailure(e);
  const said = `Gemini says: "${e.message}"`;
  if (e.kind === 'timeout') return { message: e.message, description: 'Raise "Timeout" in the options if large photos need longer, or check the network to generativelanguage.googleapis.com.' };
  if (e.kind === 'unreachable') return { message: e.message, description: "Check the credential's Base URL (empty for Google) and that Gigaflow can reach it." };
  if (e.kind === 'canceled') return { message: e.message, description: 'The execution was canceled.' };
  if (e.kind === 'answer') return { message: e.message, description: 'Try a clearer photo or another prompt; a schema answer cut off at MAX_TOKENS needs a higher "Max Output Tokens".' };
  if (e.reason === 'API_KEY_INVALID' || (e.httpStatus === 400 && /api key/i.test(e.message)))
    return { message: `Gemini rejected the API key (${code}): check the API key in the Gemini credential`, description: `${said} Create a key at https://aistudio.google.com/apikey and paste it into the credential.` };
  if (e.httpStatus === 401 || e.httpStatus === 403)
    return {
      message: `Gemini refused access (${code}): the API key may not use the Gemini API`,
      description: `${said} Check that the key is not suspended or restricted, and that the Generative Language API is enabled for its project.`,
    };
  if (e.httpStatus === 404) return { message: `Gemini has no model "${model}" (${code})`, description: `${said} Set "Model" to a current model, e.g. gemini-2.5-flash.` };
  if (e.httpStatus === 429) return { message: `Gemini quota exhausted (${code}); gave up after retrying`, description: `${said} Wait, lower the request rate, or raise the project's quota.` };
  if (e.transient) return { message: `Gemini is unavailable (${code}); gave up after retrying`, description: said };
  return { message: `Gemini refused the request (${code}): ${e.message}`, description: 'Check the prompt, the image and the JSON schema (the API takes its OpenAPI subset: type, properties, required, items, enum, nullable).' };
}

/** A NodeApiError for a Gemini failure; other errors pass through. */
export function geminiNodeError(node: string, err: unknown, model: string): unknown {
  if (!(err instanceof GeminiError)) return err;
  const { message, description } = advice(err, model);
  return new NodeApiError(node, message, { httpCode: err.httpStatus ?? (err.kind === 'timeout' ? 'ETIMEDOUT' : err.kind === 'unreachable' ? (err.networkCode ?? 'ECONNREFUSED') : undefined), description, responseBody: err.responseBody });
}
