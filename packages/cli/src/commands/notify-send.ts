import { lazyCommand } from "../registry.js";

/** `gitops-kit notify send`: build (and send) the notification a Flux Provider makes for an event. */
export const notifySend = lazyCommand(
  {
    name: "notify send",
    summary: "Send an event to a notification provider as Flux would (or print the requests)",
    usage:
      "--provider FILE --event FILE [--dry-run] [--show-secrets] [--commit-status ID] [-o text|yaml|json]",
    description: [
      "Reads a Flux Provider (notification.toolkit.fluxcd.io/v1beta3, with the Secrets it references in the",
      "same YAML stream) or plain provider settings ({type, address, token, channel, ...}), and a Flux event",
      "(JSON or YAML; '-' reads standard input). Builds the exact HTTP requests Flux's notifier sends and sends",
      "them with Flux's retries and timeout, through the Provider's proxy and CA when it has them.",
      "",
      "Options:",
      "  --provider FILE     the Provider and its Secrets, or plain settings (required)",
      "  --event FILE        the event (required; '-' reads standard input)",
      "  --dry-run           print the requests instead of sending them",
      "  --show-secrets      do not mask tokens, passwords and secret addresses in the printed requests",
      "  --commit-status ID  commit status id for git providers (default: kind/name/<first UID segment>)",
      "  -o, --output FMT    text (default), yaml or json (provider type, requests and statuses)",
      "",
      "The event goes to the provider as given: Alert matching and the metadata merge are not applied.",
    ].join("\n"),
    examples: [
      "gitops-kit notify send --provider slack-provider.yaml --event event.json --dry-run",
      "kubectl get events ... | gitops-kit notify send --provider settings.json --event -",
    ],
  },
  async () => (await import("./run/notify-send.js")).runNotifySend,
);
