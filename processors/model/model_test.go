package model_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/triage/triage/processors/model"
)

func TestVersionIsTheContentHash(t *testing.T) {
	a, b := toy(t), toy(t)
	if !regexp.MustCompile(`^model-[0-9a-f]{12}$`).MatchString(a.Version) {
		t.Fatalf("version %q", a.Version)
	}
	if a.Version != b.Version {
		t.Errorf("same training gave versions %s and %s", a.Version, b.Version)
	}
	c := toy(t)
	c.Combine.Overrule = 0.95
	if err := c.Seal(); err != nil {
		t.Fatal(err)
	}
	if c.Version == a.Version {
		t.Error("another policy kept the version")
	}
}

func TestEncodeParseRoundTrip(t *testing.T) {
	m := toy(t)
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := model.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != m.Version {
		t.Errorf("version %s after the round trip, want %s", got.Version, m.Version)
	}
	text := "the app crashes and my parcel is late"
	p1, p2 := m.Predict("", text), got.Predict("", text)
	for i := range p1 {
		if p1[i] != p2[i] {
			t.Fatalf("predictions differ after the round trip: %+v vs %+v", p1, p2)
		}
	}
	again, _ := got.Encode()
	if !bytes.Equal(again, data) {
		t.Error("encoding a parsed file changed it")
	}
}

func TestParseRefuses(t *testing.T) {
	data, err := toy(t).Encode()
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for name, tc := range map[string]struct{ file, want string }{
		"edited":      {strings.Replace(s, `"overrule":0.8`, `"overrule":0.5`, 1), "edited by hand"},
		"format":      {strings.Replace(s, `"format":1`, `"format":2`, 1), "format 2"},
		"unknown key": {strings.Replace(s, `"format":1`, `"format":1,"extra":true`, 1), "unknown field"},
		"policy":      {strings.Replace(s, `"overrule":0.8`, `"overrule":1.5`, 1), "in [0,1]"},
		"two values":  {s + s, "more than one"},
		"not json":    {"{", "parse"},
	} {
		if tc.file == s {
			t.Fatalf("%s: the case did not change the file", name)
		}
		_, err := model.Parse([]byte(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, tc.want)
		}
	}
	if _, err := model.Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file loaded")
	}
}

func TestSealValidates(t *testing.T) {
	for name, mut := range map[string]func(*model.Model){
		"one class":     func(m *model.Model) { m.Classes, m.Docs, m.Mass = m.Classes[:1], m.Docs[:1], m.Mass[:1] },
		"unsorted":      func(m *model.Model) { m.Classes[0], m.Classes[1] = m.Classes[1], m.Classes[0] },
		"alpha":         func(m *model.Model) { m.Alpha = 0 },
		"docs":          func(m *model.Model) { m.Docs = m.Docs[:1] },
		"no features":   func(m *model.Model) { m.Counts = nil },
		"bad class":     func(m *model.Model) { m.Counts["w:x"] = []float64{7, 1} },
		"odd pairs":     func(m *model.Model) { m.Counts["w:x"] = []float64{0} },
		"zero weight":   func(m *model.Model) { m.Counts["w:x"] = []float64{0, 0} },
		"kind":          func(m *model.Model) { m.Kind = "svm" },
		"negative mass": func(m *model.Model) { m.Mass[0] = -1 },
	} {
		m := toy(t)
		mut(m)
		if err := m.Seal(); err == nil {
			t.Errorf("%s: Seal accepted it", name)
		}
	}
	if _, err := new(model.Model).Encode(); err == nil {
		t.Error("an unsealed model encoded")
	}
}
