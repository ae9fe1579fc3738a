package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/triage/triage/internal/redrive"
	"github.com/triage/triage/internal/replay"
)

// cmdDLQ is "triage dlq redrive": republish dead letters' original key,
// value and headers to their original topics (see internal/redrive). It
// blocks until the run is done or ctx is cancelled (Ctrl-C stops at a batch
// boundary; run the same command again to go on). Progress goes to stderr,
// the summary to stdout. Exit code: 0 done (skipped dead letters are listed
// in the summary), 1 failed or stopped, 2 usage or configuration error.
func cmdDLQ(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	const use = "usage: triage dlq redrive (--reason R[,R] | --all) [--from RFC3339] [--to RFC3339] [--topic T] [--max N] [--dry-run] [--config FILE] [flags]"
	if len(args) == 0 || args[0] != "redrive" {
		fmt.Fprintln(stderr, use)
		return 2
	}
	fs := flag.NewFlagSet("triage dlq redrive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rs repeated
	fs.Var(&rs, "reason", "dead-letter reasons to re-drive, repeatable or comma-separated (e.g. invalid_json,schema_violation)")
	all := fs.Bool("all", false, "re-drive every reason except publish_refused (name that one with --reason)")
	from := fs.String("from", "", "first dead-letter timestamp, RFC 3339 (inclusive; default: the beginning)")
	to := fs.String("to", "", "end dead-letter timestamp, RFC 3339 (exclusive; default: the end offsets at start)")
	topic := fs.String("topic", "", "re-drive only dead letters whose original topic is this")
	maxN := fs.Int64("max", 0, "re-drive at most this many (0: no cap)")
	dryRun := fs.Bool("dry-run", false, "report what would be re-driven; write nothing")
	ledger := fs.String("ledger-topic", "", "compacted topic recording what was re-driven (default: topics.dlq + \".redrive\"; created when missing)")
	runID := fs.String("run-id", "", "run id in the ledger (default: generated)")
	every := fs.Duration("progress-every", 5*time.Second, "interval of progress lines on stderr")
	stall := fs.Duration("stall-timeout", replay.DefaultStallTimeout, "fail (exit 1) when a partition's read does not move for this long")
	cfg, ok := loadConfig(fs, args[1:], lookup, stderr)
	if !ok {
		return 2
	}
	rc := redrive.Config{DLQTopic: cfg.Topics.DLQ, Ledger: *ledger, Max: *maxN, DryRun: *dryRun, RunID: *runID,
		StallTimeout: *stall, FetchMaxBytes: max(16<<20, 2*cfg.Limits.MaxMessageBytes), Progress: stderr, Every: *every}
	rc.Select.All, rc.Select.Topic = *all, *topic
	var err error
	if rc.Select.Reasons, err = redrive.ParseReasons(rs); err == nil {
		err = rc.Select.Check()
	}
	for _, t := range []struct {
		name, v string
		at      *time.Time
	}{{"from", *from, &rc.From}, {"to", *to, &rc.To}} {
		if t.v == "" || err != nil {
			continue
		}
		if *t.at, err = time.Parse(time.RFC3339, t.v); err != nil {
			err = fmt.Errorf("--%s %q is not RFC 3339 (e.g. 2026-11-01T00:00:00Z)", t.name, t.v)
		}
	}
	switch {
	case err != nil:
	case !rc.From.IsZero() && !rc.To.IsZero() && !rc.To.After(rc.From):
		err = fmt.Errorf("--to must be after --from")
	case *maxN < 0 || *every <= 0 || *stall <= 0:
		err = fmt.Errorf("--max must not be negative, --progress-every and --stall-timeout must be positive")
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage dlq redrive: %v\n%s\n", err, use)
		return 2
	}
	if rc.Ledger == "" {
		rc.Ledger = cfg.Topics.DLQ + ".redrive"
	}
	if rc.RunID == "" {
		rc.RunID = "redrive-" + strings.TrimPrefix(newRunID(time.Now()), "replay-")
	}
	if rc.Cluster, err = cfg.Kafka.Cluster(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintf(stdout, "redrive %s: dead letters of %s, ledger %s, dry-run=%v\n", rc.RunID, rc.DLQTopic, rc.Ledger, rc.DryRun)
	res, err := redrive.Run(ctx, rc)
	if res != nil {
		res.Print(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage dlq redrive: %v\n", err)
		return 1
	}
	if res.Stopped {
		fmt.Fprintln(stderr, "triage dlq redrive: stopped; run the same command again to go on (what was re-driven is recorded)")
		return 1
	}
	return 0
}
