package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rediscache"
	"github.com/triage/triage/processors/rules"
)

// cacheRig is an LLM simulator answering from the default rules, and the
// hooks' record of cache lookups and store errors.
type cacheRig struct {
	t   *testing.T
	sim *llmsim.Server
	cfg config.LLM

	mu      sync.Mutex
	results []string // processor/result
	errs    []string // processor/op
}

func newCacheRig(t *testing.T) *cacheRig {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, url, stop, err := llmsim.Start(llmsim.Config{Model: "sim-model"}, sim.RulesAnswerer(rs))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	cfg := config.Default().LLM
	cfg.BaseURL, cfg.Model, cfg.MinConfidence, cfg.MaxRetries = url, "sim-model", 0, 0
	return &cacheRig{t: t, sim: s, cfg: cfg}
}

// processor builds the cascade of task over rs with store as its cache,
// logging to log (discarded when nil).
func (r *cacheRig) processor(task string, rs *rules.Rules, store processors.Store, log *slog.Logger) processors.Processor {
	r.t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e, err := newEngines(r.cfg, rs, log, Hooks{
		OnCache: func(p, result string) { r.mu.Lock(); r.results = append(r.results, p+"/"+result); r.mu.Unlock() },
		OnCacheError: func(p, op string) {
			r.mu.Lock()
			r.errs = append(r.errs, p+"/"+op)
			r.mu.Unlock()
		},
	})
	if err != nil {
		r.t.Fatal(err)
	}
	rulesProc, newLLM := processors.Processor(rules.NewRouter(rs)), e.router()
	if task == "extract" {
		rulesProc, newLLM = rules.NewExtractor(rs), e.extractor()
	}
	p, _, err := e.build(task, rulesProc, newLLM, processors.Timeout(time.Minute), store)
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

func (r *cacheRig) decide(p processors.Processor, in processors.Input) processors.Output {
	r.t.Helper()
	out, err := p.Process(context.Background(), in)
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

func (r *cacheRig) seen() (results, errs []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.results), slices.Clone(r.errs)
}

var chargedTwice = processors.Input{Kind: processors.KindTicket, ID: "T-1", Subject: "Charged twice for my subscription", Body: "My card was charged twice this month, please refund the duplicate payment."}

// Two deployments sharing one Redis (same key prefix) and the same rules
// version, one with a queue less: the second never gets the first's entry
// (issue 9: the key ignored the queue set).
func TestCacheKeySeparatesQueueSets(t *testing.T) {
	r := newCacheRig(t)
	mr := miniredis.RunT(t)
	r.cfg.CacheBackend, r.cfg.RedisAddr, r.cfg.RedisPrefix = "redis", mr.Addr(), "shared:"
	store := func() processors.Store {
		s, closer, err := answerStore(r.cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = closer.Close() })
		return s
	}
	rs, _ := rules.Default()
	fewer := *rs
	fewer.Router.Queues = slices.DeleteFunc(slices.Clone(rs.Router.Queues), func(q string) bool { return q == "technical" })
	if len(fewer.Router.Queues) == len(rs.Router.Queues) || fewer.Version() != rs.Version() {
		t.Fatalf("test setup: queues %v, versions %s %s", fewer.Router.Queues, fewer.Version(), rs.Version())
	}
	a, b := r.processor("route", rs, store(), nil), r.processor("route", &fewer, store(), nil)
	sources := []string{r.decide(a, chargedTwice).Provenance.Source, r.decide(a, chargedTwice).Provenance.Source, r.decide(b, chargedTwice).Provenance.Source}
	if strings.Join(sources, ",") != "llm,cache,llm" || r.sim.Stats().Requests != 2 {
		t.Fatalf("sources %v with %d LLM calls; want llm,cache,llm: the other queue set must not share the entry", sources, r.sim.Stats().Requests)
	}
	if len(mr.Keys()) != 2 {
		t.Errorf("redis keys %v, want one per queue set", mr.Keys())
	}
}

// poisonStore answers every get with one stored entry.
type poisonStore struct{ entry string }

func (p poisonStore) Get(context.Context, string) ([]byte, bool, error) {
	return []byte(p.entry), true, nil
}
func (poisonStore) Set(context.Context, string, []byte, time.Duration) error { return nil }

