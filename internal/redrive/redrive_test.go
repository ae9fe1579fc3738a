package redrive

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/failure"
)

// Run twice: the first copies every re-drivable dead letter to its original
// topic byte for byte and reports the others with their offsets; the second
// finds them all in the ledger and copies nothing.
func TestRedriveTwiceCopiesOnce(t *testing.T) {
	e := newEnv(t, 2)
	e.deadLetters(t, failure.InvalidJSON, 0, 5, 1<<10, time.Time{})
	e.deadLetters(t, failure.SchemaViolation, 5, 3, 1<<10, time.Time{})
	e.deadLetters(t, failure.TooLarge, 8, 1, 0, time.Time{}) // value as a pointer only
	e.deadLetters(t, failure.PublishRefusal, 9, 1, 1<<10, time.Time{})
	ctx := context.Background()
	first := e.run(t, ctx, e.config("r1"))
	if first.Redriven != 8 || first.Read != 10 || first.SkippedCount() != 2 || first.Already != 0 {
		t.Fatalf("first run:\n%s", brief(first))
	}
	for _, why := range []string{SkipValueCut, SkipPublishRefused} {
		if s := first.Skipped[why]; s == nil || s.Count != 1 || len(s.First) != 1 || s.First[0].Topic != e.dlq {
			t.Errorf("skipped %s: %+v, want 1 with its offset", why, s)
		}
	}
	if first.ByReason[failure.InvalidJSON] != 5 || first.ByReason[failure.SchemaViolation] != 3 || first.ByTopic[e.tickets] != 8 {
		t.Errorf("by reason %v, by topic %v", first.ByReason, first.ByTopic)
	}
	var out strings.Builder
	first.Print(&out)
	for _, want := range []string{"redrive done: read 10 dead letters, re-driven 8, already re-driven 0, skipped 2", "skipped value_not_inline: 1 at " + e.dlq, "skipped publish_refused: 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	second := e.run(t, ctx, e.config("r2"))
	if second.Redriven != 0 || second.Already != 8 || second.SkippedCount() != 2 || second.Reconciled != 0 {
		t.Errorf("second run:\n%s", brief(second))
	}
	once(t, e.copies(t), 8)
}

// Naming publish_refused re-drives it; --max caps the count; other reasons
// are not selected.
func TestReasonAndMax(t *testing.T) {
	e := newEnv(t, 1)
	e.deadLetters(t, failure.InvalidJSON, 0, 4, 1<<10, time.Time{})
	e.deadLetters(t, failure.PublishRefusal, 4, 1, 1<<10, time.Time{})
	cfg := e.config("max")
	cfg.Select = Selector{Reasons: []failure.Reason{failure.InvalidJSON}}
	cfg.Max = 3
	res := e.run(t, context.Background(), cfg)
	if res.Redriven != 3 || !res.MaxReached {
		t.Errorf("--max 3:\n%s", brief(res))
	}
	cfg = e.config("refused")
	cfg.Select = Selector{Reasons: []failure.Reason{failure.PublishRefusal}}
	if res := e.run(t, context.Background(), cfg); res.Redriven != 1 || res.Unselected != 4 || res.Others[failure.InvalidJSON] != 4 || res.SkippedCount() != 0 {
		t.Errorf("--reason publish_refused:\n%s", brief(res))
	}
	once(t, e.copies(t), 4)
}

// --from and --to select dead letters by their own timestamps.
func TestTimeWindow(t *testing.T) {
	e := newEnv(t, 1)
	t0 := time.Now().Add(-time.Hour).Truncate(time.Second)
	for i := range 3 {
		e.deadLetters(t, failure.InvalidJSON, i, 1, 1<<10, t0.Add(time.Duration(i)*time.Minute))
	}
	cfg := e.config("window")
	cfg.From, cfg.To = t0.Add(time.Minute), t0.Add(2*time.Minute)
	if res := e.run(t, context.Background(), cfg); res.Redriven != 1 {
		t.Errorf("window [t0+1m, t0+2m):\n%s", brief(res))
	}
	once(t, e.copies(t), 1)
}

// A dry run reports what it would do and writes nothing: no copy, no
// ledger topic.
func TestDryRunWritesNothing(t *testing.T) {
	e := newEnv(t, 1)
	e.deadLetters(t, failure.InvalidJSON, 0, 3, 1<<10, time.Time{})
	cfg := e.config("dry")
	cfg.DryRun = true
	res := e.run(t, context.Background(), cfg)
	if res.Redriven != 3 || len(res.First) != 3 || res.First[0].Source.Topic != e.tickets {
		t.Errorf("dry run:\n%s", brief(res))
	}
	var out strings.Builder
	res.Print(&out)
	if !strings.Contains(out.String(), "would re-drive (dry run, nothing written) 3") {
		t.Errorf("summary:\n%s", out.String())
	}
	if got := e.b.ReadAll(t, e.tickets); len(got) != 0 {
		t.Errorf("dry run wrote %d records", len(got))
	}
	if ok, err := ensureLedger(context.Background(), e.b.Cluster(), e.ledger, false); ok || err != nil {
		t.Errorf("ledger topic exists after a dry run: %v %v", ok, err)
	}
}

// Cancelled after two batches, a run stops cleanly; the next run re-drives
// the rest, and every dead letter is copied once.
func TestCancelledRunResumes(t *testing.T) {
	e := newEnv(t, 1)
	e.deadLetters(t, failure.InvalidJSON, 0, 6, 1<<10, time.Time{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := e.config("cancelled")
	cfg.BatchSize = 1
	cfg.Writer = e.hooked(t, func(n int, err error) error {
		if n == 2 {
			cancel()
		}
		return err
	})
	res := e.run(t, ctx, cfg)
	if !res.Stopped || res.Redriven != 2 {
		t.Fatalf("cancelled run:\n%s", brief(res))
	}
	again := e.run(t, context.Background(), e.config("resumed"))
	if again.Redriven != 4 || again.Already != 2 || again.Reconciled != 0 {
		t.Errorf("resumed run:\n%s", brief(again))
	}
	once(t, e.copies(t), 6)
}

// Dead letters arriving while a run is under way are left to the next run:
// the end offsets are fixed at the start.
func TestBoundedWhileDeadLettersArrive(t *testing.T) {
	e := newEnv(t, 1)
	e.deadLetters(t, failure.InvalidJSON, 0, 3, 1<<10, time.Time{})
	cfg := e.config("bounded")
	cfg.BatchSize = 1
	cfg.Writer = e.hooked(t, func(n int, err error) error {
		if n == 1 {
			e.deadLetters(t, failure.InvalidJSON, 3, 2, 1<<10, time.Time{})
		}
		return err
	})
	if res := e.run(t, context.Background(), cfg); res.Read != 3 || res.Redriven != 3 {
		t.Errorf("bounded run:\n%s", brief(res))
	}
	if res := e.run(t, context.Background(), e.config("next")); res.Redriven != 2 || res.Already != 3 {
		t.Errorf("next run:\n%s", brief(res))
	}
	once(t, e.copies(t), 5)
}
