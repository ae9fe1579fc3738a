// Command drill runs the chaos drills of issue 9 (item 10) against the real
// triage binary and a real Kafka broker, and judges each with the
// independent checker (internal/chaos): records lost, duplicated (against
// the bound per crash), per-key inversions, committed-offset regressions,
// time to drain, and /readyz timings in a broker outage.
//
//	eval "export $(deploy/kafka/kafka.sh start)"
//	go run ./internal/chaos/cmd/drill -short                  # CI's short form, every scenario
//	go run ./internal/chaos/cmd/drill -scenario a,c           # full form of two scenarios
//
// It exits 0 when every scenario passed, 1 when one failed, 2 on bad usage.
// Reports (JSON) and process logs stay in -dir.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/triage/triage/internal/chaos/drill"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opt, names, err := parse(args, stderr)
	if err != nil {
		return 2
	}
	opt.Out = stdout
	if opt.Bin == "" {
		opt.Bin = filepath.Join(opt.Dir, "triage")
		fmt.Fprintf(stdout, "building %s from ./cmd/triage\n", opt.Bin)
		if out, err := exec.Command("go", "build", "-o", opt.Bin, "./cmd/triage").CombinedOutput(); err != nil {
			fmt.Fprintf(stderr, "drill: go build ./cmd/triage: %v\n%s", err, out)
			return 1
		}
	}
	fmt.Fprintf(stdout, "drill: brokers %v, binary %s, work dir %s, %d records (LLM scenarios %d), %d kills, outage %s, slow %s\n",
		opt.Brokers, opt.Bin, opt.Dir, opt.Records, min(opt.Records, opt.LLMRecords), opt.Kills, opt.BrokerStop, opt.Slow)
	outs, err := drill.RunAll(ctx, opt, names)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintf(stdout, "\n%s\nreports and logs: %s\n", drill.Table(outs), opt.Dir)
	for _, o := range outs {
		if !o.Pass() {
			fmt.Fprintln(stdout, "drill: FAILED (see above)")
			return 1
		}
	}
	fmt.Fprintln(stdout, "drill: every scenario passed")
	return 0
}

// parse reads the flags: -short picks the short form's defaults, and any
// flag given explicitly overrides them.
func parse(args []string, stderr io.Writer) (drill.Options, []string, error) {
	fs := flag.NewFlagSet("drill", flag.ContinueOnError)
	fs.SetOutput(stderr)
	short := wantsShort(args)
	fs.Bool("short", short, "the short form CI runs (5k records, 4 kills, 10 s outage); it sets the defaults of the other flags")
	scenario := fs.String("scenario", "all", "comma-separated scenarios, by name or letter: "+names())
	o := drill.Defaults(short)
	fs.StringVar(&o.Bin, "triage", "", "triage binary (default: go build ./cmd/triage into -dir)")
	fs.StringVar(&o.KafkaSH, "kafka-sh", "deploy/kafka/kafka.sh", "broker control script (stop, resume) for the outage drill")
	brokers := fs.String("brokers", os.Getenv("KAFKA_BROKERS"), "bootstrap brokers (default $KAFKA_BROKERS)")
	fs.StringVar(&o.Dir, "dir", "", "work directory for configs, logs and reports (default: a new /tmp/triage-chaos.*)")
	fs.StringVar(&o.HostileDir, "hostile", "internal/pipeline/testdata", "prompt-injection records (hostile_*.jsonl)")
	fs.IntVar(&o.Records, "records", o.Records, "records per scenario")
	fs.IntVar(&o.LLMRecords, "llm-records", o.LLMRecords, "records of the LLM scenarios (at most -records)")
	fs.IntVar(&o.Keys, "keys", o.Keys, "distinct record keys")
	fs.IntVar(&o.Partitions, "partitions", o.Partitions, "partitions of every topic")
	fs.IntVar(&o.Kills, "kills", o.Kills, "SIGKILLs in the kill scenario (rolling restarts: 1 + kills/10 rounds)")
	fs.DurationVar(&o.BrokerStop, "broker-stop", o.BrokerStop, "broker outage")
	fs.DurationVar(&o.Slow, "slow", o.Slow, "how long the slow record's LLM call is held")
	fs.DurationVar(&o.Feed, "feed", o.Feed, "window over which records arrive while faults happen")
	fs.DurationVar(&o.Drain, "drain", o.Drain, "how long to wait for the group to reach the end offsets")
	fs.DurationVar(&o.ReadyBound, "ready-bound", o.ReadyBound, "an instance must turn unready this soon after the broker stops")
	fs.IntVar(&o.MaxInFlight, "max-in-flight", o.MaxInFlight, "kafka.max_in_flight")
	fs.IntVar(&o.CheckpointLimit, "checkpoint-limit", o.CheckpointLimit, "kafka.checkpoint_limit (set only if triage config check accepts it)")
	fs.IntVar(&o.Bound, "bound", 0, "duplicates allowed per crash (default checkpoint-limit × input partitions, or max-in-flight without checkpoint_limit)")
	fs.DurationVar(&o.SampleEvery, "sample-every", o.SampleEvery, "committed-offset sampling interval")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the record mix and fault timing")
	fs.BoolVar(&o.KeepTopics, "keep-topics", false, "keep each scenario's topics on the broker (default: deleted once checked)")
	if err := fs.Parse(args); err != nil {
		return o, nil, err
	}
	if *brokers == "" {
		fmt.Fprintln(stderr, "drill: no brokers: set KAFKA_BROKERS (deploy/kafka/kafka.sh start) or -brokers")
		return o, nil, flag.ErrHelp
	}
	o.Brokers = strings.Split(*brokers, ",")
	if o.Dir == "" {
		dir, err := os.MkdirTemp("", "triage-chaos.")
		if err != nil {
			fmt.Fprintln(stderr, "drill:", err)
			return o, nil, err
		}
		o.Dir = dir
	}
	return o, strings.Split(*scenario, ","), nil
}

// wantsShort reports whether args ask for the short form, so that it can
// supply the flags' defaults (flags given explicitly still win).
func wantsShort(args []string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		switch strings.TrimLeft(a, "-") {
		case "short", "short=true", "short=1":
			return true
		}
	}
	return false
}

func names() string {
	var n []string
	for _, s := range drill.Scenarios() {
		n = append(n, s.Name)
	}
	return strings.Join(n, ", ")
}
