package main

import (
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/kafkatest"
)

// syncBuffer is what a command writes while the test reads it.
type syncBuffer = kafkatest.SyncBuffer

// hangBound is how long a test waits for something that must come soon:
// long enough that only a hang, not a loaded machine, reaches it.
const hangBound = 60 * time.Second

// waitFor polls cond until it holds, failing the test after hangBound.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(hangBound); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %s", what, hangBound)
		}
	}
}

// waitForText waits until b contains want.
func waitForText(t *testing.T, b *syncBuffer, want string) {
	t.Helper()
	waitFor(t, strings.TrimSpace(want)+" in the output", func() bool { return strings.Contains(b.String(), want) })
}
