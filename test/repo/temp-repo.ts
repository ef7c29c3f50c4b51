// Moved to test/support/temp-repo.ts; kept for test/upgrade and test/cli/upgrade-command.test.ts.
export * from "../support/temp-repo.ts";
