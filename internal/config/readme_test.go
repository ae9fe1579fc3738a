package config

import (
	"os"
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
