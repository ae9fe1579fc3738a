// Command triage reads inbound emails and tickets from Kafka, decides where
// a ticket goes and what an email orders, and publishes enriched
// CloudEvents. Run "triage help" for the subcommands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/triage/triage/internal/build"
)

// Stamped at build time with -ldflags "-X main.version=V -X main.commit=C
// -X main.date=D" (the Dockerfile and deploy/image.sh do); empty otherwise.
var version, commit, date string

// info is this build: the stamps, else debug.ReadBuildInfo ("dev" at worst).
var info = build.Read(version, commit, date)

func main() { os.Exit(run()) }

// run is the only place that touches process state: signals, args, env and
// the standard streams. Everything below takes them as arguments.
func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv)
}

const usage = `triage: decide what inbound emails and tickets are, from Kafka to Kafka.

usage: triage <command> [flags]

commands:
  run       consume the configured topics and publish decisions (until SIGINT/SIGTERM)
  demo      run the whole pipeline on an embedded Kafka broker with sample data
  replay    reprocess input history between fixed bounds through the live handler (no consumer group)
  offsets   "offsets reset" moves a stopped group's committed offsets (dry run unless --execute)
  dlq       "dlq redrive" republishes dead letters' original records to their topics (bounded, idempotent)
  eval      score an engine (rules, llm, cascade) on a labelled JSONL set
  learn     train the routing model the rules use beside their rules (rules.model) from LLM decisions, corrections or labelled files
  rules     "rules suggest" proposes catalog aliases and order cues from labelled or LLM-extracted orders, for review;
            "rules check" lints a rules file (duplicate, shadowed and single-record terms, queues without evidence)
  bench     load tool: seed a backlog, measure the pipeline beside a raw kafka-go passthrough (msg/s, CPU, RSS, latency)
  review    "review serve" serves the review page: open review tasks, accept or correct them (writes topics.corrections)
  llm-sim   a SIMULATED OpenAI-compatible server (answers from the rules) for drills and load tests
  config    "config doc" prints the settings table, "config check [--connect]" validates a configuration (and reaches the brokers)
  version   print the version, commit, build date and Go version

"triage <command> -h" lists the command's flags.
`

// dispatch runs one subcommand and returns the process exit code: 0 done,
// 1 failed, 2 usage or configuration error.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "run":
		return cmdRun(ctx, args[1:], stdout, stderr, lookup)
	case "demo":
		return cmdDemo(ctx, args[1:], stdout, stderr)
	case "replay":
		return cmdReplay(ctx, args[1:], stdout, stderr, lookup)
	case "offsets":
		return cmdOffsets(ctx, args[1:], stdout, stderr, lookup)
	case "dlq":
		return cmdDLQ(ctx, args[1:], stdout, stderr, lookup)
	case "eval":
		return cmdEval(ctx, args[1:], stdout, stderr)
	case "learn":
		return cmdLearn(ctx, args[1:], stdout, stderr, lookup)
	case "rules":
		return cmdRules(ctx, args[1:], stdout, stderr, lookup)
	case "bench":
		return cmdBench(ctx, args[1:], stdout, stderr, lookup)
	case "review":
		return cmdReview(ctx, args[1:], stdout, stderr, lookup)
	case "llm-sim":
		return cmdLLMSim(ctx, args[1:], stdout, stderr)
	case "config":
		return cmdConfig(ctx, args[1:], stdout, stderr, lookup)
	case "version":
		fmt.Fprint(stdout, info)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "triage: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
