// Adds lock entries for optional platform packages the registry mirror does not serve, so that
// npm ci accepts the lock; npm skips them on other platforms without fetching anything.
const fs = require('fs');
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const cpus = { 'arm-eabi': 'arm', 'arm-gnueabihf': 'arm', 'arm-musleabihf': 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const m = /^@rollup\/rollup-([a-z0-9]+)-(.+?)(?:-(gnu|musl|msvc))?$/.exec(name);
    if (!m) { console.error('cannot place', name); process.exit(1); }
    const [, os, rest, libc] = m;
    const cpuKey = Object.keys(cpus).find((k) => rest === k || rest.startsWith(k));
    const entry = { version, cpu: [cpus[cpuKey ?? rest] ?? rest], dev: pkg.dev, license: 'MIT', optional: true, os: [os] };
    if (libc === 'gnu' || rest.endsWith('gnueabihf')) entry.libc = ['glibc'];
    if (libc === 'musl' || rest.endsWith('musleabihf')) entry.libc = ['musl'];
    if (!entry.dev) delete entry.dev;
    lock.packages[key] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
