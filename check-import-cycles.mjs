// Runs dependency-cruiser with .dependency-cruiser.cjs over every source folder
// and fails on any import cycle (`npm run deps`).
//
// Why not plain `depcruise`: dependency-cruiser 16 accepts TypeScript only
// below 6.0 and, given TypeScript 6, silently cruises zero files and reports
// "no violations". Its TypeScript use (transpileModule and the AST walk for
// import declarations) works unchanged on 6, so this runner widens the accepted
// range before loading it, then refuses to pass if TypeScript is still not
// available or nothing was cruised. Drop the widening once dependency-cruiser
// accepts TypeScript 6 itself.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every source folder; a test passes other paths (a fixture with a known cycle).
const FOLDERS =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['main', 'renderer', 'sync', 'server-migrations', 'bench', 'e2e'];
const root = dirname(fileURLToPath(import.meta.url));
process.chdir(root);

const require = createRequire(import.meta.url);
const cruiserRoot = dirname(
  dirname(dirname(fileURLToPath(import.meta.resolve('dependency-cruiser')))),
);
const meta = require(join(cruiserRoot, 'src', 'meta.cjs'));
meta.supportedTranspilers.typescript = '>=2.0.0 <7.0.0';

const { cruise, getAvailableTranspilers } = await import('dependency-cruiser');
const { default: extractDepcruiseOptions } =
  await import('dependency-cruiser/config-utl/extract-depcruise-options');
const { default: extractTSConfig } =
  await import('dependency-cruiser/config-utl/extract-ts-config');

const typescript = getAvailableTranspilers().find((t) => t.name === 'typescript');
if (!typescript?.available) {
  console.error(
    `dependency check: dependency-cruiser cannot load TypeScript (${typescript?.currentVersion ?? 'not found'}); no file would be checked`,
  );
  process.exit(2);
}

const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
const tsConfig = extractTSConfig(join(root, options.tsConfig.fileName));
const { output: result } = await cruise(FOLDERS, options, {}, { tsConfig });

const typeScriptFiles = result.modules.filter(
  (m) => m.source.endsWith('.ts') || m.source.endsWith('.tsx'),
).length;
if (typeScriptFiles === 0) {
  console.error(
    'dependency check: no TypeScript file was cruised; the check would pass without looking',
  );
  process.exit(2);
}

// One line per cycle, written out in full: the first file, the files it
// passes through, and the first file again.
for (const violation of result.summary.violations) {
  const path = [
    violation.from,
    ...(violation.cycle ?? [{ name: violation.to }]).map((step) => step.name),
  ];
  console.log(`${violation.rule.severity} ${violation.rule.name}: ${path.join(' -> ')}`);
}
const { error, totalCruised, totalDependenciesCruised } = result.summary;
console.log(
  `${error} violation(s); ${totalCruised} modules, ${totalDependenciesCruised} dependencies cruised (${typeScriptFiles} TypeScript files)`,
);
process.exit(error > 0 ? 1 : 0);
