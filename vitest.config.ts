import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/build/**/*.test.ts'],
    // Tests that start the CLI or the intake on the whole real catalogue (1,500 failures) take 5 to 20 s on two idle
    // cores; under load (a build or another suite at once) three of them passed 30 s.
    testTimeout: 60_000,
    // Hooks that load and export the whole real catalogue take a few seconds alone, and more than Vitest's default
    // 10 s on a two-core machine under load (the Ansible playbook export's beforeAll did in CI).
    hookTimeout: 60_000,
  },
});
