// Shared by the generators: write generated files, or (--check, as `npm run lint` and the test
// suite run them) exit 1 naming the committed files that differ from what would be generated.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';

export const ROOT = path.resolve(__dirname, '../..');

/** Formats generated text the way `prettier --check .` expects the committed file. */
export async function pretty(file: string, text: string): Promise<string> {
  const abs = path.join(ROOT, file);
  const options = (await resolveConfig(abs)) ?? {};
  return format(text, { ...options, filepath: abs });
}

export function writeOrCheck(files: Array<{ file: string; text: string }>): void {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const { file, text } of files) {
    const abs = path.join(ROOT, file);
    let current = '';
    try {
      current = readFileSync(abs, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current === text) continue;
    if (check) stale.push(file);
    else writeFileSync(abs, text);
  }
  if (stale.length) {
    console.error(`stale generated files (run npm run generate): ${stale.join(', ')}`);
    process.exit(1);
  }
}

/** Runs a generator's main when the file is executed (tsx scripts/x.ts), not when imported. */
export function runMain(mod: NodeModule, main: () => Promise<void>): void {
  if (require.main !== mod) return;
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
