import { lazyCommand } from "../registry.js";

/** `gitops-kit template render`: execute a plain Go text/template with data from a file. */
export const templateRender = lazyCommand(
  {
    name: "template render",
    summary: "Render a Go text/template with data from a YAML or JSON file, as Go's text/template does",
    usage: "FILE|- [--data FILE] [--set K=V]... [--missingkey default|zero|error] [--sprig]",
    description: [
      "Executes the template in FILE ('-' reads standard input) with Go's text/template semantics, byte for",
      "byte: the same output, the same fmt formatting and the same error texts, named after FILE's base name",
      "(`template: page.tmpl:1:3: executing ...`). The rendered text is printed as it is.",
      "",
      "Options:",
      "  -d, --data FILE        the data (dot), YAML or JSON ('-' reads standard input); numbers are float64,",
      "                         as in Helm. Without it, dot is an empty map",
      "  --set K=V              set a value in the data with Helm's --set syntax (a.b=c, list[0]=x, typed",
      "                         true/false/null/int64); repeatable, applied after --data",
      "  --missingkey MODE      a missing map key prints <no value> (default), its zero value (zero) or",
      '                         fails (error), as Go\'s Option("missingkey=...")',
      "  --sprig                add the Sprig v3 functions (all but env and expandenv)",
    ].join("\n"),
    examples: [
      "gitops-kit template render page.tmpl --data values.yaml",
      "echo '{{ .name | upper }}' | gitops-kit template render - --set name=flux --sprig",
    ],
  },
  async () => (await import("./run/template-render.js")).runTemplateRender,
);
