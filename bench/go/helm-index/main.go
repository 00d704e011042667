// Command helm-index is the benchmark reference for resolving a chart in a Helm repository index the
// way source-controller does: read index.yaml (JSON when it is valid JSON, otherwise YAML decoded
// strictly with sigs.k8s.io/yaml into Helm's index shape), require apiVersion, drop entries without a
// name or a valid version, sort each chart's versions newest first, then pick the version for a
// constraint (exact match first; "" and "*" mean the latest stable version; versions Flux cannot
// parse are skipped; equal versions ordered by creation time).
//
// Usage: helm-index INDEX CHART [VERSION]
// Prints: "<name> <version> <first url> <digest>".
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/Masterminds/semver"
	"sigs.k8s.io/yaml"
)

type maintainer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

type dependency struct {
	Name         string        `json:"name"`
	Version      string        `json:"version,omitempty"`
	Repository   string        `json:"repository"`
	Condition    string        `json:"condition,omitempty"`
	Tags         []string      `json:"tags,omitempty"`
	Enabled      bool          `json:"enabled,omitempty"`
	ImportValues []interface{} `json:"import-values,omitempty"`
	Alias        string        `json:"alias,omitempty"`
}

type chartVersion struct {
	Name          string            `json:"name,omitempty"`
	Home          string            `json:"home,omitempty"`
	Sources       []string          `json:"sources,omitempty"`
	Version       string            `json:"version,omitempty"`
	Description   string            `json:"description,omitempty"`
	Keywords      []string          `json:"keywords,omitempty"`
	Maintainers   []*maintainer     `json:"maintainers,omitempty"`
	Icon          string            `json:"icon,omitempty"`
	APIVersion    string            `json:"apiVersion,omitempty"`
	Condition     string            `json:"condition,omitempty"`
	Tags          string            `json:"tags,omitempty"`
	AppVersion    string            `json:"appVersion,omitempty"`
	Deprecated    bool              `json:"deprecated,omitempty"`
	Annotations   map[string]string `json:"annotations,omitempty"`
	KubeVersion   string            `json:"kubeVersion,omitempty"`
	Dependencies  []*dependency     `json:"dependencies,omitempty"`
	Type          string            `json:"type,omitempty"`
	URLs          []string          `json:"urls"`
	Created       time.Time         `json:"created,omitempty"`
	Removed       bool              `json:"removed,omitempty"`
	Digest        string            `json:"digest,omitempty"`
	Checksum      string            `json:"checksum,omitempty"`
	Engine        string            `json:"engine,omitempty"`
	TillerVersion string            `json:"tillerVersion,omitempty"`
	URL           string            `json:"url,omitempty"`
}

type indexFile struct {
	ServerInfo  map[string]interface{}     `json:"serverInfo,omitempty"`
	APIVersion  string                     `json:"apiVersion"`
	Generated   time.Time                  `json:"generated"`
	Entries     map[string][]*chartVersion `json:"entries"`
	PublicKeys  []string                   `json:"publicKeys,omitempty"`
	Annotations map[string]string          `json:"annotations,omitempty"`
}

// fluxVersion parses a version as Flux does: three numeric parts (after an optional "v"), then the
// lenient Masterminds parse.
func fluxVersion(s string) (*semver.Version, error) {
	if _, err := semver.StrictNewVersion(strings.TrimPrefix(s, "v")); err != nil {
		return nil, err
	}
	return semver.NewVersion(s)
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: helm-index INDEX CHART [VERSION]")
	}
	want := ""
	if len(os.Args) > 3 {
		want = os.Args[3]
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var index indexFile
	if json.Valid(data) {
		err = json.Unmarshal(data, &index)
	} else {
		err = yaml.UnmarshalStrict(data, &index)
	}
	if err != nil {
		fail("%v", err)
	}
	if index.APIVersion == "" {
		fail("no API version specified")
	}
	for name, versions := range index.Entries {
		kept := versions[:0]
		for _, cv := range versions {
			if cv == nil || cv.Name == "" || cv.Version == "" {
				continue
			}
			if _, err := semver.NewVersion(cv.Version); err != nil {
				continue
			}
			kept = append(kept, cv)
		}
		sort.SliceStable(kept, func(i, j int) bool {
			a, _ := semver.NewVersion(kept[i].Version)
			b, _ := semver.NewVersion(kept[j].Version)
			return b.LessThan(a)
		})
		index.Entries[name] = kept
	}

	versions, ok := index.Entries[os.Args[2]]
	if !ok {
		fail("no chart name found")
	}
	if len(versions) == 0 {
		fail("no chart version found")
	}
	var chosen *chartVersion
	if want != "" {
		for _, cv := range versions {
			if cv.Version == want {
				chosen = cv
				break
			}
		}
	}
	if chosen == nil {
		expr := want
		if expr == "" {
			expr = "*"
		}
		constraint, err := semver.NewConstraint(expr)
		if err != nil {
			fail("%v", err)
		}
		var best *semver.Version
		for _, cv := range versions {
			v, err := fluxVersion(cv.Version)
			if err != nil || !constraint.Check(v) {
				continue
			}
			if best == nil || v.GreaterThan(best) || (v.Equal(best) && cv.Created.After(chosen.Created)) {
				best, chosen = v, cv
			}
		}
		if chosen == nil {
			fail("no '%s' chart with version matching '%s' found", os.Args[2], want)
		}
	}
	url := ""
	if len(chosen.URLs) > 0 {
		url = chosen.URLs[0]
	}
	fmt.Printf("%s %s %s %s\n", chosen.Name, chosen.Version, url, chosen.Digest)
}
