package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/replay"
)

// replayFlags are the flags of "triage replay" besides the settings.
type replayFlags struct {
	topics, from, to, fromOffset, toOffset, partitions, outputTopic, runID, metricsAddr string
	dryRun, onlyFallback, diff                                                          bool
	maxRate                                                                             float64
	every, stallTimeout                                                                 time.Duration
}

func bindReplayFlags(fs *flag.FlagSet) *replayFlags {
	f := &replayFlags{}
	fs.StringVar(&f.topics, "topic", "", "input topics to replay, comma-separated (default: every configured input topic)")
	fs.StringVar(&f.from, "from", "", "first record timestamp to replay, RFC 3339 (inclusive; default: the beginning)")
	fs.StringVar(&f.to, "to", "", "end timestamp, RFC 3339 (exclusive; default: the end offsets when the replay starts)")
	fs.StringVar(&f.fromOffset, "from-offset", "", "start offsets [topic/]P:O,... (only these partitions are read)")
	fs.StringVar(&f.toOffset, "to-offset", "", "end offsets [topic/]P:O,... (exclusive)")
	fs.StringVar(&f.partitions, "partitions", "", "partitions to replay, comma-separated (default: all)")
	fs.StringVar(&f.outputTopic, "output-topic", "", "publish events to this topic instead of the configured output topics (dead letters still go to topics.dlq)")
	fs.StringVar(&f.runID, "run-id", "", "replay run id in the triagereplay extension and triage-replay header (default: generated)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "decide and report, publish nothing")
	fs.BoolVar(&f.onlyFallback, "only-fallback", false, "redecide only inputs whose last event was a rules fallback; publish a superseding event when the decision changed")
	fs.BoolVar(&f.diff, "diff", false, "compare new decisions with the last published ones and print a report")
	fs.Float64Var(&f.maxRate, "max-rate", 0, "records per second at most, over all partitions (0 = unlimited)")
	fs.DurationVar(&f.every, "progress-every", 5*time.Second, "interval of progress lines when stdout is not a terminal")
	fs.DurationVar(&f.stallTimeout, "stall-timeout", replay.DefaultStallTimeout, "fail a partition (exit 1) whose read position does not move for this long before its end offset")
	fs.StringVar(&f.metricsAddr, "metrics-addr", "", "serve the live service's decision, LLM, breaker and cache metrics on this address during the replay (e.g. :9465)")
	return f
}

// cmdReplay is "triage replay": reprocess input history between fixed
// bounds through the live service's handler, without the live group. It
// blocks until the replay is done or ctx is cancelled (Ctrl-C), then prints
// a summary and, when stopped early or a partition failed (did not reach its
// end offset within --stall-timeout), the command that resumes it. Exit
// code: 0 every partition done, 1 failed or stopped, 2 usage or
// configuration error.
func cmdReplay(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	fs := flag.NewFlagSet("triage replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := bindReplayFlags(fs)
	cfg, ok := loadConfig(fs, args, lookup, stderr)
	if !ok {
		return 2
	}
	if err := cfg.LLM.CacheError(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	w, err := f.window(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "triage replay: %v\n", err)
		return 2
	}
	if f.runID == "" {
		f.runID = newRunID(time.Now())
	}
	log := newLogger(stderr, cfg.Log)
	m, hooks := observe(cfg)
	hooks.Consumer = nil // a replay is not the group consumer
	tp, stopTracing, err := startTracing(ctx, cfg.Tracing, info.Version, log)
	if err != nil {
		fmt.Fprintf(stderr, "triage replay: %v\n", err)
		return 1
	}
	defer stopTracing()
	hooks.Tracing = tp
	p, err := pipeline.Build(cfg, log, info.Version, hooks)
	if err != nil {
		fmt.Fprintf(stderr, "triage replay: cannot build the pipeline: %v\n", err)
		return 1
	}
	defer closePipeline(p, log)
	// People's answers first: a replayed input that a person corrected is
	// decided as corrected, with no engine asked.
	stopAnswers, err := p.Answers.Start(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "triage replay: cannot read the corrections topic: %v\n", err)
		return 1
	}
	defer stopAnswers()
	stopAdmin, err := startAdmin(ctx, f.metricsAddr, false, m, func() error { return nil }, log)
	if err != nil {
		fmt.Fprintf(stderr, "triage replay: --metrics-addr: %v\n", err)
		return 2
	}
	defer stopAdmin()
	p.Handler.ReplayID = f.runID
	var outputs []string
	for _, t := range w.Topics {
		rt, ok := p.Handler.Routes[t]
		if !ok {
			fmt.Fprintf(stderr, "triage replay: %s is not an input topic of this configuration (topics.emails, topics.tickets)\n", t)
			return 2
		}
		outputs = append(outputs, rt.Output)
	}
	cluster, err := cfg.Kafka.Cluster()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ranges, err := replay.Resolve(ctx, cluster, w)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	rc := replay.Config{
		Brokers: cfg.Kafka.Brokers, Auth: cluster.Auth, Ranges: ranges, Handler: p.Handler, RunID: f.runID, From: w.From, To: w.To,
		OutputTopic: f.outputTopic, DLQTopic: cfg.Topics.DLQ, DLQInlineMaxBytes: cfg.Limits.DLQInlineMaxBytes,
		Version: info.Version, DryRun: f.dryRun, MaxRate: f.maxRate, OnlyFallback: f.onlyFallback,
		FetchMaxBytes: max(16<<20, 2*cfg.Limits.MaxMessageBytes), StallTimeout: f.stallTimeout, Logger: log, Tracing: tp,
	}
	if f.onlyFallback || f.diff {
		fmt.Fprintf(stdout, "indexing earlier events on %s …\n", strings.Join(outputs, ", "))
		if rc.Index, err = replay.BuildIndex(ctx, cluster, outputs, rc.FetchMaxBytes, f.stallTimeout); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "indexed %d events for %d inputs\n", rc.Index.Events, rc.Index.Len())
	}
	if f.diff {
		rc.Diff = replay.NewDiff()
	}
	var total int64
	for _, r := range ranges {
		total += r.Len()
	}
	fmt.Fprintf(stdout, "replay %s: %d partitions, %d offsets, dry-run=%v only-fallback=%v\n", f.runID, len(ranges), total, f.dryRun, f.onlyFallback)
	st := replay.NewState(ranges)
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() { defer close(watched); replay.Watch(watchCtx, stdout, replay.IsTerminal(stdout), f.every, st) }()
	res, err := replay.Run(ctx, rc, st)
	stopWatch()
	<-watched
	if res != nil {
		res.Print(stdout, f.dryRun)
		if rc.Diff != nil {
			rc.Diff.Print(stdout)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "triage replay: %v\n", err)
	}
	if res != nil && (res.Stopped || res.Failed() || err != nil) {
		if from, to := res.Remaining(); len(from) > 0 {
			multi := len(w.Topics) > 1
			fmt.Fprintf(stdout, "resume with:\n  %s\n", resumeCommand(args, replay.FormatPositions(from, multi), replay.FormatPositions(to, multi), f.runID))
		}
		return 1
	}
	return 0
}

