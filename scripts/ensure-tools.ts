/**
 * Runs before the unit tests: the tests hand generated rules, alerts and playbooks to the real tools
 * (promtool, Alertmanager, ansible-playbook) and build the benchmark's peer site with Hugo, so those must exist.
 * Installs Debian's packages when missing; fails with instructions when that is not possible, rather than letting
 * the tests skip silently.
 */
import { ensureDebianTools, TEST_TOOLS } from './lib/debian-tools.ts';

const stillMissing = ensureDebianTools(TEST_TOOLS);
if (stillMissing.length > 0) {
  const list = stillMissing.map((tool) => `${tool.command} (Debian package ${tool.debianPackage})`).join(', ');
  console.error(`The unit tests need ${list}. Install them (Debian/Ubuntu: apt-get install ${stillMissing.map((t) => t.debianPackage).join(' ')}) and run again.`);
  process.exit(2);
}
console.log(`Tools: ${TEST_TOOLS.map((tool) => tool.command).join(', ')} found`);
