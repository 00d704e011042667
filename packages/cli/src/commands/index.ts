/**
 * Every `gitops-kit` command, in one place. To add one: write it as a `Command` in its own module under
 * `commands/` and append it to this list.
 */
import type { Command } from "../registry.js";
import { helmTemplateCommand } from "./helm-template.js";
import { kustomizeBuild } from "./kustomize-build.js";
import { notifySend } from "./notify-send.js";
import { sourcePullGit } from "./source-pull-git.js";
import { yamlFmt } from "./yaml-fmt.js";

export const COMMANDS: readonly Command[] = [yamlFmt, sourcePullGit, notifySend, kustomizeBuild, helmTemplateCommand];
