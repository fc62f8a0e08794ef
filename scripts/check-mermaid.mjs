// Parses every ```mermaid block of the given Markdown files with the pinned mermaid package and
// names file and line of each block that does not parse. Run through scripts/check-mermaid.sh,
// which installs the packages and passes their node_modules folder first:
//
//   node scripts/check-mermaid.mjs NODE_MODULES FILE.md [FILE.md ...]
//
// Exit status 1 when a block does not parse, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
  console.error('usage: check-mermaid.mjs NODE_MODULES FILE.md [FILE.md ...]');
  process.exit(2);
}
const require = createRequire(join(modules, 'resolve-from-here.js'));

// mermaid sanitizes labels with DOMPurify, which needs a DOM and binds to the global window
// when it is first imported: give it jsdom's window before importing mermaid. jsdom is the DOM
// DOMPurify's own documentation recommends for Node (https://github.com/cure53/DOMPurify#running-dompurify-on-the-server).
const { JSDOM } = require('jsdom');
const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve('mermaid')).href);
mermaid.initialize({ startOnLoad: false, logLevel: 'fatal' });

// markdown-it finds fenced blocks as GitHub does (CommonMark), with their line numbers, also
// inside lists and block quotes.
const MarkdownIt = require('markdown-it');
const markdown = new MarkdownIt();

let blocks = 0;
const failures = [];
for (const file of files) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`check-mermaid: cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
  for (const token of markdown.parse(source, {})) {
    if (token.type !== 'fence' || token.info.trim().split(/\s+/)[0] !== 'mermaid') continue;
    blocks++;
    const fenceLine = token.map[0] + 1; // map is 0-based; the diagram starts on the next line
    try {
      await mermaid.parse(token.content);
    } catch (error) {
      const message = String(error?.message ?? error).trim();
      // mermaid counts lines from the block's first line; say which line of the file that is.
      // An error at the end of the input can be reported past the block's last line.
      const inBlock = Number(/on line (\d+)/.exec(message)?.[1] ?? 0);
      const blockLines = token.content.split('\n').length - 1;
      const where = inBlock === 0 ? ''
        : inBlock <= blockLines ? ` (block line ${inBlock} is ${file}:${fenceLine + inBlock})`
        : ' (at the end of the block)';
      failures.push(`${file}:${fenceLine}: mermaid block does not parse${where}:\n  ${message.replace(/\n/g, '\n  ')}`);
    }
  }
}

for (const failure of failures) console.log(failure);
const version = require('mermaid/package.json').version;
console.log(`mermaid ${version}: ${blocks} blocks in ${files.length} files, ${blocks - failures.length} parse, ${failures.length} do not`);
process.exit(failures.length > 0 ? 1 : 0);
