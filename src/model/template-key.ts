// Template identity: placeholder names are not significant (`/users/{id}` is `/users/{userId}`).

export function templateKey(template: string): string {
  const t = template.length > 1 && template.endsWith('/') ? template.slice(0, -1) : template;
  return t.indexOf('{') === -1 ? t : t.replace(/\{[^}]*\}/g, '{}');
}

/** Does a concrete path (or a template) fall under `template`? `{name+}`/`{*name}` match the rest. */
export function matchesTemplate(template: string, path: string): boolean {
  const [tPath, tOp] = template.split('#');
  const [pPath, pOp] = path.split('#');
  if ((tOp ?? '') !== (pOp ?? '')) return false;
  const t = tPath!.split('/');
  const p = pPath!.split('/');
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    if (/^\{(?:\*[^}]*|[^}]*\+)\}$/.test(seg)) return p.length > i;
    if (i >= p.length) return false;
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (p[i] === '') return false;
      continue;
    }
    if (seg !== p[i]) return false;
  }
  return t.length === p.length;
}
