import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { namespaces } from '../../common/i18n/index';
import type { Messages } from '../../common/i18n/define';

// Every string a person sees exists in Kazakh, Russian and English, and the renderer has no
// hard-coded visible text.

function keys(m: Messages, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
function lookup(m: Messages, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Messages)[k] : undefined), m);
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((x) => x[1]).sort();

describe('messages', () => {
  for (const [ns, m] of Object.entries(namespaces)) {
    it(`${ns}: the same keys, non-empty, with the same placeholders, in kk, ru and en`, () => {
      const kk = keys(m.kk);
      expect(keys(m.ru as Messages)).toEqual(kk);
      expect(keys(m.en as Messages)).toEqual(kk);
      for (const k of kk) {
        for (const lang of ['kk', 'ru', 'en'] as const) {
          const v = lookup(m[lang] as Messages, k);
          expect(typeof v === 'string' && v.trim().length > 0, `${lang} ${ns}:${k} is empty`).toBe(true);
          expect(placeholders(v as string), `${lang} ${ns}:${k} placeholders`).toEqual(placeholders(lookup(m.kk, k) as string));
        }
      }
    });
  }
});

const rendererDir = path.resolve(import.meta.dirname, '../../renderer/src');
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const VISIBLE_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label', 'aria-description']);
const hasWords = (s: string) => /\p{L}{2,}/u.test(s);

describe('renderer text', () => {
  const files = sourceFiles(rendererDir);
  it('finds the renderer sources', () => expect(files.length).toBeGreaterThan(5));

  it('has no hard-coded visible strings (JSX text or visible attributes)', () => {
    const found: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.tsx'))) {
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && hasWords(node.text)) found.push(`${path.basename(file)}: "${node.text.trim()}"`);
        if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && hasWords(node.initializer.text)) {
          found.push(`${path.basename(file)}: ${node.name.getText()}="${node.initializer.text}"`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });

  it('uses only message keys that exist', () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const defaultNs = text.match(/useTranslation\('(\w+)'\)/)?.[1] ?? 'app';
      for (const m of text.matchAll(/\bt\('([\w.:]+)'/g)) {
        const raw = m[1]!;
        const [ns, key] = raw.includes(':') ? raw.split(':') as [string, string] : [defaultNs, raw];
        const table = (namespaces as Record<string, { kk: Messages }>)[ns];
        if (!table || typeof lookup(table.kk, key) !== 'string') missing.push(`${path.basename(file)}: ${raw}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
