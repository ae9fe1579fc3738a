// Package bench is "triage bench": it seeds a configurable backlog of
// realistic tickets, e-mails and bad records into a real broker or an
// embedded one, then measures in the same run the real pipeline and a raw
// kafka-go passthrough (consume → produce acks=all, batched → commit) on
// the same inputs: msg/s, the ratio, CPU per record, peak RSS and, in the
// paced mode, the added latency per record. It can also drive the LLM path
// against the in-process simulator and compare its rate with the
// Little's-law bound min(concurrency ÷ latency, RPM ÷ 60). Every phase's
// outputs are checked against its inputs (nothing lost, per-key order
// kept) by package chaos's independent checker.
package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// Options is one bench run.
type Options struct {
	// Config is the triage configuration the pipeline runs with; its
	// brokers and security are where the bench runs (no brokers: an
	// embedded kfake broker). Topics and group are the bench's own.
	Config     config.Config
	Records    int // backlog size (backlog mode)
	Partitions int
	Keys       int
	Sizes      Sizes
	Mix        Mix
	// Rate > 0 is the paced mode: Rate records per second for Duration,
	// with per-record added latency; 0 is the backlog mode.
	Rate     float64
	Duration time.Duration
	Phases   []string // Passthrough and/or Pipeline, in this order
	// LLM runs the pipeline with the LLM engine against the simulator
	// (fixed LLMLatency, no faults) with RPM as llm.rpm (0 = none), and
	// reports the rate against Bound(LLMConcurrency, LLMLatency, RPM);
	// Config must already hold that concurrency (triage bench sets it).
	LLM            bool
	LLMLatency     time.Duration
	LLMConcurrency int
	RPM            int
	Verify         bool          // check every phase's outputs (reads all records back)
	Stall          time.Duration // a phase without progress this long fails
	Seed           uint64
	CPUProfile     string      // write the pipeline phase's CPU profile here (pprof format); "": none
	Run            PhaseRunner // how phases run (Exec or InProcess)
	Progress       io.Writer   // progress lines; nil: none
}

// Outcome is one phase's figures.
type Outcome struct {
	PhaseResult
	Outputs int64    // records on the phase's output topics
	Latency *Latency // paced mode
	Verdict *Verdict // Verify
}

// Report is a whole run.
type Report struct {
	Options  Options
	Broker   string // "embedded kfake" or the real brokers
	Started  time.Time
	Seeded   Seeded
	Outcomes []Outcome
	// LLM mode: the bound and what the simulator answered.
	Bound       float64
	LLMAnswered int64
}

// Err is the first failure: a phase error, lost records or order inversions.
func (r *Report) Err() error {
	for _, o := range r.Outcomes {
		switch {
		case o.Err != "":
			return fmt.Errorf("bench: %s: %s", o.Kind, o.Err)
		case o.Verdict != nil && !o.Verdict.OK():
			return fmt.Errorf("bench: %s: %s", o.Kind, o.Verdict)
		}
	}
	return nil
}

// Run performs the bench. It returns an error when it cannot set up
// (broker, topics, seeding); a phase's failure is in the report (Err).
func Run(ctx context.Context, o Options) (*Report, error) {
	rep := &Report{Options: o, Started: time.Now()}
	cfg := o.Config
	if len(cfg.Kafka.Brokers) == 0 {
		fake, err := kafkatest.NewFake(kfake.DefaultNumPartitions(o.Partitions))
		if err != nil {
			return nil, fmt.Errorf("bench: start the embedded broker: %w", err)
		}
		defer fake.Close()
		cfg.Kafka.Brokers, cfg.Kafka.TLS, cfg.Kafka.SASL = fake.ListenAddrs(), config.Default().Kafka.TLS, config.Default().Kafka.SASL
		rep.Broker = "embedded kfake at " + cfg.Kafka.Brokers[0]
	} else {
		rep.Broker = fmt.Sprintf("%v", []string(cfg.Kafka.Brokers))
	}
	cluster, err := cfg.Kafka.Cluster()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if o.LLM {
		srv, url, stop, err := llmSim(o.LLMLatency)
		if err != nil {
			return nil, err
		}
		defer stop()
		cfg.LLM.BaseURL, cfg.LLM.Model, cfg.LLM.CacheSize, cfg.LLM.MinConfidence, cfg.LLM.RPM = url, "llmsim", 0, 0, o.RPM
		rep.Bound = Bound(o.LLMConcurrency, o.LLMLatency, o.RPM)
		defer func() { rep.LLMAnswered = srv.Stats().OK }()
	}
	run := runID()
	b := &run1{o: o, cfg: cfg, c: cluster, id: run, rep: rep}
	if o.Rate > 0 {
		return rep, b.paced(ctx)
	}
	return rep, b.backlog(ctx)
}

// llmSim starts the simulator answering from the embedded rules at a
// fixed latency, without faults.
func llmSim(latency time.Duration) (*llmsim.Server, string, func(), error) {
	rs, err := rules.Default()
	if err != nil {
		return nil, "", nil, fmt.Errorf("bench: rules: %w", err)
	}
	cfg := llmsim.Config{Model: "llmsim", Latency: llmsim.Dist{Min: latency, Median: latency, P99: latency}, Seed: 1}
	srv, url, stop, err := llmsim.Start(cfg, sim.RulesAnswerer(rs))
	if err != nil {
		return nil, "", nil, fmt.Errorf("bench: LLM simulator: %w", err)
	}
	return srv, url, stop, nil
}

func runID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
