package learn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "data.jsonl")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadLabelledBothFormats reads the eval formats: a ticket event plus
// gold, and the legacy envelope; both bodies are normalised like the
// service's.
func TestReadLabelledBothFormats(t *testing.T) {
	p := writeFile(t, `{"ticket_id":"t1","subject":"Charged","body":"billed  twice\r\n","channel":"web","customer":{"id":"c"},"created_at":"2026-11-01T09:00:00Z","gold":{"queue":"billing"}}

{"id":"x","subject":"Crash","body":"the app  crashes","gold":{"queue":"technical"}}
`)
	ex, err := ReadLabelled(p, 2, SourceHuman)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 || ex[0].Label != "billing" || ex[0].Subject != "Charged" || ex[1].Label != "technical" ||
		ex[0].Weight != 2 || ex[1].Source != SourceHuman {
		t.Fatalf("examples %+v", ex)
	}
	if ex[0].Body == "billed  twice\r\n" {
		t.Errorf("the ticket body was not normalised: %q", ex[0].Body)
	}
}

func TestReadLabelledRefuses(t *testing.T) {
	for name, tc := range map[string]struct{ content, want string }{
		"no gold":     {`{"id":"x","body":"a"}`, "line 1"},
		"empty queue": {`{"id":"x","body":"a","gold":{"queue":""}}`, "gold"},
		"unknown key": {`{"id":"x","bodyy":"a","gold":{"queue":"q"}}`, "bodyy"},
		"bad ticket":  {`{"ticket_id":"t","gold":{"queue":"q"}}`, "line 1"},
		"not json":    {"{", "line 1"},
		"empty":       {"\n", "no records"},
	} {
		_, err := ReadLabelled(writeFile(t, tc.content), 1, SourceLabelled)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, tc.want)
		}
	}
	if _, err := ReadLabelled(filepath.Join(t.TempDir(), "none"), 1, SourceLabelled); err == nil {
		t.Error("a missing file was read")
	}
}
