package replay_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/replay"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// A replay over a time window decides exactly the records stamped inside
// it (bad ones dead-lettered), marks every event with the run id and keeps
// the deterministic event id; re-running it with the warm cache makes no
// LLM call and publishes the same ids.
func TestIntegrationReplayTimeWindowThenWarmCache(t *testing.T) {
	e := newEnv(t, 2, nil)
	tickets, _ := e.samples(t, 10)
	base := time.Now().Add(-2 * time.Hour).Truncate(time.Millisecond)
	var want []string
	for i := range tickets {
		tickets[i].Time = base.Add(time.Duration(i) * time.Minute)
		if i >= 3 && i < 7 {
			var tk struct {
				ID string `json:"ticket_id"`
			}
			_ = json.Unmarshal(tickets[i].Value, &tk)
			want = append(want, tk.ID)
		}
	}
	// Timestamps grow with offsets, as with CreateTime from one producer
	// or LogAppendTime: the bad record goes in its place in time.
	bad := kafka.Message{Topic: e.cfg.Topics.Tickets, Key: []byte("bad"), Value: []byte("{not json"), Time: base.Add(5*time.Minute + 30*time.Second)}
	e.b.Produce(t, slices.Insert(slices.Clone(tickets), 6, bad)...)

	p := e.build(t)
	w := replay.Window{Topics: []string{e.cfg.Topics.Tickets}, From: base.Add(3 * time.Minute), To: base.Add(7 * time.Minute)}
	res := e.run(t, p, "run-1", w, nil)
	c := res.Counts
	if c.Published != 4 || c.DeadLettered != 1 || c.SkippedOutside != 0 {
		t.Fatalf("counts %+v: want 4 published, 1 dead-lettered", c)
	}
	calls := e.sim.Stats().Requests
	version := p.Handler.Routes[e.cfg.Topics.Tickets].Spec.Version
	evs := e.events(t, e.cfg.Topics.Routed)
	var got []string
	for _, ev := range evs {
		got = append(got, ev.Subject)
		in := ev.Data.Input
		if id := pipeline.EventID(in.Topic, in.Partition, in.Offset, "route", version); ev.ID != id {
			t.Errorf("event id %s, want the deterministic %s", ev.ID, id)
		}
		if ev.Replay != "run-1" || ev.header[pipeline.HeaderReplay] != "run-1" || ev.source() != "llm/" {
			t.Errorf("event %s: replay %q header %q source %s", ev.ID, ev.Replay, ev.header[pipeline.HeaderReplay], ev.source())
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("replayed %v, want exactly the window's %v", got, want)
	}
	dl := e.b.ReadAll(t, e.cfg.Topics.DLQ)
	if len(dl) != 1 || string(dl[0].Headers[0].Value) != "invalid_json" {
		t.Errorf("dead letters %v, want one invalid_json", dl)
	}

	res = e.run(t, p, "run-2", w, nil)
	var again []event
	for _, ev := range e.events(t, e.cfg.Topics.Routed) {
		if ev.Replay == "run-2" {
			again = append(again, ev)
		}
	}
	t.Logf("window replay: %+v; LLM calls first run %d, warm rerun %d", res.Counts, calls, e.sim.Stats().Requests-calls)
	if n := e.sim.Stats().Requests - calls; n != 0 {
		t.Errorf("warm-cache rerun made %d LLM calls, want 0", n)
	}
	if len(again) != 4 {
		t.Fatalf("rerun published %d events, want 4", len(again))
	}
	for i, ev := range again {
		if ev.source() != "cache/" || ev.Replay != "run-2" || !slices.ContainsFunc(evs, func(o event) bool { return o.ID == ev.ID }) {
			t.Errorf("rerun event %d: id %s source %s replay %s; want a first-run id from the cache", i, ev.ID, ev.source(), ev.Replay)
		}
	}
}

// After an LLM outage left rules fallbacks, --only-fallback with the LLM
// back redecides only those, publishes a superseding event (new id,
// supersedes = the fallback's id) where the decision changed and nothing
// where it did not; a rerun with the warm cache costs no LLM call and
// supersedes nothing twice. Both events.mode layouts: the index reads
// binary events as well as structured ones.
func TestIntegrationReplayOnlyFallbackSupersedesAfterOutage(t *testing.T) {
	for _, mode := range []string{"structured", "binary"} {
		t.Run(mode, func(t *testing.T) { onlyFallbackSupersedes(t, mode) })
	}
}

func onlyFallbackSupersedes(t *testing.T, mode string) {
	// The "LLM" routes every ticket to "other": it disagrees with the rules
	// on every ticket the rules send elsewhere.
	e := newEnv(t, 2, func(rs *rules.Rules) llmsim.Answerer {
		return func(task, system, user string) (json.RawMessage, error) {
			if task == llmsim.TaskRoute {
				return json.RawMessage(`{"queue":"other","confidence":0.9}`), nil
			}
			return simRules(rs)(task, system, user)
		}
	})
	e.cfg.LLM.BreakerFailures, e.cfg.LLM.BreakerOpenFor = 3, time.Hour
	e.cfg.Events.Mode = mode
	tickets, emails := e.samples(t, 8)
	e.b.Produce(t, append(tickets, emails...)...)
	w := replay.Window{Topics: []string{e.cfg.Topics.Tickets, e.cfg.Topics.Emails}}

	e.sim.SetConfig(func() llmsim.Config { c := e.sim.Config(); c.ErrorRate = 1; return c }())
	e.run(t, e.build(t), "outage", w, nil) // publishes like the live service would during the outage
	first := e.events(t, e.cfg.Topics.Routed, e.cfg.Topics.Orders)
	byCoord := map[string]event{}
	reasons := map[string]int{}
	for _, ev := range first {
		byCoord[ev.coord()] = ev
		reasons[ev.source()]++
	}
	if reasons["rules/upstream_error"] == 0 || reasons["rules/upstream_error"]+reasons["rules/breaker_open"] != 16 {
		t.Fatalf("outage events %v: want 16 rules fallbacks", reasons)
	}

	e.sim.SetConfig(func() llmsim.Config { c := e.sim.Config(); c.ErrorRate = 0; return c }())
	p := e.build(t) // a new process: breaker closed
	diff := replay.NewDiff()
	res := e.run(t, p, "heal", w, func(c *replay.Config) { c.OnlyFallback, c.Index, c.Diff = true, e.index(t), diff })
	calls := e.sim.Stats().Requests
	var sup []event
	for _, ev := range e.events(t, e.cfg.Topics.Routed, e.cfg.Topics.Orders) {
		if ev.Replay == "heal" {
			sup = append(sup, ev)
		}
	}
	wantTickets := 0
	for _, ev := range first {
		var r struct{ Queue string }
		if ev.Type == pipeline.TypeRouted && json.Unmarshal(ev.Data.Decision, &r) == nil && r.Queue != "other" {
			wantTickets++
		}
	}
	gotTickets := 0
	for _, ev := range sup {
		old := byCoord[ev.coord()]
		if ev.Supersedes != old.ID || ev.ID == old.ID || ev.source() != "llm/" || ev.Replay != "heal" {
			t.Errorf("superseding event %s: supersedes %q (want %s), source %s, replay %q", ev.ID, ev.Supersedes, old.ID, ev.source(), ev.Replay)
		}
		if ev.Type == pipeline.TypeRouted {
			gotTickets++
		}
	}
	c := res.Counts
	t.Logf("only-fallback: %+v; diff %d compared %d changed; %d LLM calls", c, diff.Compared, diff.Changed, calls)
	if gotTickets != wantTickets || int64(len(sup)) != c.Published || c.Published+c.Unchanged != 16 || diff.Changed != len(sup) {
		t.Errorf("superseded %d tickets (want %d), %d events; counts %+v; diff changed %d", gotTickets, wantTickets, len(sup), c, diff.Changed)
	}

	res = e.run(t, p, "heal-again", w, func(c *replay.Config) { c.OnlyFallback, c.Index = true, e.index(t) })
	if n := e.sim.Stats().Requests - calls; n != 0 || res.Counts.Published != 0 || res.Counts.SkippedNotFallback != int64(len(sup)) {
		t.Errorf("rerun: %d LLM calls, counts %+v; want 0 calls, nothing published, %d skipped", n, res.Counts, len(sup))
	}
}