// window turns the flags into what to read; it checks every flag.
func (f *replayFlags) window(cfg config.Config) (replay.Window, error) {
	var w replay.Window
	var errs []error
	for _, t := range strings.Split(f.topics, ",") {
		if t = strings.TrimSpace(t); t != "" {
			w.Topics = append(w.Topics, t)
		}
	}
	if len(w.Topics) == 0 {
		for _, t := range []string{cfg.Topics.Tickets, cfg.Topics.Emails} {
			if t != "" {
				w.Topics = append(w.Topics, t)
			}
		}
	}
	parseTime := func(name, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			errs = append(errs, fmt.Errorf("--%s: %q is not RFC 3339 (e.g. 2026-11-01T00:00:00Z)", name, v))
		}
		return t
	}
	w.From, w.To = parseTime("from", f.from), parseTime("to", f.to)
	if !w.From.IsZero() && !w.To.IsZero() && !w.To.After(w.From) {
		errs = append(errs, errors.New("--to must be after --from"))
	}
	var err error
	if f.fromOffset != "" {
		if w.FromOffsets, err = replay.ParsePositions(f.fromOffset); err != nil {
			errs = append(errs, fmt.Errorf("--from-offset: %w", err))
		}
	}
	if f.toOffset != "" {
		if w.ToOffsets, err = replay.ParsePositions(f.toOffset); err != nil {
			errs = append(errs, fmt.Errorf("--to-offset: %w", err))
		}
	}
	for _, s := range strings.Split(f.partitions, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("--partitions: %q is not a partition number", s))
			continue
		}
		w.Partitions = append(w.Partitions, n)
	}
	if f.maxRate < 0 {
		errs = append(errs, errors.New("--max-rate must not be negative"))
	}
	if f.stallTimeout <= 0 {
		errs = append(errs, errors.New("--stall-timeout must be positive"))
	}
	if f.outputTopic != "" && (f.outputTopic == cfg.Topics.DLQ || slices.Contains(w.Topics, f.outputTopic)) {
		errs = append(errs, fmt.Errorf("--output-topic %s is an input or the dead-letter topic", f.outputTopic))
	}
	return w, errors.Join(errs...)
}

// newRunID is "replay-<UTC time>-<4 random bytes>".
func newRunID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "replay-" + now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// resumeCommand is the original command with the start and end offsets of
// what is left and the same run id; --from/--to stay, to keep filtering
// timestamps.
func resumeCommand(args []string, from, to, runID string) string {
	drop := map[string]bool{"from-offset": true, "to-offset": true, "run-id": true}
	out := []string{"triage", "replay"}
	for i := 0; i < len(args); i++ {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if strings.HasPrefix(args[i], "-") && drop[name] {
			if !hasValue {
				i++
			}
			continue
		}
		out = append(out, shellQuote(args[i]))
	}
	return strings.Join(append(out, "--from-offset", from, "--to-offset", to, "--run-id", runID), " ")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,:/@+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
