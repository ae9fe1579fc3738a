package redrive

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

// A run that dies after the broker took a batch but before the ledger
// recorded it (here: the acknowledgement is lost) leaves its open entry;
// the next run finds those copies, records them and copies only the rest.
func TestInterruptedRunIsReconciled(t *testing.T) {
	e := newEnv(t, 1)
	e.deadLetters(t, failure.InvalidJSON, 0, 5, 1<<10, time.Time{})
	cfg := e.config("crashed")
	cfg.BatchSize = 2
	cfg.Writer = e.hooked(t, func(n int, err error) error {
		if n == 2 {
			return errors.New("connection reset (acknowledgement lost)")
		}
		return err
	})
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "acknowledgement lost") {
		t.Fatalf("crashed run: err %v", err)
	}
	again := e.run(t, context.Background(), e.config("after-crash"))
	if again.Reconciled != 2 || again.Already != 4 || again.Redriven != 1 {
		t.Errorf("run after the crash:\n%s", brief(again))
	}
	once(t, e.copies(t), 5)
	if third := e.run(t, context.Background(), e.config("third")); third.Reconciled != 0 || third.Redriven != 0 || third.Already != 5 {
		t.Errorf("third run:\n%s", brief(third))
	}
}
