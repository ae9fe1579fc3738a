package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/triage/triage/internal/bench"
	"github.com/triage/triage/internal/config"
)

// benchSentinel stands in for kafka.brokers while the configuration is
// validated in embedded-broker mode; it is never dialled.
const benchSentinel = "127.0.0.1:1"

// cmdBench is "triage bench": the load tool (internal/bench). With
// --phase it is the child that runs one measured phase.
func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	if len(args) == 1 && args[0] == "--phase" {
		if err := bench.ServePhase(ctx, os.Stdin, stdout, info.Version); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	}
	fs := flag.NewFlagSet("triage bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path, overrides := config.BindFlags(fs)
	brokers := fs.String("brokers", "", "Kafka brokers host:port,... (same as --kafka.brokers); none anywhere: an embedded in-process broker")
	records := fs.Int("records", 20000, "backlog size (backlog mode)")
	partitions := fs.Int("partitions", 6, "partitions of every bench topic")
	keys := fs.Int("keys", 1000, "distinct record keys (customers and senders)")
	size := fs.String("size", "1024", "value size in bytes, or a mix BYTES:WEIGHT,... e.g. 400:70,4096:25,1048576:5 (cut to 1,000,000)")
	mix := fs.String("mix", "60:35:5", "tickets:emails:bad shares (LLM mode default 50:50:0)")
	rate := fs.Float64("rate", 0, "0: backlog mode (seed, then drain as fast as possible); R: paced mode, R msg/s for --duration, with added latency")
	duration := fs.Duration("duration", 30*time.Second, "paced mode: how long to produce")
	phases := fs.String("phases", "passthrough,pipeline", "phases to run, in order: passthrough (raw kafka-go), pipeline (triage); LLM mode default pipeline")
	llm := fs.Bool("llm", false, "run the LLM path against the in-process simulator (fixed latency, no faults) and report the ratio to min(C/L, RPM/60)")
	llmLatency := fs.Duration("llm-latency", 200*time.Millisecond, "LLM mode: simulated latency of every call")
	llmConc := fs.Int("llm-concurrency", 64, "LLM mode: LLM calls at once (sets llm.concurrency where that setting exists, else kafka.max_in_flight)")
	rpm := fs.Int("rpm", 0, "LLM mode: llm.rpm, requests per minute (0 = unlimited)")
	verify := fs.Bool("verify", true, "read every input and output back and check nothing was lost and per-key order held")
	stall := fs.Duration("stall", 2*time.Minute, "a phase that finishes nothing for this long fails")
	seed := fs.Uint64("seed", 1, "random seed of the generated records")
	out := fs.String("out", "", "append a markdown section (command, commit, machine, date, figures) to this file, e.g. BENCHMARKS.md")
	asJSON := fs.Bool("json", false, "print the report as JSON instead of a table")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (go tool pprof) of the pipeline phase, from its first fetched record to its last finished, to this file")
	inProcess := fs.Bool("in-process", false, "run the phases in this process (CPU and RSS then include the bench and an embedded broker)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *brokers != "" {
		overrides["kafka.brokers"] = *brokers
	}
	if *llm {
		llmConcurrency(overrides, *llmConc)
	}
	cfg, embedded, err := benchConfig(*path, lookup, overrides)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *llm && !set["mix"] {
		*mix = "50:50:0"
	}
	if *llm && !set["phases"] {
		*phases = bench.Pipeline
	}
	o := bench.Options{Config: cfg, Records: *records, Partitions: *partitions, Keys: *keys, Rate: *rate, Duration: *duration,
		Phases: strings.Split(*phases, ","), LLM: *llm, LLMLatency: *llmLatency, LLMConcurrency: *llmConc, RPM: *rpm,
		Verify: *verify, Stall: *stall, Seed: *seed, CPUProfile: *cpuProfile, Progress: stderr}
	if embedded {
		o.Config.Kafka.Brokers = nil
	}
	var perr error
	o.Sizes, err = bench.ParseSizes(*size)
	o.Mix, perr = bench.ParseMix(*mix)
	if err = errors.Join(err, perr, benchCheck(o)); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	o.Run = bench.InProcess(info.Version)
	if !*inProcess {
		if o.Run, err = bench.Self(stderr); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	rep, err := bench.Run(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		rep.Table(stdout)
	}
	if *out != "" {
		if err := appendMarkdown(*out, rep, args); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if err := rep.Err(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// benchConfig loads the configuration like run does; when no brokers are
// given anywhere it validates with a sentinel and reports embedded.
func benchConfig(path string, lookup func(string) (string, bool), o config.Overrides) (config.Config, bool, error) {
	cfg, err := config.Load(path, lookup, o)
	if err == nil {
		return cfg, false, nil
	}
	if _, given := o["kafka.brokers"]; given {
		return cfg, false, err
	}
	o["kafka.brokers"] = benchSentinel
	cfg, err2 := config.Load(path, lookup, o)
	if err2 != nil {
		return cfg, false, err
	}
	return cfg, true, nil
}

// llmConcurrency makes c the LLM path's concurrency, unless the command
// line already sets it: llm.concurrency where the configuration has that
// setting, else kafka.max_in_flight (then the only bound on LLM calls).
func llmConcurrency(o config.Overrides, c int) {
	key := "kafka.max_in_flight"
	for _, s := range config.Settings() {
		if s.Key == "llm.concurrency" {
			key = s.Key
		}
	}
	if _, given := o[key]; !given {
		o[key] = strconv.Itoa(c)
	}
}

// benchCheck rejects options that cannot make a run.
func benchCheck(o bench.Options) error {
	var errs []error
	if o.Records < 1 || o.Partitions < 1 || o.Keys < 1 {
		errs = append(errs, errors.New("triage bench: --records, --partitions and --keys must be at least 1"))
	}
	for _, p := range o.Phases {
		if p != bench.Passthrough && p != bench.Pipeline {
			errs = append(errs, fmt.Errorf("triage bench: --phases: unknown phase %q (want passthrough, pipeline)", p))
		}
	}
	if o.Rate < 0 || (o.Rate > 0 && o.Duration <= 0) {
		errs = append(errs, errors.New("triage bench: --rate must be >= 0, and paced mode needs --duration > 0"))
	}
	if o.LLM && (o.LLMConcurrency < 1 || o.LLMLatency <= 0) {
		errs = append(errs, errors.New("triage bench: --llm needs --llm-concurrency >= 1 and --llm-latency > 0"))
	}
	return errors.Join(errs...)
}

// appendMarkdown appends the report's section to path (created if absent).
func appendMarkdown(path string, rep *bench.Report, args []string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("triage bench: --out: %w", err)
	}
	commit := info.Revision
	if info.Modified {
		commit += " (built with uncommitted changes)"
	}
	rep.Markdown(f, "triage bench "+strings.Join(args, " "), commit)
	return f.Close()
}
