import type { Command } from "./command.ts";

/**
 * Every command, loaded lazily so that `check` does not pay for the Kubernetes client or
 * testcontainers. A new command is one file exporting `command` plus one line here.
 */
export const commandRegistry: readonly { name: string; summary: string; load: () => Promise<Command> }[] = [];
