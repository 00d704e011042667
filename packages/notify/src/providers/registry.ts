/**
 * One request builder per provider type, and {@link buildNotification}, which picks the builder for a
 * provider and returns the requests Flux's notifier would send for an event.
 *
 * @module
 */

import { UnsupportedError } from "@gitops-kit/core";
import type { Event } from "../event.js";
import { buildAlertmanager } from "./alertmanager.js";
import { buildAzureDevOps } from "./azuredevops.js";
import { buildBitbucket, buildBitbucketServer } from "./bitbucket.js";
import { buildDatadog } from "./datadog.js";
import { buildGeneric, buildGenericHmac } from "./generic.js";
import { buildGitea } from "./gitea.js";
import { buildGitHub, buildGitHubDispatch } from "./github.js";
import { buildGitLab } from "./gitlab.js";
import { buildGoogleChat } from "./googlechat.js";
import { buildGrafana } from "./grafana.js";
import { buildLark } from "./lark.js";
import { buildMatrix } from "./matrix.js";
import { buildMSTeams } from "./msteams.js";
import { buildOpsgenie } from "./opsgenie.js";
import { buildPagerDuty } from "./pagerduty.js";
import { buildSentry } from "./sentry.js";
import { buildDiscord, buildRocket, buildSlack } from "./slack.js";
import { buildTelegram } from "./telegram.js";
import type { BuildNotificationOptions, NotificationPlan, ProviderBuilder } from "./types.js";
import { PROVIDER_TYPES } from "./types.js";
import { buildWebex } from "./webex.js";

/** The builders, by provider type. */
export const PROVIDER_BUILDERS: Readonly<Record<string, ProviderBuilder>> = {
  generic: buildGeneric,
  "generic-hmac": buildGenericHmac,
  slack: buildSlack,
  discord: buildDiscord,
  rocket: buildRocket,
  msteams: buildMSTeams,
  googlechat: buildGoogleChat,
  webex: buildWebex,
  telegram: buildTelegram,
  matrix: buildMatrix,
  lark: buildLark,
  opsgenie: buildOpsgenie,
  pagerduty: buildPagerDuty,
  datadog: buildDatadog,
  grafana: buildGrafana,
  sentry: buildSentry,
  alertmanager: buildAlertmanager,
  github: buildGitHub,
  githubdispatch: buildGitHubDispatch,
  gitlab: buildGitLab,
  gitea: buildGitea,
  bitbucket: buildBitbucket,
  bitbucketserver: buildBitbucketServer,
  azuredevops: buildAzureDevOps,
};

/** The provider types this package builds requests for. */
export const SUPPORTED_PROVIDER_TYPES: readonly string[] = Object.keys(PROVIDER_BUILDERS);

/**
 * The requests a provider sends for an event, exactly as Flux's notifier builds them. Pure: nothing is
 * sent (see `sendNotification`). Throws `ProviderConfigError` for an unusable provider,
 * `NotificationEventError` for an event the provider cannot report (e.g. no commit hash), and
 * `UnsupportedError` for provider types that are not HTTP webhooks here (nats, googlepubsub, ...).
 */
export function buildNotification(options: BuildNotificationOptions): NotificationPlan {
  const builder = PROVIDER_BUILDERS[options.provider.type];
  if (builder === undefined) {
    if ((PROVIDER_TYPES as readonly string[]).includes(options.provider.type)) {
      throw new UnsupportedError(
        `provider type ${options.provider.type} is not supported by @gitops-kit/notify`,
      );
    }
    throw new UnsupportedError(`provider ${options.provider.type} not supported`);
  }
  return builder(options);
}

/**
 * The commit status id Flux gives git providers when the Provider has no `commitStatusExpr`:
 * `lower("<Kind>/<name>/<first '-' segment of the Provider UID>")`.
 */
export function defaultCommitStatus(providerUID: string, event: Event): string {
  const o = event.involvedObject;
  return `${o.kind ?? ""}/${o.name ?? ""}/${providerUID.split("-")[0]}`.toLowerCase();
}
