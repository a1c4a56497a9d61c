// Prints every failed test in the .trx files of a directory with its message and the top of its stack trace.
// The console log interleaves the test projects, which run at once; each .trx keeps a failure's lines together.
// Usage: node scripts/failed-tests.js artifacts/test-results
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const decode = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&amp;/g, '&');
const section = (body, tag) => {
  const m = body.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`));
  return m ? decode(m[1]).trimEnd().split('\n') : [];
};

for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.trx'))) {
  const trx = fs.readFileSync(path.join(dir, file), 'utf8');
  for (const m of trx.matchAll(/<UnitTestResult ([^>]*outcome="Failed"[^>]*)>([\s\S]*?)<\/UnitTestResult>/g)) {
    const name = decode((m[1].match(/testName="([^"]*)"/) || [])[1] || '?');
    const duration = (m[1].match(/duration="([^"]*)"/) || [])[1] || '';
    console.log(`  Failed ${name} [${duration}]`);
    for (const line of section(m[2], 'Message').slice(0, 40)) console.log('    ' + line);
    const stack = section(m[2], 'StackTrace');
    if (stack.length) console.log('    Stack trace:\n' + stack.slice(0, 8).map((l) => '    ' + l).join('\n'));
  }
}
