import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/build/**/*.test.ts'],
    testTimeout: 30_000,
    // Hooks that load and export the whole real catalogue take a few seconds alone, and more than Vitest's default
    // 10 s on a two-core machine under load (the Ansible playbook export's beforeAll did in CI).
    hookTimeout: 60_000,
  },
});
