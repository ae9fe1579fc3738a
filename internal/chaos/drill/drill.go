package drill

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/triage/triage/internal/chaos"
	"github.com/triage/triage/internal/kafkatest"
)

// Options are the knobs of a drill run (see the drill command's flags).
type Options struct {
	Bin        string   // the triage binary
	KafkaSH    string   // deploy/kafka/kafka.sh, for the broker outage
	Brokers    []string // the real broker
	Dir        string   // work directory: configs, logs, reports
	HostileDir string   // internal/pipeline/testdata

	Records    int // records per scenario (LLM scenarios take at most LLMRecords)
	LLMRecords int
	Keys       int
	Partitions int
	Kills      int           // SIGKILLs in the kill scenario
	BrokerStop time.Duration // broker outage
	Slow       time.Duration // how long the slow record's LLM call is held
	Feed       time.Duration // span over which records are published while faults happen
	Drain      time.Duration // how long to wait for the group to reach the end offsets
	ReadyBound time.Duration // an instance must turn unready this soon after the broker stops

	MaxInFlight     int
	CheckpointLimit int // kafka.checkpoint_limit, if the binary accepts it
	Bound           int // duplicates allowed per crash; 0: CheckpointLimit × partitions (or MaxInFlight)
	SampleEvery     time.Duration
	Seed            uint64
	KeepTopics      bool      // keep each scenario's topics (default: deleted once checked)
	Out             io.Writer // progress lines
}

// Drill is one scenario's run: fresh topics, a group, its instances.
type Drill struct {
	Opt       Options
	Name      string
	Topo      chaos.Topology
	Topics    map[string]string
	Settings  Settings
	Corpus    *Corpus
	Rng       *rand.Rand
	Instances []*Instance
	Proxy     *Proxy // the LLM proxy, when the scenario uses the LLM
	sim       *Proc  // the LLM simulator, when the scenario uses the LLM

	crashes  int
	notes    []string
	problems []string
	mu       sync.Mutex
	dir      string
	config   string
	bound    int
	start    time.Time
}

// Logf prints a progress line prefixed with the scenario and elapsed time.
func (d *Drill) Logf(format string, args ...any) {
	el := time.Duration(0)
	if !d.start.IsZero() {
		el = time.Since(d.start).Round(100 * time.Millisecond)
	}
	fmt.Fprintf(d.Opt.Out, "[%s %6s] %s\n", d.Name, el, fmt.Sprintf(format, args...))
}

// Note records an observation for the report.
func (d *Drill) Note(format string, args ...any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.notes = append(d.notes, fmt.Sprintf(format, args...))
	d.Logf("note: "+format, args...)
}

// Problem records a failed drill-specific check (e.g. readiness).
func (d *Drill) Problem(format string, args ...any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.problems = append(d.problems, fmt.Sprintf(format, args...))
	d.Logf("PROBLEM: "+format, args...)
}

// Crashed counts one crash towards the duplicate allowance.
func (d *Drill) Crashed() {
	d.mu.Lock()
	d.crashes++
	d.mu.Unlock()
}

// newDrill creates the scenario's topics and directory; llm is the
// simulator's proxy URL ("" for rules only).
func newDrill(ctx context.Context, opt Options, name, run string, corpus *Corpus, tune func(*Settings)) (*Drill, error) {
	d := &Drill{Opt: opt, Name: name, Corpus: corpus, Rng: rand.New(rand.NewPCG(opt.Seed, uint64(len(name)))),
		dir: filepath.Join(opt.Dir, name)}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return nil, fmt.Errorf("drill: %w", err)
	}
	if err := waitCoordinator(ctx, opt.Brokers, 2*time.Minute); err != nil {
		return nil, err
	}
	prefix := fmt.Sprintf("chaos.%s.%s", run, name)
	d.Topics = map[string]string{}
	for _, t := range []string{"emails", "tickets", "orders", "routed", "dlq"} {
		d.Topics[t] = prefix + "." + t
	}
	d.Topo = chaos.Topology{Brokers: opt.Brokers, Group: prefix,
		Inputs: []string{d.Topics["emails"], d.Topics["tickets"]}, Outputs: []string{d.Topics["orders"], d.Topics["routed"]},
		DLQ: d.Topics["dlq"]}
	if err := kafkatest.CreateTopics(ctx, opt.Brokers, opt.Partitions, prefix+".emails", prefix+".tickets",
		prefix+".orders", prefix+".routed", prefix+".dlq"); err != nil {
		return nil, fmt.Errorf("drill: %w", err)
	}
	d.Settings = Settings{Brokers: opt.Brokers, Group: d.Topo.Group, Topics: d.Topics,
		MaxInFlight: opt.MaxInFlight, CheckpointLimit: opt.CheckpointLimit}
	if tune != nil {
		tune(&d.Settings)
	}
	path, checkpointed, err := WriteConfig(opt.Bin, d.dir, "triage.yaml", d.Settings)
	if err != nil {
		return nil, err
	}
	d.config = path
	d.bound = opt.Bound
	if d.bound == 0 {
		d.bound = opt.MaxInFlight
		if checkpointed {
			d.bound = opt.CheckpointLimit * 2 * opt.Partitions
		}
	}
	if !checkpointed {
		d.Note("the binary refuses kafka.checkpoint_limit: bound per crash is max_in_flight %d", opt.MaxInFlight)
	}
	return d, nil
}

// startDrill is newDrill followed by starting n instances.
func startDrill(ctx context.Context, opt Options, name, run string, corpus *Corpus, n int, tune func(*Settings)) (*Drill, error) {
	d, err := newDrill(ctx, opt, name, run, corpus, tune)
	if err != nil {
		return nil, err
	}
	if err := d.StartInstances(n); err != nil {
		d.stopAll()
		return nil, err
	}
	return d, nil
}

// AddInstance prepares one more "triage run" (not started).
func (d *Drill) AddInstance() (*Instance, error) {
	in, err := NewInstance(d.Opt.Bin, d.config, d.dir, fmt.Sprintf("triage-%d", len(d.Instances)+1))
	if err != nil {
		return nil, err
	}
	d.Instances = append(d.Instances, in)
	return in, nil
}

// StartInstances adds and starts n instances.
func (d *Drill) StartInstances(n int) error {
	for range n {
		in, err := d.AddInstance()
		if err != nil {
			return err
		}
		if err := in.Start(); err != nil {
			return err
		}
		d.Logf("started %s (pid %d, admin %s)", in.Name, in.Pid(), in.Admin)
	}
	return nil
}

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
	return ctx.Err()
}

// Between returns a random duration in [lo, hi].
func (d *Drill) Between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(d.Rng.Int64N(int64(hi-lo)+1))
}
