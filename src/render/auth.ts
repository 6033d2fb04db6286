// `auth`: auth policy per endpoint; endpoints reachable without auth that should not be come first,
// marked, with the reason.

import type { AuthEndpoint, AuthView } from '../views/auth-view.js';
import { counted, csvTable, formatNumber, markdownTable, textTable } from './table.js';
import { toJson, type Renderer } from './types.js';

export const AUTH_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type AuthFormat = (typeof AUTH_FORMATS)[number];

const HEAD = ['!', 'Host', 'Method', 'Path', 'Schemes (calls)', '2xx without auth', 'Note'];

function schemes(e: AuthEndpoint): string {
  return e.schemes.map((s) => `${s.scheme}×${formatNumber(s.calls)}`).join(' ') || '-';
}

function row(e: AuthEndpoint, marker: string): string[] {
  const note = e.exposed ? 'exposed: see above' : e.oauthTokenEndpoint ? 'OAuth token endpoint' : '';
  return [
    e.exposed ? marker : '',
    e.host,
    e.method,
    e.path,
    schemes(e),
    e.unauthenticatedSuccess ? `yes (${formatNumber(e.unauthenticatedOkCalls)})` : 'no',
    note || '-',
  ];
}

function summary(v: AuthView, mark: string): string {
  const exposed = v.endpoints.filter((e) => e.exposed).length;
  const open = v.endpoints.filter((e) => e.unauthenticatedSuccess).length;
  return `${counted(v.endpoints.length, 'endpoint')}; ${formatNumber(open)} answered 2xx without credentials; ${formatNumber(exposed)} look exposed (marked ${mark})`;
}

export const authRenderers: Record<AuthFormat, Renderer<AuthView>> = {
  table(v, opts) {
    if (v.endpoints.length === 0) return 'No endpoints. Run `akto-rt analyze FILE` to build the inventory.\n';
    const mark = opts.color ? '\x1b[1;31m!!\x1b[0m' : '!!';
    const exposed = v.endpoints.filter((e) => e.exposed);
    let out = '';
    if (exposed.length) {
      out += `${mark} ${counted(exposed.length, 'endpoint')} reachable without auth that ${exposed.length === 1 ? 'looks' : 'look'} like ${exposed.length === 1 ? 'it' : 'they'} should not be:\n`;
      for (const e of exposed) out += `${mark} ${e.method} ${e.host}${e.path}: ${e.reason}\n`;
      out += '\n';
    }
    return out + textTable(HEAD, v.endpoints.map((e) => row(e, mark)), opts) + summary(v, '!!') + '\n';
  },
  json(v) {
    return toJson({
      endpoints: v.endpoints.map((e) => ({
        host: e.host,
        method: e.method,
        path: e.path,
        calls: e.calls,
        schemes: e.schemes,
        unauthenticatedSuccess: e.unauthenticatedSuccess,
        unauthenticatedOkCalls: e.unauthenticatedOkCalls,
        exposed: e.exposed,
        reason: e.reason,
        oauthTokenEndpoint: e.oauthTokenEndpoint,
      })),
    });
  },
  markdown(v) {
    if (v.endpoints.length === 0) return '_No endpoints._\n';
    const exposed = v.endpoints.filter((e) => e.exposed);
    let out = '';
    if (exposed.length) {
      out += `**⚠ ${counted(exposed.length, 'endpoint')} reachable without auth that ${exposed.length === 1 ? 'looks' : 'look'} like ${exposed.length === 1 ? 'it' : 'they'} should not be:**\n\n`;
      for (const e of exposed) out += `- \`${e.method} ${e.host}${e.path}\`: ${e.reason}\n`;
      out += '\n';
    }
    return out + markdownTable(HEAD, v.endpoints.map((e) => row(e, '⚠'))) + `\n${summary(v, '⚠')}\n`;
  },
  csv(v) {
    const head = ['Host', 'Method', 'Path', 'Schemes', 'UnauthenticatedSuccess', 'Exposed', 'Reason', 'OAuthTokenEndpoint'];
    return csvTable(
      head,
      v.endpoints.map((e) => [e.host, e.method, e.path, e.schemes.map((s) => `${s.scheme}:${s.calls}`).join(', '), String(e.unauthenticatedSuccess), String(e.exposed), e.reason ?? '', String(e.oauthTokenEndpoint)]),
    );
  },
};
