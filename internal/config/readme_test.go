package config

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The README's configuration table is what "triage config doc" prints: a
// setting, default or meaning changed in code without the README fails
// here (regenerate with go run ./cmd/triage config doc).
func TestREADMEConfigTableIsGenerated(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), strings.TrimRight(Markdown(), "\n")) {
		t.Fatal("README.md's configuration table differs from `triage config doc`: regenerate it")
	}
}

// Defaults stated in the README's prose ("`admin.addr`, default `:9464`",
// "`kafka.checkpoint_limit` records (default 128)") are the code's: the
// table above is generated, the prose is not, so it is checked here.
func TestREADMEProseDefaultsAreTheCode(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]string{}
	for _, s := range Settings() {
		defaults[s.Key] = s.Default
	}
	re := regexp.MustCompile("`([a-z_]+\\.[a-z_.]+)`[^`|.;]{0,40}?\\(?default:? (?:is )?`?([^`),;\\s]+)`?")
	found := 0
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "|") { // the generated table
			continue
		}
		for _, m := range re.FindAllStringSubmatch(line, -1) {
			want, ok := defaults[m[1]]
			if !ok {
				continue
			}
			found++
			if m[2] != want {
				t.Errorf("README says %s defaults to %q; the code's default is %q:\n  %s", m[1], m[2], want, line)
			}
		}
	}
	if found < 2 {
		t.Fatalf("found %d stated defaults in the README prose; the pattern no longer matches how they are written", found)
	}
}
