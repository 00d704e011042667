/**
 * Every `gitops-kit` command, in one place. To add one: write it as a `Command` in its own module under
 * `commands/` and append it to this list.
 */
import type { Command } from "../registry.js";
import { buildKustomizationCommand } from "./build-kustomization.js";
import { diffKustomization } from "./diff-kustomization.js";
import { helmTemplateCommand } from "./helm-template.js";
import { imageSelect, imageUpdate } from "./image.js";
import { kustomizeBuild } from "./kustomize-build.js";
import { notifySend } from "./notify-send.js";
import { sourcePullBucket } from "./source-pull-bucket.js";
import { sourcePullGit } from "./source-pull-git.js";
import { sourcePullHelm } from "./source-pull-helm.js";
import { sourcePullOci } from "./source-pull-oci.js";
import { sourcePushOci } from "./source-push-oci.js";
import { templateRender } from "./template-render.js";
import { yamlFmt } from "./yaml-fmt.js";

export const COMMANDS: readonly Command[] = [
  yamlFmt,
  sourcePullGit,
  sourcePullHelm,
  sourcePullOci,
  sourcePullBucket,
  sourcePushOci,
  notifySend,
  kustomizeBuild,
  buildKustomizationCommand,
  diffKustomization,
  helmTemplateCommand,
  imageSelect,
  imageUpdate,
  templateRender,
];
