/**
 * Proxy mode: forwards each (already decided) shape request over HTTP to an
 * Electric-compatible service (ELECTRIC_URL, with ELECTRIC_SECRET added as
 * Electric's `secret` parameter) and hands back its status, headers and body
 * as a stream. This is the scale-out path: Electric in front of the same
 * PostgreSQL, many server replicas in front of Electric.
 */
import { upstreamShapeUrl } from './shape-definition.ts';
import type { ShapeBackend, ShapeDefinition, ShapeProtocolParams, ShapeRequestHeaders, ShapeResponse } from './shape-backend.ts';

export class ProxyShapeBackend implements ShapeBackend {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string | undefined,
  ) {}

  async serve(
    definition: ShapeDefinition,
    protocol: ShapeProtocolParams,
    signal: AbortSignal,
    headers: ShapeRequestHeaders = {},
  ): Promise<ShapeResponse> {
    const url = upstreamShapeUrl(this.baseUrl, definition, protocol, this.secret);
    const res = await fetch(url, {
      signal,
      headers: headers.ifNoneMatch ? { 'if-none-match': headers.ifNoneMatch } : {},
      redirect: 'error',
    });
    const out: Record<string, string> = {};
    // fetch has already decoded any content-encoding: length and encoding headers no longer apply.
    res.headers.forEach((value, name) => {
      if (name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') {
        out[name] = value;
      }
    });
    return { status: res.status, headers: out, body: res.body };
  }
}
