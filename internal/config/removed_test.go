package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

// processing.retries never took effect (issue 9 item 7) and is gone: set
// anywhere, it fails naming what to use instead. The file case is
// testdata/bad/processing_retries.yaml.
func TestRemovedSettingsFailWithAdvice(t *testing.T) {
	env := func(k string) (string, bool) { return "3", k == "TRIAGE_PROCESSING_RETRIES" }
	_, err := Load("testdata/good/minimal.yaml", env, nil)
	if err == nil || !strings.Contains(err.Error(), "processing.retries (env TRIAGE_PROCESSING_RETRIES): removed") || !strings.Contains(err.Error(), "llm.max_retries") {
		t.Errorf("env: %v", err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	BindFlags(fs)
	err = fs.Parse([]string{"--processing.retry_backoff=1s"})
	if err == nil || !strings.Contains(err.Error(), "llm.retry_backoff") {
		t.Errorf("flag: %v", err)
	}
	for _, s := range Settings() {
		if _, gone := removed[s.Key]; gone {
			t.Errorf("%s is both a setting and removed", s.Key)
		}
	}
}
