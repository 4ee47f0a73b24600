import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (name: string): string => readFileSync(join(root, name), 'utf8');

/** Inline code spans and fenced code blocks: where names, endpoints and commands are written. */
function codeOf(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  const prose = markdown.replace(/^```[a-z]*\n[\s\S]*?^```$/gm, '');
  return [...blocks, ...[...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1])];
}

/** Each distinct match with how often it is mentioned, e.g. `PORT (3×)`. */
function counted(matches: Iterable<string> | null): Set<string> {
  const counts = new Map<string, number>();
  for (const match of matches ?? []) counts.set(match, (counts.get(match) ?? 0) + 1);
  return new Set([...counts].map(([item, count]) => `${item} (${count}×)`));
}

function facts(markdown: string): Record<string, Set<string>> {
  const code = codeOf(markdown).join('\n');
  const bashLines = [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)]
    .flatMap((match) => match[1].split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'));
  return {
    'environment variables': counted(code.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)),
    endpoints: counted(code.match(/\b(?:GET|POST|DELETE) \/[^\s`,)]*/g)),
    tools: counted(code.match(/\b(?:kubectl|server)_[a-z_]+\b/g)),
    'shell commands': new Set(bashLines),
    'linked files': counted(
      [...markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((match) => match[1])
        .filter((target) => !/^https?:|^README(\.zh-CN)?\.md$/.test(target)),
    ),
    sections: new Set([`${(markdown.match(/^## /gm) ?? []).length} sections`]),
  };
}

// README.zh-CN.md is a translation of README.md: when one gains a variable, endpoint, tool,
// command, linked guide or section, the other must too. Variables, endpoints, tools and links
// are compared with how often each is mentioned, so a row dropped from one table shows.
describe('README.md and README.zh-CN.md', () => {
  const english = read('README.md');
  const chinese = read('README.zh-CN.md');

  it('link to each other at the top', () => {
    expect(english.split('\n').slice(0, 3).join('\n')).toContain('](README.zh-CN.md)');
    expect(chinese.split('\n').slice(0, 3).join('\n')).toContain('](README.md)');
  });

  it('list the same variables, endpoints, tools, commands, guides and sections', () => {
    const en = facts(english);
    const zh = facts(chinese);
    const differences = Object.keys(en).flatMap((kind) => {
      const onlyEnglish = [...en[kind]].filter((item) => !zh[kind].has(item));
      const onlyChinese = [...zh[kind]].filter((item) => !en[kind].has(item));
      return [
        ...(onlyEnglish.length ? [`${kind} only in README.md: ${onlyEnglish.join(' | ')}`] : []),
        ...(onlyChinese.length
          ? [`${kind} only in README.zh-CN.md: ${onlyChinese.join(' | ')}`]
          : []),
      ];
    });
    // An empty list; otherwise translate the change into the other README.
    expect(differences).toEqual([]);
  });
});
