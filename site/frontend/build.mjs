// Build the EHCH front-end assets into site/ehch/static/ehch/build/.
//
// No bundler: we take nhsuk-frontend's precompiled CSS and ES module, make
// them safe to serve with no external requests (no Frutiger webfont from
// assets.nhs.uk, icon URLs made relative), append our own small stylesheet
// and write the results. Run with `npm run build`.
import { createRequire } from 'node:module';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const nhsukPkg = path.dirname(require.resolve('nhsuk-frontend/package.json'));
const nhsukDist = path.join(nhsukPkg, 'dist', 'nhsuk');
const { version } = JSON.parse(await readFile(path.join(nhsukPkg, 'package.json'), 'utf8'));
const outDir = path.resolve(here, '..', 'ehch', 'static', 'ehch', 'build');

// Icons that nhsuk-frontend's CSS refers to. The favicons and app icons that
// nhsuk-frontend ships are the NHS logo, which this network must not use, so
// we ship our own favicon from src/ instead.
const CSS_ICONS = [
  'nhsuk-icon-arrow-down.svg',
  'nhsuk-icon-arrow-up.svg',
  'nhsuk-icon-arrow-up-down.svg',
  'nhsuk-icon-cross.svg',
];

const written = [];
async function write(rel, data) {
  const dest = path.join(outDir, rel);
  await mkdir(path.dirname(dest), { recursive: true });
  await writeFile(dest, data);
  written.push(rel);
}
async function copy(src, rel) {
  const dest = path.join(outDir, rel);
  await mkdir(path.dirname(dest), { recursive: true });
  await copyFile(src, dest);
  written.push(rel);
}

function makeCssOffline(css) {
  let out = css
    // Drop every @font-face rule (nhsuk's only ones load Frutiger from assets.nhs.uk).
    .replace(/@font-face\s*\{[^}]*\}/g, '')
    // Use the system font stack instead of the (not loaded) webfont.
    .replace(/font-family:\s*["']?Frutiger W01["']?\s*,\s*/gi, 'font-family:')
    .replace(/font-family:\s*["']?Frutiger W01["']?/gi, 'font-family:arial,sans-serif')
    // Icons are served next to main.css rather than from the site root.
    .replace(/url\((["']?)\/assets\/images\//g, 'url($1images/')
    // The source map is not shipped.
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  return out;
}

function assertNoExternalUrls(name, text) {
  // url(...) and @import pointing anywhere off-site, or protocol-relative.
  const bad = text.match(/(url\(\s*["']?\s*(https?:)?\/\/[^)]*\))|(@import\s+["']?(https?:)?\/\/[^;]*)/gi);
  if (bad) {
    throw new Error(`${name} still refers to external resources: ${bad.join(', ')}`);
  }
  if (/Frutiger/i.test(text)) {
    throw new Error(`${name} still names the Frutiger webfont`);
  }
}

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

// CSS: nhsuk-frontend + our additions.
const nhsukCss = await readFile(path.join(nhsukDist, 'nhsuk-frontend.min.css'), 'utf8');
const ehchCss = await readFile(path.join(here, 'src', 'ehch.css'), 'utf8');
const css =
  `/*! nhsuk-frontend ${version} (MIT), webfont removed | EHCH additions below */\n` +
  makeCssOffline(nhsukCss) +
  '\n/* ---- EHCH additions (site/frontend/src/ehch.css) ---- */\n' +
  ehchCss;
assertNoExternalUrls('main.css', css);
await write('main.css', css);

for (const icon of CSS_ICONS) {
  await copy(path.join(nhsukDist, 'assets', 'images', icon), path.join('images', icon));
}
// Every url(images/...) in main.css must exist in the build.
for (const m of css.matchAll(/url\(["']?images\/([^)"']+)["']?\)/g)) {
  await stat(path.join(outDir, 'images', m[1])).catch(() => {
    throw new Error(`main.css refers to images/${m[1]}, which the build does not ship`);
  });
}

// JS: nhsuk-frontend's ES module bundle plus our initialisation, as one module.
const nhsukJs = (await readFile(path.join(nhsukDist, 'nhsuk-frontend.min.js'), 'utf8'))
  .replace(/\/\/# sourceMappingURL=.*$/m, '');
const ehchJs = await readFile(path.join(here, 'src', 'main.mjs'), 'utf8');
const js = `/*! nhsuk-frontend ${version} (MIT) */\n${nhsukJs}\n/* EHCH (site/frontend/src/main.mjs) */\n${ehchJs}`;
if (/\bimport\s*\(|\bfetch\s*\(|XMLHttpRequest/.test(js)) {
  throw new Error('main.js must not load anything at run time');
}
await write('main.js', js);

// Our own favicon (not the NHS logo).
await copy(path.join(here, 'src', 'favicon.svg'), 'favicon.svg');

let total = 0;
console.log(`ehch-frontend: built with nhsuk-frontend ${version} into ${path.relative(process.cwd(), outDir) || '.'}`);
for (const rel of written.sort()) {
  const { size } = await stat(path.join(outDir, rel));
  total += size;
  console.log(`  ${rel.padEnd(40)} ${String(size).padStart(8)} bytes`);
}
console.log(`  ${written.length} files, ${total} bytes`);