// A stored answer is re-validated like a fresh one: one naming a queue that
// is not configured, or an item that is not in the email, is a miss
// (counted invalid) and never published (issue 9).
func TestCacheHitIsRevalidated(t *testing.T) {
	r := newCacheRig(t)
	rs, _ := rules.Default()
	route := r.processor("route", rs, poisonStore{`{"route":{"queue":"vip-lane"},"provenance":{"source":"llm","engine_version":"v","model":"sim-model"},"answer":"{\"queue\":\"vip-lane\",\"confidence\":0.99}"}`}, nil)
	if out := r.decide(route, chargedTwice); out.Provenance.Source != processors.SourceLLM || out.Decision.(*processors.Route).Queue == "vip-lane" {
		t.Errorf("route: served %+v %+v", out.Decision, out.Provenance)
	}
	order := `{"is_order":true,"order_ref":null,"currency":null,"items":[{"product":"Gold Bars","sku":null,"quantity":9,"unit_price":null}],"confidence":0.99}`
	extract := r.processor("extract", rs, poisonStore{`{"order":{"is_order":true,"items":[{"product":"Gold Bars","quantity":9}]},"provenance":{"source":"llm","engine_version":"v"},"answer":` + jsonString(t, order) + `}`}, nil)
	out := r.decide(extract, processors.Input{Kind: processors.KindEmail, ID: "m1", Subject: "Order", Body: "Please send 2 x Blue Widget (SKU BW-01) at $4.00 each"})
	if o := out.Decision.(*processors.Order); out.Provenance.Source != processors.SourceLLM || len(o.Items) == 0 || o.Items[0].Product == "Gold Bars" {
		t.Errorf("extract: served %+v %+v", out.Decision, out.Provenance)
	}
	if results, _ := r.seen(); strings.Join(results, ",") != "route/invalid,extract/invalid" || r.sim.Stats().Requests != 2 {
		t.Errorf("lookups %v, LLM calls %d; want each invalid hit counted and decided by the LLM", results, r.sim.Stats().Requests)
	}
}

func jsonString(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Errors of a Redis that went away are counted per operation and logged
// without a line per record; the LLM decides (issue 9: they were swallowed).
func TestCacheStoreErrorsAreCountedAndLogged(t *testing.T) {
	r := newCacheRig(t)
	rs, _ := rules.Default()
	mr := miniredis.RunT(t)
	down, err := rediscache.New(rediscache.Options{Addr: mr.Addr()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = down.Close() })
	mr.Close()
	var logged lines
	p := r.processor("route", rs, down, slog.New(&logged))
	for range 3 {
		if out := r.decide(p, chargedTwice); out.Provenance.Source != processors.SourceLLM {
			t.Fatalf("source %s", out.Provenance.Source)
		}
	}
	results, errs := r.seen()
	if strings.Join(errs, ",") != "route/get,route/set,route/get,route/set,route/get,route/set" || strings.Join(results, ",") != "route/miss,route/miss,route/miss" {
		t.Fatalf("errors %v, lookups %v", errs, results)
	}
	if got := logged.messages(); len(got) != 2 || !strings.Contains(got[0], "op=get") || !strings.Contains(got[1], "op=set") || !strings.Contains(got[0], "err=rediscache: get") {
		t.Errorf("log lines %q, want one per operation within the interval", got)
	}
}

// The rate limit of the store error log: once per interval and operation,
// saying how many were not logged.
func TestStoreErrorLogInterval(t *testing.T) {
	var logged lines
	l := newStoreErrorLog(slog.New(&logged), time.Minute)
	now := time.Unix(0, 0)
	l.now = func() time.Time { return now }
	for range 5 {
		l.report("route", "get", errors.New("down"))
	}
	now = now.Add(time.Minute)
	l.report("route", "get", errors.New("down"))
	got := logged.messages()
	if len(got) != 2 || !strings.Contains(got[0], "not_logged_since_last=0") || !strings.Contains(got[1], "not_logged_since_last=4") {
		t.Errorf("log lines %q", got)
	}
}

// lines is a slog.Handler keeping each record as "msg key=value ...".
type lines struct {
	mu  sync.Mutex
	got []string
}

func (l *lines) Enabled(context.Context, slog.Level) bool { return true }
func (l *lines) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.String()); return true })
	l.mu.Lock()
	defer l.mu.Unlock()
	if r.Level >= slog.LevelWarn {
		l.got = append(l.got, b.String())
	}
	return nil
}
func (l *lines) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *lines) WithGroup(string) slog.Handler      { return l }
func (l *lines) messages() []string                 { l.mu.Lock(); defer l.mu.Unlock(); return slices.Clone(l.got) }
