package demo

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/pipeline"
)

// Options tune a demo run.
type Options struct {
	Partitions int           // per topic (default 3)
	Timeout    time.Duration // for the whole run (default 60s)
	Full       bool          // print every event as JSON, not one line each
	LLMSim     bool          // decide with a simulated LLM, then simulate an outage
	Logger     *slog.Logger  // the service's own log (default: discarded)
	Version    string
}

// Summary is what a demo run produced.
type Summary struct {
	Inputs       int
	Routed       map[string]int // by queue
	Orders       int            // emails with is_order true
	Items        int
	Grounded     int // items resolved to a catalog SKU (rules.catalog: the sample catalog)
	Unknown      int // items flagged unknown_product
	NotOrders    int
	DeadLettered map[string]int // by reason
	BySource     map[string]int // "source/fallback_reason", e.g. "llm/", "rules/breaker_open"
	Tokens       int            // prompt plus completion tokens spent
	CostUSD      float64
	Mismatches   []string // dead letters whose reason differs from the sample's expectation
}

// Run starts an in-process broker, creates the topics, publishes the
// samples, runs the real pipeline on them, prints each output to w as it
// arrives and a summary at the end, and stops everything. It returns an
// error when not every sample produced exactly one output in time.
func Run(ctx context.Context, w io.Writer, o Options) (Summary, error) {
	if o.Partitions == 0 {
		o.Partitions = 3
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	cluster, err := kafkatest.NewFake(kfake.DefaultNumPartitions(o.Partitions))
	if err != nil {
		return Summary{}, fmt.Errorf("demo: start embedded broker: %w", err)
	}
	defer cluster.Close()
	cfg := config.Default()
	cfg.Kafka.Brokers = cluster.ListenAddrs()
	cfg.Kafka.GroupID = "triage-demo"
	cfg.Kafka.ShutdownTimeout = 5 * time.Second
	// rules.catalog is a file; where no temporary file can be written (a
	// read-only root with no /tmp, as in the container image) the demo
	// runs without the catalog and says so.
	catalogPath, removeCatalog, catalogErr := writeCatalog()
	if catalogErr == nil {
		defer removeCatalog()
		cfg.Rules.Catalog = catalogPath
	}
	t := cfg.Topics
	if err := kafkatest.CreateTopics(ctx, cfg.Kafka.Brokers, o.Partitions, t.Emails, t.Tickets, t.Orders, t.Routed, t.DLQ); err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	ss, err := Samples()
	if err != nil {
		return Summary{}, err
	}
	var drill *llmDrill
	if o.LLMSim {
		if drill, err = startDrill(&cfg, o.Logger); err != nil {
			return Summary{}, err
		}
		defer drill.stop()
	}
	p, err := pipeline.Build(cfg, o.Logger, o.Version, drill.hooks())
	if err != nil {
		return Summary{}, err
	}
	defer p.Close()
	fmt.Fprintf(w, "triage demo: embedded Kafka broker at %s, rules %s\n", cfg.Kafka.Brokers[0], p.Rules.Version())
	if catalogErr != nil {
		fmt.Fprintf(w, "catalog: none (%v): items are not grounded\n", catalogErr)
	} else {
		fmt.Fprintf(w, "catalog: the sample catalog (rules.catalog, internal/demo/samples/catalog.csv): items resolve to SKUs or are flagged unknown\n")
	}
	if drill != nil {
		fmt.Fprintf(w, "LLM: SIMULATED OpenAI-compatible server at %s (model %s, answers from the rules engine)\n", cfg.LLM.BaseURL, cfg.LLM.Model)
	} else {
		fmt.Fprintf(w, "LLM: none configured, rules decide (fallback_reason llm_disabled); try --llm-sim\n")
	}

	runCtx, stopRunner := context.WithCancel(ctx)
	runErr := make(chan error, 1)
	go func() { runErr <- p.Run(runCtx) }()
	stop := func() error { stopRunner(); return <-runErr }

	pr := newPrinter(w, o.Full, ss)
	outs := kafkatest.Tail(ctx, cfg.Kafka.Brokers, o.Partitions, t.Routed, t.Orders, t.DLQ)
	phase := func(title string) error {
		fmt.Fprintf(w, "\n== %s: publishing %d records to %s and %s (%d meant for the dead-letter topic)\n\n", title, len(ss), t.Emails, t.Tickets, countBad(ss))
		if err := kafkatest.Produce(ctx, cfg.Kafka.Brokers, messages(ss, t.Emails, t.Tickets)...); err != nil {
			return fmt.Errorf("demo: publish samples: %w", err)
		}
		pr.sum.Inputs += len(ss)
		for got := 0; got < len(ss); got++ {
			select {
			case m := <-outs:
				if err := pr.print(m, m.Topic == t.DLQ); err != nil {
					return err
				}
			case <-ctx.Done():
				return fmt.Errorf("demo: %s: only %d of %d outputs within %s", title, got, len(ss), o.Timeout)
			}
		}
		return nil
	}
	err = phase("samples")
	if err == nil && drill != nil {
		drill.outage(w)
		err = phase("samples again, during the outage")
	}
	if err != nil {
		_ = stop()
		return pr.sum, err
	}
	if err := stop(); err != nil {
		return pr.sum, err
	}
	pr.summary(p.Runner.Stats())
	drill.summary(w, pr.sum)
	if len(pr.sum.Mismatches) > 0 {
		return pr.sum, fmt.Errorf("demo: unexpected dead-letter reasons: %v", pr.sum.Mismatches)
	}
	return pr.sum, nil
}

func countBad(ss []Sample) int {
	n := 0
	for _, s := range ss {
		if s.WantReason != "" {
			n++
		}
	}
	return n
}

// sorted returns "k n, k n" for a count map, largest first.
func sorted(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %d", k, m[k])
	}
	return s
}
