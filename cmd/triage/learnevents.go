package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/learn"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/replay"
	"github.com/triage/triage/processors"
)

// eventFlags choose a window of published events, for triage learn and
// triage rules suggest; the configuration (--config and every setting's
// flag) is read only when --events is given.
type eventFlags struct {
	events          bool
	from, to, topic string
	stall           time.Duration
	humanWeight     float64
	cfgPath         *string
	overrides       config.Overrides
}

func bindEventFlags(fs *flag.FlagSet, what string) *eventFlags {
	f := &eventFlags{}
	fs.BoolVar(&f.events, "events", false, "read "+what+" from the published events (brokers, topics and security from the configuration)")
	fs.StringVar(&f.from, "from", "", "with --events: first event timestamp, RFC 3339 (inclusive; default: the beginning)")
	fs.StringVar(&f.to, "to", "", "with --events: end timestamp, RFC 3339 (exclusive; default: the end offsets at start)")
	fs.StringVar(&f.topic, "topic", "", "with --events: the output topic to read (default: the configured one)")
	fs.DurationVar(&f.stall, "stall-timeout", replay.DefaultStallTimeout, "with --events: fail (exit 1) when a partition's read does not move for this long")
	fs.Float64Var(&f.humanWeight, "human-weight", 3, "weight of a person's correction (source human; --corrections files too) against 1 for an LLM decision")
	f.cfgPath, f.overrides = config.BindFlags(fs)
	return f
}

// window loads the configuration and says which events to read: the
// configured topics.routed (route) or topics.orders unless --topic, between
// --from and --to. An error is a usage or configuration error (exit 2).
func (f *eventFlags) window(lookup func(string) (string, bool), route bool) (learn.Window, config.Config, error) {
	cfg, err := config.Load(*f.cfgPath, lookup, f.overrides)
	if err != nil {
		return learn.Window{}, cfg, err
	}
	w := learn.Window{Topic: cfg.Topics.Orders, Type: pipeline.TypeOrder, Kind: processors.KindEmail,
		HumanWeight: f.humanWeight, MaxBytes: max(16<<20, 2*cfg.Limits.MaxMessageBytes), Stall: f.stall}
	if route {
		w.Topic, w.Type, w.Kind = cfg.Topics.Routed, pipeline.TypeRouted, processors.KindTicket
	}
	if f.topic != "" {
		w.Topic = f.topic
	}
	for _, t := range []struct {
		name, v string
		at      *time.Time
	}{{"--from", f.from, &w.From}, {"--to", f.to, &w.To}} {
		if t.v == "" {
			continue
		}
		if *t.at, err = time.Parse(time.RFC3339, t.v); err != nil {
			return w, cfg, fmt.Errorf("%s %q: want RFC 3339, e.g. 2026-11-27T09:00:00Z", t.name, t.v)
		}
	}
	w.Cluster, err = cfg.Kafka.Cluster()
	return w, cfg, err
}

// decisions reads the kept decisions of the window (see window and
// learn.ReadDecisions) and the output topic read; it sets *rulesFile to
// the configured rules.file when empty. code is 0, or the exit code of a
// failure said on stderr: 2 usage or configuration, 1 reading.
func (f *eventFlags) decisions(ctx context.Context, lookup func(string) (string, bool), stderr io.Writer, cmd string, route bool, rulesFile *string) (ds []learn.Decision, skipped map[string]int, topic string, code int) {
	w, cfg, err := f.window(lookup, route)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return nil, nil, "", 2
	}
	if *rulesFile == "" {
		*rulesFile = cfg.Rules.File
	}
	ds, skipped, err = learn.ReadDecisions(ctx, w)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, nil, "", 1
	}
	return ds, skipped, w.Topic, 0
}
