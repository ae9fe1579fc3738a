package drill

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testSettings() Settings {
	return Settings{Brokers: []string{"127.0.0.1:19092"}, Group: "g",
		Topics:      map[string]string{"emails": "e", "tickets": "t", "orders": "o", "routed": "r", "dlq": "d"},
		MaxInFlight: 64, CheckpointLimit: 32}
}

func TestYAMLRendersTheChoices(t *testing.T) {
	s := testSettings()
	s.LLMURL, s.LLMTimeout, s.ProcessingTimeout = "http://127.0.0.1:1/v1", 3*time.Second, 40*time.Second
	s.BreakerOpenFor = 2 * time.Second
	y := string(s.YAML())
	for _, want := range []string{`brokers: ["127.0.0.1:19092"]`, "checkpoint_limit: 32", `dlq: "d"`,
		"timeout: 40s", `base_url: "http://127.0.0.1:1/v1"`, "timeout: 3s", "cache_size: 0", "breaker_open_timeout: 2s"} {
		if !strings.Contains(y, want) {
			t.Errorf("YAML lacks %q:\n%s", want, y)
		}
	}
	s.CheckpointLimit, s.LLMURL = 0, ""
	if y := string(s.YAML()); strings.Contains(y, "checkpoint_limit") || strings.Contains(y, "llm:") {
		t.Errorf("YAML has unset sections:\n%s", y)
	}
}

// fakeTriage writes a script that plays "triage config check": it refuses
// any file mentioning checkpoint_limit when old is true.
func fakeTriage(t *testing.T, old bool) string {
	bin := filepath.Join(t.TempDir(), "triage")
	script := "#!/bin/sh\nexit 0\n"
	if old {
		script = "#!/bin/sh\nif grep -q checkpoint_limit \"$4\"; then echo 'unknown key kafka.checkpoint_limit' >&2; exit 2; fi\nexit 0\n"
	}
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestWriteConfigDropsAnUnknownCheckpointLimit(t *testing.T) {
	dir := t.TempDir()
	path, ok, err := WriteConfig(fakeTriage(t, true), dir, "old.yaml", testSettings())
	if err != nil || ok {
		t.Fatalf("old runner: ok %v err %v, want the key dropped", ok, err)
	}
	if b, _ := os.ReadFile(path); strings.Contains(string(b), "checkpoint_limit") {
		t.Fatalf("file still sets checkpoint_limit:\n%s", b)
	}
	if _, ok, err := WriteConfig(fakeTriage(t, false), dir, "new.yaml", testSettings()); err != nil || !ok {
		t.Fatalf("new runner: ok %v err %v, want the key kept", ok, err)
	}
}
