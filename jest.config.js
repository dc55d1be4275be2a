/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        diagnostics: false,
        tsconfig: {
          module: 'commonjs',
          moduleResolution: 'node',
          target: 'ES2022',
          esModuleInterop: true,
          sourceMap: true,
          isolatedModules: true,
        },
      },
    ],
  },
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  // Every supertest response is validated against openapi.yaml.
  setupFilesAfterEnv: ['<rootDir>/tests/setup/validate-responses.ts'],
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
