package image

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ldflags are the version stamps the Dockerfile and deploy/image.sh both
// pass to go build (cmd/triage reads them through internal/build).
const ldflags = `-ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}"`

// instructions returns the Dockerfile's instructions (continuations joined,
// comments dropped) as [keyword, rest] pairs.
func instructions(t *testing.T, path string) [][2]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	var cur string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") || (line == "" && cur == "") {
			continue
		}
		cur += " " + strings.TrimSuffix(line, "\\")
		if strings.HasSuffix(line, "\\") {
			continue
		}
		kw, rest, _ := strings.Cut(strings.TrimSpace(cur), " ")
		out = append(out, [2]string{strings.ToUpper(kw), strings.Join(strings.Fields(rest), " ")})
		cur = ""
	}
	return out
}

// The Dockerfile's runtime stage describes the image Build makes: an empty
// base, the same two files, PATH, user, port, entrypoint and labels, and
// its builder stamps the binary like deploy/image.sh does.
func TestDockerfileMatchesSpec(t *testing.T) {
	ins := instructions(t, "../../Dockerfile")
	last := 0
	var build []string
	for i, in := range ins {
		if in[0] == "FROM" {
			last = i
		}
		if in[0] == "RUN" && strings.Contains(in[1], "go build") {
			build = append(build, in[1])
		}
	}
	if ins[last][1] != "scratch" {
		t.Errorf("runtime stage FROM %s, want scratch (Build starts from an empty image)", ins[last][1])
	}
	var copied, labels []string
	got := map[string]string{}
	for _, in := range ins[last+1:] {
		switch in[0] {
		case "COPY":
			f := strings.Fields(in[1])
			copied = append(copied, f[len(f)-1])
		case "LABEL":
			for _, kv := range strings.Fields(in[1]) {
				labels = append(labels, kv)
			}
		case "ENTRYPOINT":
			var ep []string
			if err := json.Unmarshal([]byte(in[1]), &ep); err != nil {
				t.Fatalf("ENTRYPOINT %s is not the exec (JSON) form: %v", in[1], err)
			}
			if !slices.Equal(ep, Triage.Entrypoint) {
				t.Errorf("ENTRYPOINT %q, Build uses %q", ep, Triage.Entrypoint)
			}
			got[in[0]] = "checked"
		case "USER", "EXPOSE", "ENV", "ARG":
			got[in[0]] += in[1] + ";"
		default:
			t.Errorf("runtime stage has %s %s, which Build does not mirror", in[0], in[1])
		}
	}
	slices.Sort(copied)
	if want := []string{Triage.CACerts, Triage.Binary}; !slices.Equal(copied, want) {
		t.Errorf("runtime stage copies to %q, Build writes %q", copied, want)
	}
	for kw, want := range map[string]string{"USER": Triage.User + ";", "EXPOSE": Triage.Port + ";", "ENV": "PATH=" + Triage.Path + ";", "ENTRYPOINT": "checked"} {
		if got[kw] != want {
			t.Errorf("%s %q, Build uses %q", kw, got[kw], want)
		}
	}
	for _, want := range []string{LabelTitle + "=triage", LabelSource + "=" + Source, LabelVersion + "=${VERSION}", LabelRevision + "=${COMMIT}", LabelCreated + "=${DATE}"} {
		if !slices.Contains(labels, want) {
			t.Errorf("LABEL lacks %s (has %q)", want, labels)
		}
	}
	if len(build) != 1 || !strings.HasPrefix(build[0], "CGO_ENABLED=0 go build -trimpath ") || !strings.Contains(build[0], ldflags) {
		t.Errorf("builder stage go build %q: want CGO_ENABLED=0, -trimpath and %s", build, ldflags)
	}
	script, err := os.ReadFile("../../deploy/image.sh")
	if err != nil {
		t.Fatal(err)
	}
	flat := regexp.MustCompile(`\\\n\s*`).ReplaceAllString(string(script), "")
	if !strings.Contains(flat, "CGO_ENABLED=0 go build -trimpath "+ldflags) {
		t.Errorf("deploy/image.sh does not build with CGO_ENABLED=0 go build -trimpath %s", ldflags)
	}
}
