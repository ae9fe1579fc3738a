package drill

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBrokerRunsTheScriptVerbs(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "kafka.sh")
	calls := filepath.Join(dir, "calls")
	body := "#!/bin/sh\necho \"$1\" >>" + calls + "\n[ \"$1\" = resume ] && { echo 'port taken' >&2; exit 1; }\nexit 0\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	b := Broker{Script: script}
	if err := b.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := b.Resume(context.Background())
	if err == nil || !strings.Contains(err.Error(), "port taken") {
		t.Fatalf("Resume = %v, want the script's failure with its output", err)
	}
	if got, _ := os.ReadFile(calls); string(got) != "stop\nresume\n" {
		t.Fatalf("calls = %q", got)
	}
}
