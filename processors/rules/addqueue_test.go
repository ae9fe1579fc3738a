package rules_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/triage/triage/processors/rules"
)

// TestREADMEAddQueue runs the README's "Adding a queue" example: the YAML
// it shows, merged into the default rules as the text says (queues
// replaced, the description and the rule added), lints with the duplicate
// errors it shows; once those terms leave account.profile it lints without
// an error, a GDPR request routes to privacy and closing an account still
// to account.
func TestREADMEAddQueue(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(readme), "### Adding a queue")
	_, block, ok2 := strings.Cut(sec, "```yaml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`README: no "### Adding a queue" section with a yaml block`)
	}
	var add struct{ Router rules.RouterRules }
	if err := yaml.Unmarshal([]byte(block), &add); err != nil {
		t.Fatalf("README example: %v", err)
	}
	def, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	merged := *def
	rr := &merged.Router
	rr.Queues = add.Router.Queues
	rr.Descriptions = map[string]string{}
	for q, d := range def.Router.Descriptions {
		rr.Descriptions[q] = d
	}
	for q, d := range add.Router.Descriptions {
		rr.Descriptions[q] = d
	}
	rr.Rules = append(slices.Clone(def.Router.Rules), add.Router.Rules...)
	r := parse(t, merged)

	_, cmd, _ := strings.Cut(sec, "triage rules check --rules rules.yaml")
	cmd, _, _ = strings.Cut(cmd, "\n...")
	var shown []string
	for _, l := range strings.Split(cmd, "\n") {
		if strings.HasPrefix(l, "error ") {
			shown = append(shown, l)
		}
	}
	var got []string
	moved := map[string]bool{}
	for _, f := range rules.Check(r, nil) {
		if f.Error() {
			got = append(got, f.String())
			if f.Kind != rules.FindDuplicate || !strings.Contains(f.Detail, "account.profile") {
				t.Errorf("unexpected error %s", f)
			}
			moved[strings.ToLower(f.Term)] = true
		}
	}
	if len(shown) == 0 || !slices.Equal(got[:min(len(shown), len(got))], shown) {
		t.Errorf("README shows\n%s\nrules check says\n%s", strings.Join(shown, "\n"), strings.Join(got, "\n"))
	}

	for i, rule := range rr.Rules {
		if rule.Name == "account.profile" {
			rr.Rules[i].Terms = slices.DeleteFunc(slices.Clone(rule.Terms), func(s string) bool { return moved[strings.ToLower(s)] })
		}
	}
	r = parse(t, merged)
	for _, f := range rules.Check(r, nil) {
		if f.Error() || f.Kind == rules.FindNoDescription {
			t.Errorf("after the move: %s", f)
		}
	}
	rt := rules.NewRouter(r)
	for body, want := range map[string]string{
		"Under the GDPR please send me a copy of all the personal data you hold about me.": "privacy",
		"Please close my account, I no longer need it.":                                    "account",
	} {
		if got, _ := rt.Route("", body); got.Queue != want {
			t.Errorf("%q: %s %v, want %s", body, got.Queue, got.Matched, want)
		}
	}
}

// parse re-reads r through YAML, as a rules file would be.
func parse(t *testing.T, r rules.Rules) *rules.Rules {
	t.Helper()
	b, err := yaml.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	out, err := rules.Parse(b)
	if err != nil {
		t.Fatalf("merged rules: %v", err)
	}
	return out
}
