package drill

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/triage/triage/internal/kafkatest"
)

// Instance is one "triage run" process of a drill, with its own admin port
// so that its /readyz can be polled. Restarting an instance starts a new
// process on the same port and log.
type Instance struct {
	Name   string
	Admin  string // host:port of /metrics, /healthz, /readyz
	bin    string
	config string
	log    string
	*Proc
	Starts   int
	stopping bool // the drill signalled the current process
}

// NewInstance prepares instance name of bin with config file config; its
// log goes to dir/name.log. Start runs it.
func NewInstance(bin, config, dir, name string) (*Instance, error) {
	port, err := kafkatest.FreePort()
	if err != nil {
		return nil, fmt.Errorf("drill: admin port for %s: %w", name, err)
	}
	return &Instance{Name: name, Admin: "127.0.0.1:" + strconv.Itoa(port), bin: bin, config: config,
		log: filepath.Join(dir, name+".log")}, nil
}

// Start starts the process and waits until its admin server answers
// /healthz (not /readyz: an instance without partitions is not ready).
func (in *Instance) Start() error {
	p, err := StartProc(in.Name, in.log, in.bin, "run", "--config", in.config, "--admin.addr", in.Admin)
	if err != nil {
		return err
	}
	in.Proc, in.Starts, in.stopping = p, in.Starts+1, false
	return waitFor(p, time.Minute, "/healthz", func() bool { return httpOK(context.Background(), "http://"+in.Admin+"/healthz") })
}

// Ready reports whether /readyz answers 200.
func (in *Instance) Ready() bool {
	return in.Proc != nil && in.Running() && httpOK(context.Background(), "http://"+in.Admin+"/readyz")
}

// Alive reports whether the process runs.
func (in *Instance) Alive() bool { return in.Proc != nil && in.Running() }

// Kill sends SIGKILL and waits for the process to end.
func (in *Instance) Kill() error {
	in.stopping = true
	if err := in.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	_ = in.Wait(time.Minute) // killed: the exit status says so
	return nil
}

// Term sends SIGTERM and waits up to timeout; it returns the exit error
// (nil for a clean exit 0).
func (in *Instance) Term(timeout time.Duration) error {
	in.stopping = true
	return in.Stop(timeout)
}

// Died reports whether the current process exited without the drill
// signalling it.
func (in *Instance) Died() bool { return in.Proc != nil && !in.Running() && !in.stopping }
